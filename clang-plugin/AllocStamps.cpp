//===- AllocStamps.cpp - mark allocations of wrapped structs --------------===//
//
// Part of dsu.  See AllocStamps.h.  The rewrite runs from HandleTopLevelDecl,
// after Sema has checked (and warned about) the body as the user wrote it,
// and before CodeGen's consumer receives it.
//
//===----------------------------------------------------------------------===//
#include "AllocStamps.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace llvm;

namespace dsu {
namespace {

/// True when a call of @FD returns fresh memory (AllocStamps.h).
bool isAllocationFunction(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (FD->hasAttr<RestrictAttr>() || FD->hasAttr<AllocSizeAttr>())
    return true;
  for (const AnnotateAttr *A : FD->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == "dsu_alloc")
      return true;
  if (!FD->getIdentifier())
    return false;
  return StringSwitch<bool>(FD->getName())
      .Cases("malloc", "calloc", "realloc", "reallocarray", "aligned_alloc", true)
      .Cases("memalign", "valloc", "alloca", "__builtin_alloca", true)
      .Default(false);
}

/// The wrapped struct @T points to, or nullptr.
const RecordDecl *wrappedPointee(const Wrapper &W, QualType T) {
  if (!T->isPointerType())
    return nullptr;
  const RecordDecl *RD = T->getPointeeType()->getAsRecordDecl();
  if (RD && RD->getDefinition())
    RD = RD->getDefinition();
  return RD && W.isWrapped(RD) ? RD : nullptr;
}

/// An allocation call to stamp: @Call is an operand of @Parent (a cast,
/// parentheses or `?:`) on its way to a conversion to a pointer to @RD.
struct Site {
  Expr *Parent;
  CallExpr *Call;
  const RecordDecl *RD;
};

/// Finds the allocation calls converted to a pointer to a wrapped struct.
/// Nothing is changed during the traversal.
class SiteFinder : public RecursiveASTVisitor<SiteFinder> {
public:
  explicit SiteFinder(const Wrapper &W) : W(W) {}

  bool VisitCastExpr(CastExpr *CE) {
    if (CE->getCastKind() != CK_BitCast && CE->getCastKind() != CK_NoOp)
      return true;
    if (!CE->getSubExpr()->getType()->isPointerType())
      return true;
    const RecordDecl *RD = wrappedPointee(W, CE->getType());
    if (!RD)
      return true;
    find(CE, CE->getSubExpr(), RD);
    return true;
  }

  SmallVector<Site, 4> Sites;

private:
  /// Look for an allocation call at @Cur, the operand of @Parent, through
  /// parentheses, casts and both arms of `?:` (`(struct conn *)(void *)
  /// (n ? malloc(n) : NULL)`).  Outer casts are visited first; an inner cast
  /// of the same call (a redundant `(T *)(T *)malloc(n)`) is not a second
  /// site.
  void find(Expr *Parent, Expr *Cur, const RecordDecl *RD) {
    if (auto *P = dyn_cast<ParenExpr>(Cur))
      return find(P, P->getSubExpr(), RD);
    if (auto *C = dyn_cast<CastExpr>(Cur))
      return find(C, C->getSubExpr(), RD);
    if (auto *CO = dyn_cast<ConditionalOperator>(Cur)) {
      find(CO, CO->getTrueExpr(), RD);
      find(CO, CO->getFalseExpr(), RD);
      return;
    }
    auto *Call = dyn_cast<CallExpr>(Cur);
    if (Call && isAllocationFunction(Call->getDirectCallee()) && Seen.insert(Call).second)
      Sites.push_back({Parent, Call, RD});
  }

  const Wrapper &W;
  SmallPtrSet<const CallExpr *, 8> Seen;
};

/// @E converted to @T by an implicit cast of @Kind, unless it has type @T.
Expr *implicitCast(ASTContext &Ctx, Expr *E, QualType T, CastKind Kind) {
  if (Ctx.hasSameType(E->getType(), T))
    return E;
  return ImplicitCastExpr::Create(Ctx, T, Kind, E, nullptr, VK_PRValue, FPOptionsOverride());
}

} // namespace

/// `void *__dsu_alloc_stamp(void *, const char *)`: extern, C linkage,
/// implicit (never visible to the program's name lookup) and nodebug (no
/// debug-info declaration for call-site parameters).
FunctionDecl *AllocStamper::stampDecl(ASTContext &Ctx) {
  if (StampFn)
    return StampFn;
  SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getLocForStartOfFile(SM.getMainFileID());
  QualType VoidPtr = Ctx.VoidPtrTy;
  QualType ConstCharPtr = Ctx.getPointerType(Ctx.CharTy.withConst());
  FunctionProtoType::ExtProtoInfo EPI;
  QualType FnTy = Ctx.getFunctionType(VoidPtr, {VoidPtr, ConstCharPtr}, EPI);
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  StampFn = FunctionDecl::Create(Ctx, TU, Loc, Loc, DeclarationName(&Ctx.Idents.get(AllocStampName)),
                                 FnTy, Ctx.getTrivialTypeSourceInfo(FnTy, Loc), SC_Extern);
  SmallVector<ParmVarDecl *, 2> Params;
  for (QualType PT : {VoidPtr, ConstCharPtr}) {
    ParmVarDecl *P = ParmVarDecl::Create(Ctx, StampFn, Loc, Loc, /*Id=*/nullptr, PT,
                                         Ctx.getTrivialTypeSourceInfo(PT, Loc), SC_None, nullptr);
    P->setScopeInfo(0, Params.size());
    Params.push_back(P);
  }
  StampFn->setParams(Params);
  StampFn->setImplicit(true);
  StampFn->addAttr(NoDebugAttr::CreateImplicit(Ctx));
  StampFn->addAttr(NoThrowAttr::CreateImplicit(Ctx));
  TU->addDecl(StampFn);
  return StampFn;
}

/**
 * stampFunction() - wrap each allocation of a wrapped struct in @FD's body
 * as `__dsu_alloc_stamp(<call>, "<C name>")`.
 *
 * The call keeps its place in the expression: the stamp returns its first
 * argument, converted back to the call's own type when that is not
 * `void *` (a custom allocator returning `char *`), so the casts around it
 * mean what they meant.
 */
SmallVector<std::string, 4> AllocStamper::stampFunction(ASTContext &Ctx, FunctionDecl *FD) {
  SmallVector<std::string, 4> Names;
  if (!FD->hasBody())
    return Names;
  SiteFinder F(Wrap);
  F.TraverseStmt(FD->getBody());
  for (const Site &S : F.Sites) {
    FunctionDecl *Fn = stampDecl(Ctx);
    SourceLocation Loc = S.Call->getBeginLoc();
    std::string Name = Wrapper::displayName(S.RD);
    auto *Ref = DeclRefExpr::Create(Ctx, NestedNameSpecifierLoc(), SourceLocation(), Fn,
                                    /*RefersToEnclosingVariableOrCapture=*/false, Loc, Fn->getType(),
                                    Ctx.getLangOpts().CPlusPlus ? VK_LValue : VK_PRValue);
    Expr *Callee = implicitCast(Ctx, Ref, Ctx.getPointerType(Fn->getType()), CK_FunctionToPointerDecay);
    QualType LitTy = Ctx.getConstantArrayType(Ctx.CharTy, APInt(32, Name.size() + 1), nullptr,
                                              ArraySizeModifier::Normal, 0);
    Expr *Lit = clang::StringLiteral::Create(Ctx, Name, StringLiteralKind::Ordinary, /*Pascal=*/false, LitTy, Loc);
    Lit = implicitCast(Ctx, Lit, Ctx.getPointerType(Ctx.CharTy), CK_ArrayToPointerDecay);
    Lit = implicitCast(Ctx, Lit, Ctx.getPointerType(Ctx.CharTy.withConst()), CK_NoOp);
    Expr *Args[] = {implicitCast(Ctx, S.Call, Ctx.VoidPtrTy, CK_BitCast), Lit};
    Expr *Stamp = CallExpr::Create(Ctx, Callee, Args, Ctx.VoidPtrTy, VK_PRValue, Loc, FPOptionsOverride());
    Stamp = implicitCast(Ctx, Stamp, S.Call->getType(), CK_BitCast);
    // The parent is a cast, parentheses or `?:`: replace the operand
    // that is the call.
    for (Stmt *&Child : S.Parent->children())
      if (Child == S.Call)
        Child = Stamp;
    Names.push_back(std::move(Name));
  }
  return Names;
}

} // namespace dsu
