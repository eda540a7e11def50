//===- VoidLaundering.h - rule 4: one struct read as another through void * ===//
//
// Part of dsu.  Rule 4 of the alias analysis (AliasAnalysis.h): a `void *`
// variable, parameter, field or function result that, somewhere in the TU,
// receives a pointer to one struct and is converted to a pointer to a
// struct, with two different structs among those, may hand one struct's
// object to code that reads it as another.  Struct pointers going into and
// out of each such declaration are collected during the walk
// (flow-insensitively; flows from one `void *` to another and across TUs
// are not followed) and judged once the whole TU has been seen.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_VOIDLAUNDERING_H
#define DSU_CLANG_PLUGIN_VOIDLAUNDERING_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include <utility>

namespace clang {
class ASTContext;
class CastExpr;
class CompoundLiteralExpr;
class Decl;
class Expr;
class FieldDecl;
class FunctionDecl;
class ParmVarDecl;
class RecordDecl;
class VarDecl;
} // namespace clang

namespace dsu {

class AliasFindings;
class Wrapper;

class VoidLaundering {
public:
  VoidLaundering(const clang::ASTContext &Ctx, const Wrapper &W, AliasFindings &Findings)
      : Ctx(Ctx), W(W), Findings(Findings) {}

  /// @RHS is assigned to the lvalue @LHS.
  void assigned(const clang::Expr *LHS, const clang::Expr *RHS);

  /// The variable @V (not a parameter) is initialised.
  void initialised(const clang::VarDecl *V);

  /// The compound literal @CL sets the fields its initialiser names.
  void compoundLiteral(const clang::CompoundLiteralExpr *CL);

  /// @Arg is passed as the parameter @P (of the callee's definition, if any).
  void passed(const clang::ParmVarDecl *P, const clang::Expr *Arg);

  /// @Fn returns @Value.
  void returned(const clang::FunctionDecl *Fn, const clang::Expr *Value);

  /// The pointer conversion (bit cast or no-op) @CE, which may take a
  /// struct pointer out of a `void *`.
  void castOut(const clang::CastExpr *CE);

  /// Judge the `void *` declarations once the whole TU has been seen.
  void decide();

private:
  /// A `void *` declaration receiving (In) or giving up (Out) a struct pointer.
  struct VoidUse {
    const clang::RecordDecl *RD;
    clang::SourceLocation Loc;
    bool In;
  };
  /// A struct pointer and the place it is seen.
  using StructAt = std::pair<const clang::RecordDecl *, clang::SourceLocation>;

  const clang::Decl *voidTarget(const clang::Expr *E) const;
  const clang::Decl *voidSource(const clang::Expr *E) const;
  const clang::Decl *trackedVoid(const clang::Decl *D) const;
  void structsIn(const clang::Expr *E, llvm::SmallVectorImpl<StructAt> &Out) const;
  void voidIn(const clang::Decl *D, const clang::Expr *E);
  void initFields(const clang::Expr *E);
  void fieldInit(const clang::FieldDecl *FD, const clang::Expr *Init);
  void addVoidUse(const clang::Decl *D, const clang::RecordDecl *RD, clang::SourceLocation Loc, bool In);

  const clang::ASTContext &Ctx;
  const Wrapper &W;
  AliasFindings &Findings;
  /// Struct pointers into and out of each `void *` declaration of the TU.
  llvm::MapVector<const clang::Decl *, llvm::SmallVector<VoidUse, 4>> Voids;
};

} // namespace dsu

#endif
