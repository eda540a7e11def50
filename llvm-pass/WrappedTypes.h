// WrappedTypes.h - the wrapped struct types of a TU (docs/type-wrapping.md):
// IR name, C name, layout id and size.  Build mode reads them from the clang
// plugin's type records and records them as !dsu.wrapped before the bitcode
// is taken; patch mode (whose bitcode has no plugin records) reads them back.
#ifndef DSU_PASS_WRAPPEDTYPES_H
#define DSU_PASS_WRAPPEDTYPES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/DerivedTypes.h"
#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Module;
class StructType;
class Type;
} // namespace llvm

namespace dsu {

struct WrappedType {
  std::string IRName; ///< "struct.conn" (no %); empty when the plugin gave none
  std::string CName;  ///< "struct conn" or a typedef name
  uint32_t ID = 0;    ///< layout id this TU is compiled for (the tag value)
  uint64_t Size = 0;  ///< wrapped sizeof
  llvm::StructType *ST = nullptr; ///< the IR type, when the module has it
  /// Descriptor symbol: __dsu_type.s.<tag> or __dsu_type.t.<typedef>.
  std::string descName() const;
};

class WrappedTypes {
public:
  /// Build mode: the wrapped records of the plugin's "types" JSON array.
  /// Err names the record at fault (a wrapped type without a layout id).
  bool readJSON(llvm::Module &M, llvm::StringRef TypesJSON, std::string &Err);
  /// Replaces !dsu.wrapped of M by these types.
  void writeMetadata(llvm::Module &M) const;
  /// Reads !dsu.wrapped (absent: no types).  Err on a malformed entry.
  bool readMetadata(llvm::Module &M, std::string &Err);

  bool empty() const { return Types.empty(); }
  const std::vector<WrappedType> &all() const { return Types; }
  const WrappedType *byStruct(const llvm::Type *T) const;
  const WrappedType *byCName(llvm::StringRef Name) const;

private:
  std::vector<WrappedType> Types;
  llvm::DenseMap<const llvm::Type *, unsigned> ByST;
  llvm::StringMap<unsigned> ByName;
  void add(llvm::Module &M, WrappedType W);
};

/// Byte offsets of every tag inside an object of type T (nested wrapped
/// structs and arrays of them included), with the type each tag belongs to.
void collectTags(const WrappedTypes &WT, llvm::Type *T, const llvm::Module &M, uint64_t Base,
                 std::vector<std::pair<uint64_t, const WrappedType *>> &Out);

/// C names of the wrapped types an object of type T holds (itself, nested,
/// array elements): a local of type T uses each of them concretely.
template <typename SetT>
void addWrappedTypesIn(const WrappedTypes &WT, llvm::Type *T, const llvm::Module &M, SetT &Out) {
  while (auto *AT = llvm::dyn_cast<llvm::ArrayType>(T)) // one element says it
    T = AT->getElementType();
  std::vector<std::pair<uint64_t, const WrappedType *>> Tags;
  collectTags(WT, T, M, 0, Tags);
  for (auto &P : Tags)
    Out.insert(P.second->CName);
}

} // namespace dsu

#endif
