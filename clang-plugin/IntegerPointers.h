//===- IntegerPointers.h - rule 2: pointers made from integers --------------===//
//
// Part of dsu.  Rule 2 of the alias analysis (AliasAnalysis.h): a pointer to
// a wrapped struct made from a non-constant integer (directly or through
// `void *`), or a pointer made or moved by an integer computed with
// offsetof(T, ...) -- a field address made by hand, or container_of()
// going back from one -- reaches the struct's objects without a version
// check, and pins it.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_INTEGERPOINTERS_H
#define DSU_CLANG_PLUGIN_INTEGERPOINTERS_H

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class ASTContext;
class BinaryOperator;
class CastExpr;
class Expr;
class RecordDecl;
class SourceLocation;
class Stmt;
} // namespace clang

namespace dsu {

class AliasFindings;
class Wrapper;

class IntegerPointers {
public:
  IntegerPointers(const clang::ASTContext &Ctx, const Wrapper &W, AliasFindings &Findings)
      : Ctx(Ctx), W(W), Findings(Findings) {}

  /// The integer-to-pointer conversion @CE.
  void fromInteger(const clang::CastExpr *CE);

  /// The pointer conversion (bit cast or no-op) @CE, which may pass on a
  /// pointer made from an integer: `(struct T *)(void *)addr`.
  void pointerCast(const clang::CastExpr *CE);

  /// The addition or subtraction @B (also `+=`, `-=`), when it yields a pointer.
  void arithmetic(const clang::BinaryOperator *B);

private:
  void intToPointer(const clang::CastExpr *Cast, const clang::Expr *E);
  llvm::SmallVector<const clang::RecordDecl *, 2> offsetofRecords(const clang::Stmt *S) const;
  void offsetofArithmetic(const clang::Expr *Operand, clang::SourceLocation Loc);

  const clang::ASTContext &Ctx;
  const Wrapper &W;
  AliasFindings &Findings;
  /// Integer-to-pointer conversions already judged: one is reached again
  /// from each pointer cast around it.
  llvm::SmallPtrSet<const clang::CastExpr *, 4> IntToPtrSeen;
};

} // namespace dsu

#endif
