//===- FieldKind.h - the "kind" of a field in the manifest ----------------===//
//
// Part of dsu.  dsu-diff decides from a field's kind which conversions a
// generated type transformer may do on its own (integer widening, char
// array growth) and which need a human, so every field record of the
// manifest carries one (docs/manifest.md, wrap contract).
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_FIELDKIND_H
#define DSU_CLANG_PLUGIN_FIELDKIND_H

#include "clang/AST/Type.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
}

namespace dsu {

/// One of "int", "uint", "float", "char_array", "pointer", "struct",
/// "array", "other" for a field of type @T.  Enums count by their
/// underlying type; _Bool is "uint".
llvm::StringRef fieldKind(clang::ASTContext &Ctx, clang::QualType T);

} // namespace dsu

#endif
