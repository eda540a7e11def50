// Naming.h - TU id, TU hash, identities and the symbol names of
// docs/manifest.md section 1.
#ifndef DSU_PASS_NAMING_H
#define DSU_PASS_NAMING_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace llvm {
class GlobalValue;
class Module;
} // namespace llvm

namespace dsu {

/// 16 lowercase hex digits of V (the form every dsu hash is written in).
std::string hex16(uint64_t V);

/// xxh3_64 of S as 16 hex digits; equal to libxxhash's XXH3_64bits.
std::string hashHex(llvm::StringRef S);

/// Path made relative to the source root when it lies below it, else as is.
std::string relativeToRoot(llvm::StringRef Path);

/// The file of a debug-info scope (a function, a location), named like TU
/// ids.  Clang may split an absolute path into a directory (the common
/// prefix of the source and the working directory, as in CMake builds) and
/// a filename relative to it, so the two are joined unless the directory
/// is the working directory.
std::string debugFileId(llvm::StringRef Directory, llvm::StringRef Filename);

/// The TU id of M: -dsu-tu-id, else the source file relative to the root.
std::string computeTUId(const llvm::Module &M);

/// True for the dsu runtime's own interface (dsu_*, __dsu_*): never slotted.
bool isRuntimeName(llvm::StringRef Name);

/// True when a global of this name belongs to the compiler or dsu (llvm.*,
/// __dsu_*), so it is not a program global.
bool isCompilerGlobalName(llvm::StringRef Name);

/// Identity: the name if external, "TUID:name" if it has local linkage.
/// Must be called with the IR name (before statics are exported).
std::string identity(const llvm::GlobalValue &GV, llvm::StringRef TUId);

/// Exported symbol: the IR name, or __dsu_s.TUH.name for a static.
std::string exportedName(llvm::StringRef IRName, llvm::StringRef TUH, bool IsStatic);

inline std::string slotName(llvm::StringRef Sym) { return "__dsu_slot." + Sym.str(); }
inline std::string entryName(llvm::StringRef Sym) { return "__dsu_entry." + Sym.str(); }

} // namespace dsu

#endif

namespace dsu {

/// Gives GV the name Name.  A declaration already holding that name (the
/// program named a slot or an exported static itself, e.g. with an asm
/// label) is replaced by GV; a definition is an error.  Returns false then.
bool claimName(llvm::GlobalValue &GV, llvm::StringRef Name);

} // namespace dsu
