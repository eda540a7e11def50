//===- FieldAddresses.h - which field addresses of wrapped structs a value is ===//
//
// Part of dsu.  The value side of the alias analysis (AliasAnalysis.h): for
// an expression, the fields of wrapped structs whose address it may be --
// `&e->f`, `&e.a.b`, an array field decaying to a pointer, pointer
// arithmetic and casts on those.  Local variables are followed
// flow-insensitively (a local that ever holds a field address carries it
// into every later read), and so are calls of the TU's own functions that
// return one.  The rules decide what such a value going somewhere means.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_FIELDADDRESSES_H
#define DSU_CLANG_PLUGIN_FIELDADDRESSES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang {
class Expr;
class FunctionDecl;
class MemberExpr;
class RecordDecl;
class Stmt;
class TranslationUnitDecl;
class VarDecl;
} // namespace clang

namespace dsu {

class Wrapper;

/// A pointer into a field of a wrapped struct.
struct FieldRef {
  const clang::RecordDecl *RD; ///< the wrapped struct (definition)
  std::string Field;           ///< "key", or "sub.x" through structs embedded in it
  bool operator==(const FieldRef &O) const { return RD == O.RD && Field == O.Field; }
};
using FieldRefs = llvm::SmallVector<FieldRef, 2>;

class FieldAddresses {
public:
  explicit FieldAddresses(const Wrapper &W) : W(W) {}

  /// Before the walk: what each function of the TU may return.
  void computeReturns(clang::TranslationUnitDecl *TU);

  /// Before walking the function body @Body: what each of its locals holds.
  void enterFunction(clang::Stmt *Body);

  /// The field addresses the value of @E may be, appended to @Out.
  void yields(const clang::Expr *E, FieldRefs &Out) const;

  /// The field addresses the address of the lvalue @E is, appended to @Out.
  void lvalueRefs(const clang::Expr *E, FieldRefs &Out) const;

  /// The local variable (or parameter) whose own storage the lvalue @E is.
  static const clang::VarDecl *localRoot(const clang::Expr *E);

private:
  void memberRefs(const clang::MemberExpr *ME, FieldRefs &Out) const;
  void localValue(const clang::Expr *E, FieldRefs &Out) const;
  bool taint(const clang::VarDecl *V, const clang::Expr *E);
  void computeTaint(clang::Stmt *Body);

  const Wrapper &W;
  /// Field addresses each local variable of the current function may hold.
  llvm::DenseMap<const clang::VarDecl *, FieldRefs> Taint;
  /// Field addresses each function of the TU may return (by first decl).
  llvm::DenseMap<const clang::FunctionDecl *, FieldRefs> Returns;
};

} // namespace dsu

#endif
