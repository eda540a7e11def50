//===- ManifestDecl.h - hand the recorded types to CodeGen ----------------===//
//
// Part of dsu.  The plugin cannot write the object itself; it adds a global
// `static const char __dsu_ast_types[]` holding a JSON document to the AST,
// CodeGen emits it like any other variable, and dsu's LLVM pass moves its
// contents into the TU manifest and erases it.  With wrapping on, a second
// one, __dsu_ast_uses (ConcreteUses.h), is made the same way.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_MANIFESTDECL_H
#define DSU_CLANG_PLUGIN_MANIFESTDECL_H

#include "llvm/ADT/StringRef.h"

namespace clang {
class CompilerInstance;
} // namespace clang

namespace dsu {

/// Name of the global the LLVM pass reads (docs/manifest.md).
inline constexpr const char *ASTTypesGlobal = "__dsu_ast_types";

/// Define `static const char __dsu_ast_types[] = JSON;` (used, no debug info)
/// in the translation unit of @CI and pass it to the frontend's consumer, so
/// CodeGen emits it.  Must run before CodeGen's HandleTranslationUnit.
void emitStringGlobal(clang::CompilerInstance &CI, llvm::StringRef Name, llvm::StringRef JSON);

} // namespace dsu

#endif
