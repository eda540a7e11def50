//===- AliasAnalysis.cpp - abstraction-violating aliases of wrapped structs ===//
//
// Part of dsu.  See AliasAnalysis.h for the rules.  One walk over the TU:
// each function body is first scanned for the local variables that hold
// field addresses (to a fixpoint, flow-insensitively), then walked again to
// judge every place a value goes (a store, a return, a cast, an asm operand,
// a call argument).  `void *` flows are collected for the whole TU and
// judged at the end.
//
// This file is the walk: it hands each place to the rules that care about
// it -- FieldEscapes (rule 1), IntegerPointers (rule 2), AsmOperands (rule
// 3), VoidLaundering (rule 4) -- and keeps what is silenced by stores into
// declarations annotated dsu_alias_ok.  What a value is lives in
// FieldAddresses, how findings are recorded and reported in AliasFindings.
//
//===----------------------------------------------------------------------===//
#include "AliasAnalysis.h"
#include "AliasDecls.h"
#include "AliasFindings.h"
#include "AsmOperands.h"
#include "FieldAddresses.h"
#include "FieldEscapes.h"
#include "IntegerPointers.h"
#include "VoidLaundering.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

using namespace clang;
using namespace llvm;

namespace dsu {
namespace {

class Finder : public RecursiveASTVisitor<Finder> {
  using Base = RecursiveASTVisitor<Finder>;

public:
  Finder(ASTContext &Ctx, AliasAnalysis &A)
      : Findings(Ctx, A), Fields(A.wrapper()), Escapes(Ctx, Fields, Findings),
        IntPtrs(Ctx, A.wrapper(), Findings), Asm(Ctx, A.wrapper(), Fields, Findings),
        Voids(Ctx, A.wrapper(), Findings) {}

  /// Analyse the TU @TU: what its functions return, then the walk, then
  /// the `void *` declarations it has seen.
  void analyse(TranslationUnitDecl *TU) {
    Fields.computeReturns(TU);
    TraverseDecl(TU);
    Voids.decide();
  }

  /// A function's body: find the locals that hold field addresses, then
  /// judge every use.  A function annotated dsu_alias_ok is not looked at.
  bool TraverseFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || isAliasOk(FD))
      return true;
    Findings.setFunction(FD);
    Fields.enterFunction(FD->getBody());
    bool R = Base::TraverseFunctionDecl(FD);
    Findings.setFunction(nullptr);
    return R;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    switch (B->getOpcode()) {
    case BO_Assign:
      if (FieldEscapes::storesToOk(B->getLHS()))
        silence(B->getRHS());
      Escapes.assigned(B);
      Voids.assigned(B->getLHS(), B->getRHS());
      break;
    case BO_Add:
    case BO_Sub:
    case BO_AddAssign:
    case BO_SubAssign:
      if (!Silenced.count(B))
        IntPtrs.arithmetic(B);
      break;
    default:
      break;
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (isa<ParmVarDecl>(V) || V->isImplicit() || !V->getInit())
      return true;
    if (isAliasOk(V))
      silence(V->getInit());
    Escapes.initialised(V);
    Voids.initialised(V);
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    const FunctionDecl *Fn = Findings.function();
    if (!RS->getRetValue() || !Fn)
      return true;
    Escapes.returned(RS);
    Voids.returned(Fn, RS->getRetValue());
    return true;
  }

  bool VisitCastExpr(CastExpr *CE) {
    if (Silenced.count(CE))
      return true;
    switch (CE->getCastKind()) {
    case CK_PointerToIntegral:
      Escapes.toInteger(CE);
      break;
    case CK_IntegralToPointer:
      IntPtrs.fromInteger(CE);
      break;
    case CK_BitCast:
    case CK_NoOp:
      IntPtrs.pointerCast(CE);
      Voids.castOut(CE);
      break;
    default:
      break;
    }
    return true;
  }

  bool VisitGCCAsmStmt(GCCAsmStmt *S) {
    Asm.statement(S);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return true;
    // A body in this TU refers to the parameters of its definition.
    if (const FunctionDecl *Def = FD->getDefinition())
      FD = Def;
    unsigned N = std::min<unsigned>(CE->getNumArgs(), FD->getNumParams());
    for (unsigned I = 0; I < N; ++I)
      if (const ParmVarDecl *P = FD->getParamDecl(I)) {
        if (isAliasOk(P))
          silence(CE->getArg(I));
        Voids.passed(P, CE->getArg(I));
      }
    return true;
  }

  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *CL) {
    Voids.compoundLiteral(CL);
    return true;
  }

private:
  /**
   * silence() - @E is stored into (or passed as) a declaration annotated
   * dsu_alias_ok: the casts and pointer arithmetic that make its value are
   * not judged (they are visited after the store, which is visited first).
   */
  void silence(const Expr *E) {
    SmallVector<const Stmt *, 16> Work{E};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (isa<CastExpr>(S) || isa<BinaryOperator>(S))
        Silenced.insert(S);
      for (const Stmt *C : S->children())
        Work.push_back(C);
    }
  }

  AliasFindings Findings;
  FieldAddresses Fields;
  FieldEscapes Escapes;
  IntegerPointers IntPtrs;
  AsmOperands Asm;
  VoidLaundering Voids;
  /// Parts of values stored into declarations annotated dsu_alias_ok.
  SmallPtrSet<const Stmt *, 8> Silenced;
};

} // namespace

void AliasAnalysis::run(ASTContext &Ctx) { Finder(Ctx, *this).analyse(Ctx.getTranslationUnitDecl()); }

std::vector<PinnedSite> AliasAnalysis::pinned(const RecordDecl *RD) const {
  auto It = Pinned.find(RD);
  if (It == Pinned.end())
    return {};
  return {It->second.begin(), It->second.end()};
}

std::vector<HeldAlias> AliasAnalysis::held(const RecordDecl *RD) const {
  auto It = Held.find(RD);
  if (It == Held.end())
    return {};
  return {It->second.begin(), It->second.end()};
}

} // namespace dsu
