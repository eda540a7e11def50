//===- AsmOperands.cpp - rule 3: inline asm operands -------------------------===//
//
// Part of dsu.  See AsmOperands.h.
//
//===----------------------------------------------------------------------===//
#include "AsmOperands.h"
#include "AliasDecls.h"
#include "AliasFindings.h"
#include "FieldAddresses.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace llvm;

namespace dsu {

void AsmOperands::statement(const GCCAsmStmt *S) {
  for (unsigned I = 0; I < S->getNumOutputs(); ++I)
    operand(S->getOutputExpr(I), S->getOutputConstraint(I));
  for (unsigned I = 0; I < S->getNumInputs(); ++I)
    operand(S->getInputExpr(I), S->getInputConstraint(I));
}

/// The asm operand @E with @Constraint.
void AsmOperands::operand(const Expr *E, StringRef Constraint) {
  SourceLocation Loc = E->getExprLoc();
  QualType T = E->getType();
  while (const ArrayType *AT = Ctx.getAsArrayType(T))
    T = AT->getElementType();
  if (const RecordDecl *RD = recordDefinition(T->getAsRecordDecl()); RD && W.isWrapped(RD))
    Findings.pin(RD, Loc,
                 "an inline asm operand has type '" + E->getType().getAsString() +
                     "', whose layout the assembly code uses without a version check",
                 Findings.okFunction());
  else if (const RecordDecl *PD = pointeeRecord(T); PD && W.isWrapped(PD))
    Findings.pin(PD, Loc,
                 "an inline asm operand has type '" + E->getType().getAsString() +
                     "', whose layout the assembly code uses without a version check",
                 Findings.okFunction());
  FieldRefs R;
  Fields.yields(E, R);
  // A memory operand hands the asm the address of its lvalue.
  if (E->isGLValue() && Constraint.find_first_of("mogVX<>") != StringRef::npos)
    Fields.lvalueRefs(E, R);
  for (const FieldRef &F : R)
    Findings.pin(F.RD, Loc, "an inline asm operand points into its field '" + F.Field + "'",
                 Findings.okFunction());
}

} // namespace dsu
