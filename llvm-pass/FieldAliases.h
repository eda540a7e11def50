// FieldAliases.h - field aliases: pointers into a wrapped object's fields
// (not the object).  One a function holds puts the type into its
// updateability summary; one it returns is held by its callers (manifest
// "returns_field_alias"); one that may outlive it pins the type (manifest
// "pinned_types", docs/manifest.md section 2).
#ifndef DSU_PASS_FIELDALIASES_H
#define DSU_PASS_FIELDALIASES_H

#include "TUInfo.h"
#include "WrappedTypes.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace llvm {
class Constant;
class Instruction;
class Module;
class StructType;
class Type;
class Use;
} // namespace llvm

namespace dsu {

/// Finds the field aliases of the program functions and global initialisers
/// of M, the module Info was collected from (computeUpdateability calls it;
/// see Updateability.h for when).  Field names in the pins' reasons come
/// from the plugin's type records (Info.TypesJSON).
class FieldAliases {
public:
  FieldAliases(const llvm::Module &M, TUInfo &Info, const WrappedTypes &WT);

  /// Wrapped types R holds a field alias of (into Held); pins into
  /// Info.PinnedTypes those that may outlive R, and lists in R.ReturnsAlias
  /// those R returns.
  void scanFunction(FunctionRecord &R, std::set<std::string> &Held);

  /// A program global initialised with the address of a field pins the
  /// type.
  void scanInitialiser(const GlobalRecord &G);

private:
  /// Field K of wrapped type W (IR type ST).
  struct FieldRef {
    const WrappedType *W;
    llvm::StructType *ST;
    unsigned K;
  };

  const llvm::Module &M;
  TUInfo &Info;
  const WrappedTypes &WT;
  /// The C field names of the plugin's type records, by byte offset.
  llvm::StringMap<std::map<uint64_t, std::string>> FieldNames;

  std::string where(const llvm::Instruction *I, const llvm::Instruction *Fallback) const;
  std::string fieldName(const FieldRef &F) const;
  void pin(const FieldRef &F, llvm::StringRef How, const std::string &Where);
  void fieldsAt(llvm::Type *T, uint64_t Off, llvm::SmallVectorImpl<FieldRef> &Out) const;
  void constantFields(const llvm::Constant *C, llvm::SmallVectorImpl<FieldRef> &Out) const;
  void aliases(llvm::ArrayRef<FieldRef> Refs, llvm::ArrayRef<llvm::Use *> Start, const llvm::Instruction *At,
               std::set<std::string> &Held);
};

} // namespace dsu

#endif
