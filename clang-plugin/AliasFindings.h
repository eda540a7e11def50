//===- AliasFindings.h - recording and reporting alias findings ------------===//
//
// Part of dsu.  Where the rules of the alias analysis (AliasAnalysis.h)
// hand their findings: a struct that is pinned is recorded once per reason
// and place, with a warning (or an error) at the use and a note at the
// definition; a field address that is only held is recorded for reports.
// It also knows the function being walked, which held aliases are
// attributed to and which a message offers to annotate when the alias is
// made in code rather than stored anywhere.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_ALIASFINDINGS_H
#define DSU_CLANG_PLUGIN_ALIASFINDINGS_H

#include "FieldAddresses.h"
#include "SourceNames.h"

#include "clang/Basic/SourceLocation.h"
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
class RecordDecl;
class SourceManager;
} // namespace clang

namespace dsu {

class AliasAnalysis;

class AliasFindings {
public:
  AliasFindings(clang::ASTContext &Ctx, AliasAnalysis &A);

  /// The function whose body is walked, or nullptr outside of one.
  void setFunction(const clang::FunctionDecl *FD) { CurFn = FD; }
  const clang::FunctionDecl *function() const { return CurFn; }

  void pin(const clang::RecordDecl *RD, clang::SourceLocation Loc, const std::string &Why,
           const std::string &OkTo);

  /// Field addresses @R are held at @Loc in the current function: reported only.
  void hold(const FieldRefs &R, clang::SourceLocation Loc);

  /// What to annotate when the alias is made in code, not stored anywhere.
  std::string okFunction() const;

  /// Where @Loc is, as messages and records name it.
  FileLine place(clang::SourceLocation Loc) const;

private:
  clang::ASTContext &Ctx;
  AliasAnalysis &A;
  const clang::SourceManager &SM;
  const clang::FunctionDecl *CurFn = nullptr;
};

} // namespace dsu

#endif
