//===- TypeRecorder.h - C-level layouts of the TU's structs and unions ----===//
//
// Part of dsu.  The recorder is fed every struct/union definition the parser
// completes and, at the end of the translation unit, turns those defined
// outside system headers into the JSON array the manifest calls "types"
// (docs/manifest.md, section 2).
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_TYPERECORDER_H
#define DSU_CLANG_PLUGIN_TYPERECORDER_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "clang/AST/Type.h"
#include "llvm/Support/JSON.h"
#include <string>

namespace clang {
class ASTContext;
struct PrintingPolicy;
class RecordDecl;
class TagDecl;
} // namespace clang

namespace dsu {

class AliasAnalysis;
class Wrapper;

/// Collects record definitions during parsing; describes them at the end.
///
/// Names are resolved only in toJSON(): `typedef struct { ... } T;` has no
/// typedef name yet when its definition completes.
class TypeRecorder {
public:
  /// @SourceRoot: absolute directory file names are made relative to.
  explicit TypeRecorder(std::string SourceRoot) : SourceRoot(std::move(SourceRoot)) {}

  /// Report wrapping decisions of @W in each record ("wrapped", "slop", ...).
  void setWrapper(const Wrapper *W) { Wrap = W; }

  /// Report the abstraction-violating aliases @A found in each wrapped
  /// record ("pinned", "field_aliases_held").
  void setAliases(const AliasAnalysis *A) { Aliases = A; }

  /// Remember @TD if it is a struct/union definition worth recording.
  void add(clang::ASTContext &Ctx, clang::TagDecl *TD);

  /// The "types" array for every recorded definition, in definition order.
  llvm::json::Array toJSON(clang::ASTContext &Ctx) const;

private:
  llvm::json::Object describe(clang::ASTContext &Ctx, const clang::RecordDecl *RD,
                              llvm::StringMap<unsigned> &IRNameUses) const;
  void describeAliases(const clang::RecordDecl *RD, llvm::json::Object &T) const;
  std::string fileName(llvm::StringRef Given) const;
  std::string anonymousName(clang::ASTContext &Ctx, const clang::RecordDecl *RD) const;
  std::string typeName(clang::ASTContext &Ctx, clang::QualType T,
                       const clang::PrintingPolicy &Policy) const;

  std::string SourceRoot;
  const Wrapper *Wrap = nullptr;
  const AliasAnalysis *Aliases = nullptr;
  llvm::SmallVector<const clang::RecordDecl *, 32> Records;
};

} // namespace dsu

#endif
