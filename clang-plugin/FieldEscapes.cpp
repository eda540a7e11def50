//===- FieldEscapes.cpp - rule 1: field addresses that outlive the call ----===//
//
// Part of dsu.  See FieldEscapes.h.
//
//===----------------------------------------------------------------------===//
#include "FieldEscapes.h"
#include "AliasDecls.h"
#include "AliasFindings.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace llvm;

namespace dsu {
namespace {

/// Where a value stored by an assignment goes, when not a local variable.
struct Dest {
  const Decl *D = nullptr;       ///< the variable or field written, if known
  const VarDecl *Root = nullptr; ///< the global whose part is written, if any
  std::string What;              ///< "global variable 'g'", ...
  bool Surely = false;           ///< outlives the call for certain (a global)
};

/// The variable whose storage @E is part of (through . and arrays).
const VarDecl *rootVar(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DR->getDecl());
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->isArrow() ? nullptr : rootVar(ME->getBase());
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    const auto *CE = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
    if (CE && CE->getCastKind() == CK_ArrayToPointerDecay)
      return rootVar(CE->getSubExpr());
  }
  return nullptr;
}

Dest destOf(const Expr *LHS) {
  LHS = LHS->IgnoreParens();
  Dest D;
  if (const auto *ME = dyn_cast<MemberExpr>(LHS)) {
    D.D = ME->getMemberDecl();
    D.Root = rootVar(LHS);
    D.What = describeDecl(D.D);
    D.Surely = D.Root != nullptr;
    return D;
  }
  if (const VarDecl *V = rootVar(LHS)) {
    D.D = D.Root = V;
    D.What = describeDecl(V);
    D.Surely = true;
    return D;
  }
  D.What = "memory reached through a pointer";
  return D;
}

bool okDest(const Dest &D) { return isAliasOk(D.D) || isAliasOk(D.Root); }

} // namespace

bool FieldEscapes::storesToOk(const Expr *LHS) {
  const VarDecl *V = FieldAddresses::localRoot(LHS);
  return V ? isAliasOk(V) : okDest(destOf(LHS));
}

void FieldEscapes::assigned(const BinaryOperator *B) {
  FieldRefs R;
  Fields.yields(B->getRHS(), R);
  if (!R.empty())
    store(R, B->getLHS(), B->getOperatorLoc());
}

void FieldEscapes::initialised(const VarDecl *V) {
  FieldRefs R;
  Fields.yields(V->getInit(), R);
  if (R.empty())
    return;
  if (V->hasLocalStorage())
    hold(R, V, V->getLocation());
  else if (!isAliasOk(V))
    for (const FieldRef &F : R)
      Findings.pin(F.RD, V->getLocation(),
                   "the address of its field '" + F.Field + "' is stored in " + describeDecl(V) +
                       ", which outlives the call",
                   describeDecl(V));
}

/// A returned field address is held by the caller (as in the pass,
/// "returns_field_alias"): recorded, not pinned.  A caller in this TU
/// sees it through FieldAddresses and is judged like any other holder.
void FieldEscapes::returned(const ReturnStmt *RS) {
  FieldRefs R;
  Fields.yields(RS->getRetValue(), R);
  if (!R.empty())
    Findings.hold(R, RS->getReturnLoc());
}

void FieldEscapes::toInteger(const CastExpr *CE) {
  // &((struct T *)0)->f, an offsetof spelled by hand, is a constant:
  // the address of no object.
  if (CE->isEvaluatable(Ctx))
    return;
  FieldRefs R;
  Fields.yields(CE->getSubExpr(), R);
  for (const FieldRef &F : R)
    Findings.pin(F.RD, CE->getExprLoc(),
                 "the address of its field '" + F.Field + "' is converted to an integer",
                 Findings.okFunction());
}

/// Field addresses @R are stored into the lvalue @LHS.
void FieldEscapes::store(const FieldRefs &R, const Expr *LHS, SourceLocation Loc) {
  if (const VarDecl *V = FieldAddresses::localRoot(LHS))
    return hold(R, V, Loc);
  Dest D = destOf(LHS);
  if (okDest(D))
    return;
  for (const FieldRef &F : R)
    Findings.pin(F.RD, Loc,
                 "the address of its field '" + F.Field + "' is stored in " + D.What +
                     (D.Surely ? ", which outlives the call" : ", which may outlive the call"),
                 D.D ? describeDecl(D.D) : Findings.okFunction());
}

/// Field addresses @R are kept in the local variable @V: reported only.
void FieldEscapes::hold(const FieldRefs &R, const VarDecl *V, SourceLocation Loc) {
  if (isAliasOk(V))
    return;
  Findings.hold(R, Loc);
}

} // namespace dsu
