//===- FieldEscapes.h - rule 1: field addresses that outlive the call ------===//
//
// Part of dsu.  Rule 1 of the alias analysis (AliasAnalysis.h): the address
// of a field of a wrapped struct (FieldAddresses) stored in memory other
// than a local variable -- a global or static variable, a field, memory
// reached through a pointer -- or converted to an integer pins the struct.
// Stored in a local variable, or returned, it is only held (the IR pass
// judges whether it lives across an update point).
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_FIELDESCAPES_H
#define DSU_CLANG_PLUGIN_FIELDESCAPES_H

#include "FieldAddresses.h"

namespace clang {
class ASTContext;
class BinaryOperator;
class CastExpr;
class Expr;
class ReturnStmt;
class SourceLocation;
class VarDecl;
} // namespace clang

namespace dsu {

class AliasFindings;

class FieldEscapes {
public:
  FieldEscapes(const clang::ASTContext &Ctx, const FieldAddresses &Fields, AliasFindings &Findings)
      : Ctx(Ctx), Fields(Fields), Findings(Findings) {}

  /// True when what is stored into the lvalue @LHS goes into a declaration
  /// annotated dsu_alias_ok.
  static bool storesToOk(const clang::Expr *LHS);

  /// The assignment @B (`=`) stores its right-hand side.
  void assigned(const clang::BinaryOperator *B);

  /// The variable @V (not a parameter) is initialised.
  void initialised(const clang::VarDecl *V);

  /// @RS returns a value from the current function.
  void returned(const clang::ReturnStmt *RS);

  /// The pointer-to-integer conversion @CE.
  void toInteger(const clang::CastExpr *CE);

private:
  void store(const FieldRefs &R, const clang::Expr *LHS, clang::SourceLocation Loc);
  void hold(const FieldRefs &R, const clang::VarDecl *V, clang::SourceLocation Loc);

  const clang::ASTContext &Ctx;
  const FieldAddresses &Fields;
  AliasFindings &Findings;
};

} // namespace dsu

#endif
