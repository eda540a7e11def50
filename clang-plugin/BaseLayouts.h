//===- BaseLayouts.h - wrapped layouts of the base build (base=FILE) ------===//
//
// Part of dsu.  A wrapped type's size and alignment must be the same in
// every version of a program, or code of a patch would allocate and index
// with another stride than the running program.  `dsu-cc --dsu-base=OLD`
// writes the type records of OLD's manifests to FILE and passes
// -fplugin-arg-dsu-base=FILE:
//   {"binary":"/abs/old","types":[{"name":"struct conn","size":48,"align":8,
//     "wrapped":true,"user_size":20,"slop":24}, ...]}
// The Wrapper then gives each type the base gave it: wrapped with the slop
// that keeps the base size, or not wrapped at all.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_BASELAYOUTS_H
#define DSU_CLANG_PLUGIN_BASELAYOUTS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace dsu {

/// What the base build did with one type.
struct BaseType {
  bool Wrapped = false;
  uint64_t Size = 0;  ///< wrapped sizeof in the base
  uint64_t Align = 0; ///< _Alignof in the base
};

class BaseLayouts {
public:
  /// Read @Path.  Return "" on success, else the reason (without the path).
  std::string load(llvm::StringRef Path);

  /// The base's record of the type named @Name ("struct conn", "Point").
  const BaseType *lookup(llvm::StringRef Name) const;

  /// The base binary, as named in the file (for diagnostics).
  llvm::StringRef binary() const { return Binary; }

private:
  std::string Binary;
  llvm::StringMap<BaseType> Types;
};

} // namespace dsu

#endif
