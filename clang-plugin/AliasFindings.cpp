//===- AliasFindings.cpp - recording and reporting alias findings ----------===//
//
// Part of dsu.  See AliasFindings.h.
//
//===----------------------------------------------------------------------===//
#include "AliasFindings.h"
#include "AliasAnalysis.h"
#include "AliasDecls.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace llvm;

namespace dsu {

AliasFindings::AliasFindings(ASTContext &Ctx, AliasAnalysis &A)
    : Ctx(Ctx), A(A), SM(Ctx.getSourceManager()) {}

/**
 * pin() - record that the wrapped struct @RD can never change layout, and
 * say so at @Loc.
 * @Why:  the reason, a clause that reads after "cannot change layout later:".
 * @OkTo: the declaration annotate("dsu_alias_ok") would go on.
 */
void AliasFindings::pin(const RecordDecl *RD, SourceLocation Loc, const std::string &Why,
                        const std::string &OkTo) {
  RD = recordDefinition(RD);
  if (!RD || !A.wrapper().isWrapped(RD) || Loc.isInvalid())
    return;
  FileLine FL = place(Loc);
  if (!A.addPinned(RD, {Why, FL.File, FL.Line}))
    return;
  DiagnosticsEngine &D = Ctx.getDiagnostics();
  unsigned ID = D.getCustomDiagID(
      A.errors() ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning,
      "dsu: '%0' cannot change layout later: %1 (%2:%3); if this alias never lives across an "
      "update point, add __attribute__((annotate(\"dsu_alias_ok\"))) to %4");
  D.Report(Loc, ID) << Wrapper::displayName(RD) << Why << FL.File << FL.Line << OkTo;
  D.Report(RD->getLocation(), D.getCustomDiagID(DiagnosticsEngine::Note, "'%0' is defined here"))
      << Wrapper::displayName(RD);
}

void AliasFindings::hold(const FieldRefs &R, SourceLocation Loc) {
  if (!CurFn)
    return;
  FileLine FL = place(Loc);
  for (const FieldRef &F : R)
    A.addHeld(F.RD, {F.Field, FL.File, FL.Line, CurFn->getNameAsString()});
}

std::string AliasFindings::okFunction() const {
  return CurFn ? describeDecl(CurFn) : std::string("the function");
}

FileLine AliasFindings::place(SourceLocation Loc) const { return fileLine(SM, Loc, A.sourceRoot()); }

} // namespace dsu
