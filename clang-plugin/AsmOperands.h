//===- AsmOperands.h - rule 3: inline asm operands ---------------------------===//
//
// Part of dsu.  Rule 3 of the alias analysis (AliasAnalysis.h): assembly code
// uses a layout without a version check, so an inline asm operand of type T
// or T * (T a wrapped struct), or one that points into -- or, as a memory
// operand, is -- a field of T pins T.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_ASMOPERANDS_H
#define DSU_CLANG_PLUGIN_ASMOPERANDS_H

#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
class Expr;
class GCCAsmStmt;
} // namespace clang

namespace dsu {

class AliasFindings;
class FieldAddresses;
class Wrapper;

class AsmOperands {
public:
  AsmOperands(clang::ASTContext &Ctx, const Wrapper &W, const FieldAddresses &Fields, AliasFindings &Findings)
      : Ctx(Ctx), W(W), Fields(Fields), Findings(Findings) {}

  /// Judge every output and input operand of @S.
  void statement(const clang::GCCAsmStmt *S);

private:
  void operand(const clang::Expr *E, llvm::StringRef Constraint);

  clang::ASTContext &Ctx;
  const Wrapper &W;
  const FieldAddresses &Fields;
  AliasFindings &Findings;
};

} // namespace dsu

#endif
