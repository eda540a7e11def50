//===- VoidLaundering.cpp - rule 4: one struct read as another through void * ===//
//
// Part of dsu.  See VoidLaundering.h.
//
//===----------------------------------------------------------------------===//
#include "VoidLaundering.h"
#include "AliasDecls.h"
#include "AliasFindings.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace llvm;

namespace dsu {

static bool isVoidPointer(QualType T) {
  T = T.getCanonicalType();
  return T->isPointerType() && T->getPointeeType()->isVoidType();
}

/// `void *`, or an array (of arrays) of them: a declaration rule 4 tracks.
static bool holdsVoidPointer(const ASTContext &Ctx, QualType T) {
  while (const ArrayType *AT = Ctx.getAsArrayType(T))
    T = AT->getElementType();
  return isVoidPointer(T);
}

void VoidLaundering::assigned(const Expr *LHS, const Expr *RHS) {
  if (holdsVoidPointer(Ctx, LHS->getType()) || isVoidPointer(LHS->getType()))
    voidIn(voidTarget(LHS), RHS);
}

void VoidLaundering::initialised(const VarDecl *V) {
  const Decl *D = trackedVoid(V);
  if (!D)
    return initFields(V->getInit());
  if (const auto *IL = dyn_cast<InitListExpr>(V->getInit()->IgnoreParens());
      IL && IL->getType()->isArrayType()) {
    for (const Expr *I : IL->inits())
      voidIn(D, I);
    return;
  }
  voidIn(D, V->getInit());
}

void VoidLaundering::compoundLiteral(const CompoundLiteralExpr *CL) { initFields(CL->getInitializer()); }

void VoidLaundering::passed(const ParmVarDecl *P, const Expr *Arg) {
  if (isVoidPointer(P->getType()))
    voidIn(P, Arg);
}

void VoidLaundering::returned(const FunctionDecl *Fn, const Expr *Value) {
  if (isVoidPointer(Fn->getReturnType()))
    voidIn(Fn->getCanonicalDecl(), Value);
}

void VoidLaundering::castOut(const CastExpr *CE) {
  const RecordDecl *RD = pointeeRecord(CE->getType());
  if (!RD || !isVoidPointer(CE->getSubExpr()->getType()))
    return;
  if (const Decl *D = voidSource(CE->getSubExpr()))
    addVoidUse(D, RD, CE->getExprLoc(), /*In=*/false);
}

/**
 * decide() - a `void *` declaration that receives a pointer to a struct
 * somewhere and is converted to a pointer to a struct somewhere, with at
 * least two different structs among all of those, may hand one struct's
 * object to code that reads it as another: every wrapped struct involved is
 * pinned, at each place it goes in or out.  Only receiving (a generic
 * container's insert, free()) or only converting out (malloc(), a
 * callback's argument of unknown origin) is not enough.
 */
void VoidLaundering::decide() {
  for (auto &[D, Uses] : Voids) {
    if (isAliasOk(D))
      continue;
    bool In = any_of(Uses, [](const VoidUse &U) { return U.In; });
    bool Out = any_of(Uses, [](const VoidUse &U) { return !U.In; });
    SmallPtrSet<const RecordDecl *, 4> Types;
    for (const VoidUse &U : Uses)
      Types.insert(U.RD);
    if (!In || !Out || Types.size() < 2)
      continue;
    std::string Holder = isa<FunctionDecl>(D)
                             ? "the 'void *' result of '" + cast<FunctionDecl>(D)->getNameAsString() + "'"
                             : "'void *' " + describeDecl(D);
    for (const VoidUse &U : Uses) {
      if (!W.isWrapped(U.RD))
        continue;
      // Name another struct it holds; preferably one going the other way
      // (stored here, read as that one there).
      const VoidUse *Other = nullptr;
      for (const VoidUse &O : Uses)
        if (O.RD != U.RD && (!Other || (O.In != U.In && Other->In == U.In)))
          Other = &O;
      FileLine FL = Findings.place(Other->Loc);
      Findings.pin(U.RD, U.Loc,
                   Holder + " holds both '" + Wrapper::displayName(U.RD) + " *' and '" +
                       Wrapper::displayName(Other->RD) + " *' (the other at " + FL.File + ":" +
                       std::to_string(FL.Line) + "), so one may be read as the other",
                   describeDecl(D));
    }
  }
}

/// The `void *` declaration the lvalue @E is (or an element of).
const Decl *VoidLaundering::voidTarget(const Expr *E) const {
  E = E->IgnoreParens();
  const Decl *D = nullptr;
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    D = DR->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(E))
    D = ME->getMemberDecl();
  else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    const auto *CE = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
    if (CE && CE->getCastKind() == CK_ArrayToPointerDecay)
      return voidTarget(CE->getSubExpr());
    return nullptr;
  }
  return trackedVoid(D);
}

/// The `void *` declaration the value @E is read from: a variable, a
/// field, an element of one, or the result of a call.
const Decl *VoidLaundering::voidSource(const Expr *E) const {
  E = E->IgnoreParens();
  while (const auto *CE = dyn_cast<CastExpr>(E)) {
    if (CE->getCastKind() != CK_LValueToRValue && CE->getCastKind() != CK_NoOp)
      break;
    E = CE->getSubExpr()->IgnoreParens();
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    return FD && isVoidPointer(FD->getReturnType()) ? FD->getCanonicalDecl() : nullptr;
  }
  return voidTarget(E);
}

/// @D itself (a variable: its first declaration) if rule 4 tracks it.
const Decl *VoidLaundering::trackedVoid(const Decl *D) const {
  if (const auto *P = dyn_cast_or_null<ParmVarDecl>(D))
    return holdsVoidPointer(Ctx, P->getType()) ? P : nullptr;
  if (const auto *V = dyn_cast_or_null<VarDecl>(D))
    return holdsVoidPointer(Ctx, V->getType()) ? V->getCanonicalDecl() : nullptr;
  if (const auto *F = dyn_cast_or_null<FieldDecl>(D))
    return holdsVoidPointer(Ctx, F->getType()) ? F : nullptr;
  return nullptr;
}

/// The struct pointers the value @E is, before it became a `void *`.
void VoidLaundering::structsIn(const Expr *E, SmallVectorImpl<StructAt> &Out) const {
  E = E->IgnoreParens();
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    structsIn(C->getTrueExpr(), Out);
    structsIn(C->getFalseExpr(), Out);
    return;
  }
  if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
    return structsIn(OV->getSourceExpr(), Out);
  while (const auto *CE = dyn_cast<CastExpr>(E)) {
    if (CE->getCastKind() != CK_BitCast && CE->getCastKind() != CK_NoOp)
      break;
    E = CE->getSubExpr()->IgnoreParens();
  }
  if (const RecordDecl *RD = pointeeRecord(E->getType()))
    Out.push_back({RD, E->getExprLoc()});
}

/// The value @E goes into the `void *` declaration @D.
void VoidLaundering::voidIn(const Decl *D, const Expr *E) {
  if (!D)
    return;
  SmallVector<StructAt, 2> In;
  structsIn(E, In);
  for (auto &[RD, Loc] : In)
    addVoidUse(D, RD, Loc, /*In=*/true);
}

/**
 * initFields() - the `void *` fields an initialiser list sets, at any
 * depth (`{.b = {.item = c}, .s = {.p = t}}`).  Walked from the variable
 * or compound literal that owns the list: its semantic form has one init
 * per field, in order (the visitor only shows the form as written).
 */
void VoidLaundering::initFields(const Expr *E) {
  const auto *IL = dyn_cast_or_null<InitListExpr>(E ? E->IgnoreParens() : nullptr);
  if (!IL)
    return;
  if (!IL->isSemanticForm() && IL->getSemanticForm())
    IL = IL->getSemanticForm();
  if (Ctx.getAsArrayType(IL->getType())) {
    for (const Expr *I : IL->inits())
      initFields(I);
    return;
  }
  const RecordDecl *RD = IL->getType()->getAsRecordDecl();
  if (!RD)
    return;
  if (RD->isUnion()) {
    if (const FieldDecl *FD = IL->getInitializedFieldInUnion(); FD && IL->getNumInits())
      fieldInit(FD, IL->getInit(0));
    return;
  }
  unsigned I = 0;
  for (const FieldDecl *FD : RD->fields()) {
    // Initialisers skip unnamed bit-fields (the wrapped tag and slop too).
    if (FD->isUnnamedBitField())
      continue;
    if (I >= IL->getNumInits())
      break;
    fieldInit(FD, IL->getInit(I++));
  }
}

/// @Init initialises the field @FD (an array of `void *` element-wise).
void VoidLaundering::fieldInit(const FieldDecl *FD, const Expr *Init) {
  if (!holdsVoidPointer(Ctx, FD->getType()))
    return initFields(Init);
  if (const auto *Sub = dyn_cast<InitListExpr>(Init->IgnoreParens())) {
    for (const Expr *E : Sub->inits())
      if (!isa<InitListExpr>(E->IgnoreParens()))
        voidIn(FD, E);
    return;
  }
  voidIn(FD, Init);
}

void VoidLaundering::addVoidUse(const Decl *D, const RecordDecl *RD, SourceLocation Loc, bool In) {
  if (Loc.isInvalid() || !RD)
    return;
  Voids[D].push_back({recordDefinition(RD), Loc, In});
}

} // namespace dsu
