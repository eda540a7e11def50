// FunctionHash.h - hashes of functions and global initialisers that ignore
// debug info, metadata, local names and the numbering of private constants.
#ifndef DSU_PASS_FUNCTIONHASH_H
#define DSU_PASS_FUNCTIONHASH_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace llvm {
class Constant;
class Function;
class GlobalVariable;
} // namespace llvm

namespace dsu {

/// Hash of F's body and prototype, 16 hex digits.  TUId gives statics their
/// identity ("TUID:name"), so must be the same for both versions compared.
std::string hashFunction(const llvm::Function &F, llvm::StringRef TUId);

/// init_hash of a global: "0" when zero-initialised, else the hash of the
/// initialiser (same rules as hashFunction).
std::string hashInitializer(const llvm::GlobalVariable &GV, llvm::StringRef TUId);

/// Number of IR instructions of F, debug intrinsics excluded.
unsigned countInstructions(const llvm::Function &F);

} // namespace dsu

#endif
