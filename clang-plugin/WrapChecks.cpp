//===- WrapChecks.cpp - uses that make a wrapped struct unsafe -------------===//
//
// Part of dsu.  See WrapChecks.h.
//
//===----------------------------------------------------------------------===//
#include "WrapChecks.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace llvm;

namespace dsu {
namespace {

/// The struct a type is, or is an array of; nullptr otherwise.
const RecordDecl *recordOf(ASTContext &Ctx, QualType T) {
  while (const ArrayType *AT = Ctx.getAsArrayType(T))
    T = AT->getElementType();
  return T->getAsRecordDecl();
}

/// Calls whose buffer argument is copied to or from outside the process.
bool isIOFunction(StringRef Name) {
  return StringSwitch<bool>(Name)
      .Cases("write", "read", "pwrite", "pread", "fwrite", "fread", true)
      .Cases("send", "sendto", "recv", "recvfrom", "mmap", true)
      .Default(false);
}

class UseChecker : public RecursiveASTVisitor<UseChecker> {
public:
  UseChecker(ASTContext &Ctx, const Wrapper &W) : Ctx(Ctx), W(W), D(Ctx.getDiagnostics()) {}

  bool VisitCastExpr(CastExpr *CE) {
    QualType To = CE->getType(), From = CE->getSubExpr()->getType();
    if (!To->isPointerType() || !From->isPointerType())
      return true;
    const RecordDecl *RTo = To->getPointeeType()->getAsRecordDecl();
    const RecordDecl *RFrom = From->getPointeeType()->getAsRecordDecl();
    if (!RTo || !RFrom || RTo->getCanonicalDecl() == RFrom->getCanonicalDecl())
      return true;
    for (const RecordDecl *RD : {RFrom, RTo})
      if (checked(RD))
        report(CE->getExprLoc(), RD,
               "a cast from '" + From.getAsString() + "' to '" + To.getAsString() +
                   "' reads one struct's layout as another's");
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || !isIOFunction(FD->getName()))
      return true;
    for (Expr *Arg : CE->arguments())
      findSizeof(Arg, FD->getName());
    return true;
  }

  bool VisitRecordDecl(RecordDecl *RD) {
    if (!RD->isUnion() || !RD->isCompleteDefinition())
      return true;
    for (const FieldDecl *FD : RD->fields())
      if (const RecordDecl *Inner = recordOf(Ctx, FD->getType()); Inner && checked(Inner))
        report(FD->getLocation(), Inner,
               "it is a member of '" + Wrapper::displayName(RD) +
                   "', whose other members alias its layout");
    return true;
  }

private:
  /// True when uses of @RD must not rely on its layout: it is wrapped and
  /// was not forced with annotate("dsu_wrap").
  bool checked(const RecordDecl *RD) const {
    const WrapInfo *I = W.lookup(RD->getDefinition() ? RD->getDefinition() : RD);
    return I && I->Wrapped && !I->Forced;
  }

  /// Report each sizeof of a wrapped struct within @E, an argument of @Fn.
  void findSizeof(const Stmt *S, StringRef Fn) {
    if (!S)
      return;
    if (const auto *U = dyn_cast<UnaryExprOrTypeTraitExpr>(S); U && U->getKind() == UETT_SizeOf) {
      if (const RecordDecl *RD = recordOf(Ctx, U->getTypeOfArgument()); RD && checked(RD))
        report(U->getBeginLoc(), RD,
               ("its size is passed to " + Fn + "(), so its layout is a file or wire format").str());
      return;
    }
    for (const Stmt *Child : S->children())
      findSizeof(Child, Fn);
  }

  /// An error at the use @Loc, and a note at the definition of @RD, where
  /// the annotation goes.
  void report(SourceLocation Loc, const RecordDecl *RD, const std::string &Why) {
    unsigned ID = D.getCustomDiagID(
        DiagnosticsEngine::Error,
        "dsu: '%0' is wrapped for updating, but %1; add "
        "__attribute__((annotate(\"dsu_nowrap\"))) to its definition to keep its layout fixed");
    unsigned Note = D.getCustomDiagID(DiagnosticsEngine::Note, "'%0' is defined here");
    const RecordDecl *Def = RD->getDefinition() ? RD->getDefinition() : RD;
    D.Report(Loc, ID) << Wrapper::displayName(Def) << Why;
    D.Report(Def->getLocation(), Note) << Wrapper::displayName(Def);
  }

  ASTContext &Ctx;
  const Wrapper &W;
  DiagnosticsEngine &D;
};

} // namespace

void checkWrappedUses(ASTContext &Ctx, const Wrapper &W) {
  UseChecker(Ctx, W).TraverseDecl(Ctx.getTranslationUnitDecl());
}

} // namespace dsu
