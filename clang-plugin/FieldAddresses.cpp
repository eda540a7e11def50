//===- FieldAddresses.cpp - which field addresses of wrapped structs a value is ===//
//
// Part of dsu.  See FieldAddresses.h.
//
//===----------------------------------------------------------------------===//
#include "FieldAddresses.h"
#include "AliasDecls.h"
#include "Wrapper.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace llvm;

namespace dsu {

/// "sub.x": the path of a field inside an outer struct.
static std::string joinField(StringRef Outer, StringRef Inner) {
  if (Outer.empty())
    return Inner.str();
  if (Inner.empty())
    return Outer.str();
  return (Outer + "." + Inner).str();
}

/**
 * computeReturns() - the field addresses each function of the TU may
 * return, so that `char *v = get(e); last = v;` in a caller is seen.
 * Functions may call each other in any order: rounds until nothing grows.
 */
void FieldAddresses::computeReturns(TranslationUnitDecl *TU) {
  SmallVector<FunctionDecl *, 32> Bodies;
  for (Decl *D : TU->decls())
    if (auto *FD = dyn_cast<FunctionDecl>(D); FD && FD->doesThisDeclarationHaveABody() && !isAliasOk(FD))
      Bodies.push_back(FD);
  struct Rets : RecursiveASTVisitor<Rets> {
    FieldAddresses &F;
    FieldRefs &Out;
    Rets(FieldAddresses &F, FieldRefs &Out) : F(F), Out(Out) {}
    bool VisitReturnStmt(ReturnStmt *RS) {
      F.yields(RS->getRetValue(), Out);
      return true;
    }
  };
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Grew = false;
    for (FunctionDecl *FD : Bodies) {
      enterFunction(FD->getBody());
      FieldRefs R;
      Rets(*this, R).TraverseStmt(FD->getBody());
      FieldRefs &Known = Returns[FD->getCanonicalDecl()];
      for (FieldRef &Ref : R)
        if (!is_contained(Known, Ref)) {
          Known.push_back(std::move(Ref));
          Grew = true;
        }
    }
    if (!Grew)
      break;
  }
  Taint.clear();
}

void FieldAddresses::enterFunction(Stmt *Body) {
  Taint.clear();
  computeTaint(Body);
}

/**
 * yields() - the field addresses the value of @E may be.
 *
 * Through parentheses, pointer casts, pointer arithmetic, ?:, the comma
 * operator, assignments, initialiser lists (an aggregate holding the
 * address), reads of local variables that hold one (Taint), and calls of
 * functions of this TU that return one (Returns).
 */
void FieldAddresses::yields(const Expr *E, FieldRefs &Out) const {
  if (!E)
    return;
  E = E->IgnoreParens();
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    switch (CE->getCastKind()) {
    case CK_ArrayToPointerDecay:
      return lvalueRefs(CE->getSubExpr(), Out);
    case CK_LValueToRValue:
      // A compound literal is an lvalue: `g = (struct ref){e->key};`.
      if (const auto *CL = dyn_cast<CompoundLiteralExpr>(CE->getSubExpr()->IgnoreParens()))
        return yields(CL->getInitializer(), Out);
      return localValue(CE->getSubExpr(), Out);
    case CK_NoOp:
    case CK_BitCast:
    case CK_AddressSpaceConversion:
      return yields(CE->getSubExpr(), Out);
    default:
      return;
    }
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    switch (U->getOpcode()) {
    case UO_AddrOf:
      return lvalueRefs(U->getSubExpr(), Out);
    case UO_PreInc:
    case UO_PreDec:
    case UO_PostInc:
    case UO_PostDec:
      return localValue(U->getSubExpr(), Out);
    default:
      return;
    }
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    switch (B->getOpcode()) {
    case BO_Add:
    case BO_Sub:
      if (B->getType()->isPointerType()) {
        yields(B->getLHS(), Out);
        yields(B->getRHS(), Out);
      }
      return;
    case BO_AddAssign:
    case BO_SubAssign:
      return localValue(B->getLHS(), Out);
    case BO_Comma:
    case BO_Assign:
      return yields(B->getRHS(), Out);
    default:
      return;
    }
  }
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    yields(C->getTrueExpr(), Out);
    yields(C->getFalseExpr(), Out);
    return;
  }
  if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
    return yields(OV->getSourceExpr(), Out);
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    for (const Expr *I : IL->inits())
      yields(I, Out);
    return;
  }
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    return yields(CL->getInitializer(), Out);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (auto It = Returns.find(FD->getCanonicalDecl()); It != Returns.end())
        Out.append(It->second.begin(), It->second.end());
}

void FieldAddresses::lvalueRefs(const Expr *E, FieldRefs &Out) const {
  E = E->IgnoreParens();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return memberRefs(ME, Out);
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return yields(AS->getBase(), Out);
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
    return yields(U->getSubExpr(), Out);
}

/// The field @ME names, in its struct and in every struct that contains
/// it by value along the access path (`&e->sub.x` points into `sub` and
/// into `*e`), and inside whatever the base pointer points into.
void FieldAddresses::memberRefs(const MemberExpr *ME, FieldRefs &Out) const {
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FD)
    return;
  StringRef Name = FD->getName();
  if (const RecordDecl *RD = recordDefinition(FD->getParent()); W.isWrapped(RD))
    Out.push_back({RD, Name.str()});
  FieldRefs Inner;
  if (ME->isArrow())
    yields(ME->getBase(), Inner);
  else
    lvalueRefs(ME->getBase(), Inner);
  for (const FieldRef &R : Inner)
    Out.push_back({R.RD, joinField(R.Field, Name)});
}

/// The field addresses held by the local variable the lvalue @E reads.
void FieldAddresses::localValue(const Expr *E, FieldRefs &Out) const {
  if (const VarDecl *V = localRoot(E))
    if (auto It = Taint.find(V); It != Taint.end())
      Out.append(It->second.begin(), It->second.end());
}

/**
 * localRoot() - the local variable (or parameter) whose own storage the
 * lvalue @E is: `v`, `v.f`, `v.a[i]`; nullptr for anything reached through
 * a pointer and for static and global variables.
 */
const VarDecl *FieldAddresses::localRoot(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DR->getDecl());
    return V && V->hasLocalStorage() ? V : nullptr;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->isArrow() ? nullptr : localRoot(ME->getBase());
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    const auto *CE = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
    if (CE && CE->getCastKind() == CK_ArrayToPointerDecay)
      return localRoot(CE->getSubExpr());
  }
  return nullptr;
}

/// Adds the field addresses of @E to what @V holds; true if that grew.
bool FieldAddresses::taint(const VarDecl *V, const Expr *E) {
  FieldRefs R;
  yields(E, R);
  bool Grew = false;
  FieldRefs &Held = Taint[V];
  for (FieldRef &F : R)
    if (!is_contained(Held, F)) {
      Held.push_back(std::move(F));
      Grew = true;
    }
  return Grew;
}

/// Sets Taint for the body @Body: flow-insensitive, to a fixpoint (a
/// local assigned from another may come before it in the text).
void FieldAddresses::computeTaint(Stmt *Body) {
  struct Pass : RecursiveASTVisitor<Pass> {
    FieldAddresses &F;
    bool Grew = false;
    explicit Pass(FieldAddresses &F) : F(F) {}
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->getOpcode() == BO_Assign)
        if (const VarDecl *V = localRoot(B->getLHS()))
          Grew |= F.taint(V, B->getRHS());
      return true;
    }
    bool VisitVarDecl(VarDecl *V) {
      if (V->hasLocalStorage() && V->getInit())
        Grew |= F.taint(V, V->getInit());
      return true;
    }
  };
  // Each round adds at least one reference; paths cannot grow without
  // end (a struct does not contain itself), but bound it all the same.
  for (unsigned Round = 0; Round < 32; ++Round) {
    Pass P(*this);
    P.TraverseStmt(Body);
    if (!P.Grew)
      break;
  }
}

} // namespace dsu
