//===- AliasDecls.h - declarations and types as the alias analysis sees them -===//
//
// Part of dsu.  Small questions every rule of the alias analysis
// (AliasAnalysis.h) asks about a declaration or a type: does it carry the
// dsu_alias_ok override, how does a message name it, and which struct
// definition does it stand for (findings are keyed by the definition).
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_ALIASDECLS_H
#define DSU_CLANG_PLUGIN_ALIASDECLS_H

#include <string>

namespace clang {
class Decl;
class QualType;
class RecordDecl;
} // namespace clang

namespace dsu {

/// True when @D carries annotate("dsu_alias_ok") (AliasAnalysis::OkAnnotation).
bool isAliasOk(const clang::Decl *D);

/// How a declaration is named in a message: "global variable 'g'",
/// "field 'item' of 'struct box'", "function 'get'", ...
std::string describeDecl(const clang::Decl *D);

/// The definition of @RD when there is one: wrapping decisions, fields and
/// findings are keyed by it.
const clang::RecordDecl *recordDefinition(const clang::RecordDecl *RD);

/// The struct or union @T points to, or nullptr.
const clang::RecordDecl *pointeeRecord(clang::QualType T);

} // namespace dsu

#endif
