//===- ConcreteUses.cpp - wrapped types each function uses concretely -----===//
//
// Part of dsu.  See ConcreteUses.h.
//
//===----------------------------------------------------------------------===//
#include "ConcreteUses.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;
using namespace llvm;

namespace dsu {
namespace {

class UseFinder : public RecursiveASTVisitor<UseFinder> {
public:
  UseFinder(ASTContext &Ctx, const Wrapper &W, std::set<std::string> &Out)
      : Ctx(Ctx), W(W), Out(Out) {}

  bool VisitMemberExpr(MemberExpr *ME) {
    QualType T = ME->getBase()->getType();
    if (ME->isArrow() && T->isPointerType())
      T = T->getPointeeType();
    add(T);
    return true;
  }

  bool VisitOffsetOfExpr(OffsetOfExpr *OE) {
    add(OE->getTypeSourceInfo()->getType());
    // offsetof(struct outer, in.x) also relies on the layout of `in`.
    for (unsigned I = 0; I < OE->getNumComponents(); ++I)
      if (OE->getComponent(I).getKind() == OffsetOfNode::Field)
        addRecord(OE->getComponent(I).getField()->getParent());
    return true;
  }

  bool VisitInitListExpr(InitListExpr *ILE) {
    add(ILE->getType());
    return true;
  }

  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *CLE) {
    add(CLE->getType());
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (VD->isLocalVarDecl())
      add(VD->getType());
    return true;
  }

private:
  /// Count @T if it is a wrapped struct or an array of them.
  void add(QualType T) {
    if (T.isNull())
      return;
    while (const ArrayType *AT = Ctx.getAsArrayType(T))
      T = AT->getElementType();
    if (const RecordDecl *RD = T->getAsRecordDecl())
      addRecord(RD);
  }

  void addRecord(const RecordDecl *RD) {
    if (RD->getDefinition())
      RD = RD->getDefinition();
    if (W.isWrapped(RD))
      Out.insert(Wrapper::displayName(RD));
  }

  ASTContext &Ctx;
  const Wrapper &W;
  std::set<std::string> &Out;
};

} // namespace

void ConcreteUses::addFunction(ASTContext &Ctx, const FunctionDecl *FD, ArrayRef<std::string> Stamped) {
  if (!FD->hasBody() || !FD->getIdentifier())
    return;
  std::set<std::string> Types(Stamped.begin(), Stamped.end());
  UseFinder(Ctx, Wrap, Types).TraverseStmt(FD->getBody());
  if (!Types.empty())
    Uses[FD->getName().str()].insert(Types.begin(), Types.end());
}

json::Object ConcreteUses::toJSON() const {
  json::Object O;
  for (const auto &[Fn, Types] : Uses) {
    json::Array A;
    for (const std::string &T : Types)
      A.push_back(T);
    O[Fn] = std::move(A);
  }
  return O;
}

} // namespace dsu
