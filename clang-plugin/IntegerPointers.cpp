//===- IntegerPointers.cpp - rule 2: pointers made from integers ------------===//
//
// Part of dsu.  See IntegerPointers.h.
//
//===----------------------------------------------------------------------===//
#include "IntegerPointers.h"
#include "AliasDecls.h"
#include "AliasFindings.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace llvm;

namespace dsu {

void IntegerPointers::fromInteger(const CastExpr *CE) {
  intToPointer(CE, CE);
  for (const RecordDecl *RD : offsetofRecords(CE->getSubExpr()))
    Findings.pin(RD, CE->getExprLoc(),
                 "an integer computed with offsetof(" + Wrapper::displayName(RD) +
                     ", ...) is converted to a pointer, which reaches into its objects without a "
                     "version check",
                 Findings.okFunction());
}

void IntegerPointers::pointerCast(const CastExpr *CE) { intToPointer(CE, CE->getSubExpr()); }

void IntegerPointers::arithmetic(const BinaryOperator *B) {
  if (!B->getType()->isPointerType())
    return;
  offsetofArithmetic(B->getLHS(), B->getOperatorLoc());
  offsetofArithmetic(B->getRHS(), B->getOperatorLoc());
}

/// A pointer to a wrapped struct made from a non-constant integer.
/// @Cast has a pointer type; @E is it or its operand, followed down
/// through pointer casts (`(struct T *)(void *)addr`).
void IntegerPointers::intToPointer(const CastExpr *Cast, const Expr *E) {
  const RecordDecl *RD = pointeeRecord(Cast->getType());
  if (!RD || !W.isWrapped(RD))
    return;
  for (E = E->IgnoreParens(); const auto *CE = dyn_cast<CastExpr>(E); E = CE->getSubExpr()->IgnoreParens()) {
    if (CE->getCastKind() == CK_IntegralToPointer) {
      // A constant is no object's address: a sentinel such as (T *)-1.
      if (!CE->getSubExpr()->isEvaluatable(Ctx) && IntToPtrSeen.insert(CE).second)
        Findings.pin(RD, Cast->getExprLoc(),
                     "an integer is converted to '" + Cast->getType().getAsString() +
                         "', which may reach its objects without a version check",
                     Findings.okFunction());
      return;
    }
    if (CE->getCastKind() != CK_BitCast && CE->getCastKind() != CK_NoOp)
      return;
  }
}

/// The wrapped structs named by offsetof() anywhere in @S.
SmallVector<const RecordDecl *, 2> IntegerPointers::offsetofRecords(const Stmt *S) const {
  SmallVector<const RecordDecl *, 2> Out;
  SmallVector<const Stmt *, 16> Work{S};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur)
      continue;
    if (const auto *OE = dyn_cast<OffsetOfExpr>(Cur)) {
      auto Add = [&](const RecordDecl *RD) {
        RD = recordDefinition(RD);
        if (RD && W.isWrapped(RD) && !is_contained(Out, RD))
          Out.push_back(RD);
      };
      Add(OE->getTypeSourceInfo()->getType()->getAsRecordDecl());
      for (unsigned I = 0; I < OE->getNumComponents(); ++I)
        if (OE->getComponent(I).getKind() == OffsetOfNode::Field)
          Add(OE->getComponent(I).getField()->getParent());
    }
    for (const Stmt *C : Cur->children())
      Work.push_back(C);
  }
  return Out;
}

/// Pointer arithmetic by offsetof(T, f) -- a field address made by hand,
/// or container_of() going back from one.
void IntegerPointers::offsetofArithmetic(const Expr *Operand, SourceLocation Loc) {
  if (!Operand->getType()->isIntegerType())
    return;
  for (const RecordDecl *RD : offsetofRecords(Operand))
    Findings.pin(RD, Loc,
                 "a pointer is moved by offsetof(" + Wrapper::displayName(RD) +
                     ", ...), which reaches into its objects without a version check",
                 Findings.okFunction());
}

} // namespace dsu
