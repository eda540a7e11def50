//===- Wrapper.cpp - type wrapping: version tag and slop for updateable structs ===//
//
// Part of dsu.  See Wrapper.h for when and why decisions are made.
//
//===----------------------------------------------------------------------===//
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclGroup.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;
using namespace llvm;

namespace dsu {

/// The annotation string of @RD starting with @Prefix, or "".
static StringRef annotation(const RecordDecl *RD, StringRef Prefix) {
  for (const AnnotateAttr *A : RD->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation().starts_with(Prefix))
      return A->getAnnotation();
  return "";
}

static bool hasAnnotation(const RecordDecl *RD, StringRef Exact) {
  for (const AnnotateAttr *A : RD->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == Exact)
      return true;
  return false;
}

std::string Wrapper::displayName(const RecordDecl *RD) {
  if (RD->getIdentifier())
    return (RD->getKindName() + " " + RD->getName()).str();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getName().str();
  return ("anonymous " + RD->getKindName()).str();
}

/**
 * ineligible() - why @RD cannot be wrapped, judged from its definition alone.
 *
 * The reasons dsu_wrap cannot override come first: they make wrapping
 * impossible or wrong whatever the program does with the type.
 *
 * Return: "" when it can.
 */
std::string Wrapper::ineligible(ASTContext &Ctx, const RecordDecl *RD) const {
  if (!RD->isStruct())
    return "not a struct (unions are never wrapped)";
  if (Ctx.getSourceManager().isInSystemHeader(RD->getLocation()))
    return "defined in a system header: its layout is fixed from outside";
  // The runtime's interface (dsu.h, whose structs the runtime, built
  // without wrapping, reads): dsu-cc includes it as a system header, and a
  // plain -I build must not wrap it either.
  if (RD->getIdentifier() && RD->getName().starts_with("dsu__"))
    return "belongs to the dsu runtime's interface";
  if (RD->hasAttr<PackedAttr>())
    return "packed: its layout is a format";
  if (RD->hasAttr<MaxFieldAlignmentAttr>())
    return "laid out under #pragma pack: its layout is a format";
  if (RD->hasFlexibleArrayMember())
    return "has a flexible array member: nothing may follow it";
  if (RD->field_empty())
    return "has no fields";
  if (hasAnnotation(RD, NoWrapAnnotation))
    return "annotated dsu_nowrap";
  if (RD->hasAttr<AlignedAttr>() && !hasAnnotation(RD, WrapAnnotation))
    return "has an explicit alignment attribute: its size is chosen by hand";
  return "";
}

/**
 * unwrappedLayout() - sizeof and _Alignof(@RD) as the program wrote it.
 *
 * @RD's own layout must not be computed before it is wrapped: ASTContext
 * caches layouts and has no way to forget one.  So a nameless copy with the
 * same fields and attributes (packing, alignment, ms_struct) is laid out
 * instead, with diagnostics off so -Wpadded does not speak about the copy.
 */
static std::pair<uint64_t, uint64_t> unwrappedLayout(ASTContext &Ctx, const RecordDecl *RD) {
  auto *DC = const_cast<DeclContext *>(RD->getDeclContext());
  RecordDecl *Copy = RecordDecl::Create(Ctx, RD->getTagKind(), DC, RD->getBeginLoc(),
                                        RD->getLocation(), /*Id=*/nullptr);
  for (const Attr *A : RD->attrs())
    Copy->addAttr(A->clone(Ctx));
  Copy->startDefinition();
  for (const FieldDecl *FD : RD->fields()) {
    FieldDecl *NF = FieldDecl::Create(Ctx, Copy, FD->getBeginLoc(), FD->getLocation(),
                                      FD->getIdentifier(), FD->getType(), FD->getTypeSourceInfo(),
                                      FD->getBitWidth(), FD->isMutable(), FD->getInClassInitStyle());
    for (const Attr *A : FD->attrs())
      NF->addAttr(A->clone(Ctx));
    NF->setImplicit(FD->isImplicit());
    Copy->addDecl(NF);
  }
  Copy->completeDefinition();
  DiagnosticsEngine &D = Ctx.getDiagnostics();
  bool Suppressed = D.getSuppressAllDiagnostics();
  D.setSuppressAllDiagnostics(true);
  const ASTRecordLayout &L = Ctx.getASTRecordLayout(Copy);
  D.setSuppressAllDiagnostics(Suppressed);
  return {L.getSize().getQuantity(), L.getAlignment().getQuantity()};
}

/// Add the tag and slop members to @RD and put the tag first.
void Wrapper::wrap(ASTContext &Ctx, RecordDecl *RD, WrapInfo &W, uint64_t UserAlign) {
  SourceLocation Loc = RD->getLocation();
  // An unnamed bit-field does not count for the record's alignment (SysV
  // ABI), so `struct { short s; }` would put its 4-byte tag at offsets 2, 6,
  // ... of an array.  The tag is read with one aligned 32-bit load.
  if (UserAlign < 4)
    RD->addAttr(AlignedAttr::CreateImplicit(
        Ctx, /*IsAlignmentExpr=*/true,
        IntegerLiteral::Create(Ctx, APInt(32, 4), Ctx.IntTy, Loc), SourceRange(Loc)));
  QualType U32 = Ctx.UnsignedIntTy;
  Expr *Width = IntegerLiteral::Create(Ctx, APInt(32, 32), Ctx.IntTy, Loc);
  FieldDecl *Tag = FieldDecl::Create(Ctx, RD, Loc, Loc, /*Id=*/nullptr, U32,
                                     Ctx.getTrivialTypeSourceInfo(U32, Loc), Width,
                                     /*Mutable=*/false, ICIS_NoInit);
  Tag->setImplicit(true);
  Tag->setAccess(AS_public);
  RD->addDecl(Tag);

  FieldDecl *Slop = nullptr;
  if (W.Slop) {
    QualType SlopTy = Ctx.getConstantArrayType(Ctx.UnsignedCharTy, APInt(64, W.Slop), nullptr,
                                               ArraySizeModifier::Normal, 0);
    Slop = FieldDecl::Create(Ctx, RD, Loc, Loc, &Ctx.Idents.get(SlopName), SlopTy,
                             Ctx.getTrivialTypeSourceInfo(SlopTy, Loc), /*BW=*/nullptr,
                             /*Mutable=*/false, ICIS_NoInit);
    Slop->setImplicit(true);
    Slop->setAccess(AS_public);
    RD->addDecl(Slop);
  }

  SmallVector<Decl *, 16> Order{Tag};
  for (Decl *D : RD->decls())
    if (D != Tag && D != Slop)
      Order.push_back(D);
  if (Slop)
    Order.push_back(Slop);
  RD->reorderDecls(Order);
  // reorderDecls() marks the record randomised, and CodeGen then refuses
  // positional initialisers of it.
  RD->setIsRandomized(false);
  W.Wrapped = true;
}

/// Record that @RD is not wrapped because of @Why; say so when asked to.
void Wrapper::notWrapped(ASTContext &Ctx, const RecordDecl *RD, WrapInfo &W, std::string Why) {
  W.Wrapped = false;
  W.WhyNot = std::move(Why);
  if (!Remarks || Ctx.getSourceManager().isInSystemHeader(RD->getLocation()))
    return;
  DiagnosticsEngine &D = Ctx.getDiagnostics();
  D.Report(RD->getLocation(),
           D.getCustomDiagID(DiagnosticsEngine::Warning, "dsu: '%0' is not wrapped: %1"))
      << displayName(RD) << W.WhyNot;
}

/// Decide for the named struct @RD and wrap it if it may be.
void Wrapper::decide(ASTContext &Ctx, RecordDecl *RD, WrapInfo &W) {
  DiagnosticsEngine &D = Ctx.getDiagnostics();
  if (hasAnnotation(RD, WrapAnnotation) && hasAnnotation(RD, NoWrapAnnotation)) {
    D.Report(RD->getLocation(),
             D.getCustomDiagID(DiagnosticsEngine::Error,
                               "dsu: '%0' is annotated both dsu_wrap and dsu_nowrap"))
        << displayName(RD);
    W.WhyNot = "annotated both dsu_wrap and dsu_nowrap";
    return;
  }
  if (std::string Why = ineligible(Ctx, RD); !Why.empty())
    return notWrapped(Ctx, RD, W, std::move(Why));
  W.Forced = hasAnnotation(RD, WrapAnnotation);
  auto [UserSize, UserAlign] = unwrappedLayout(Ctx, RD);
  W.UserSize = UserSize;
  W.Slop = (W.UserSize * SlopPercent + 99) / 100;
  if (StringRef A = annotation(RD, SlopAnnotationPrefix); !A.empty()) {
    uint64_t N;
    if (A.drop_front(SlopAnnotationPrefix.size()).getAsInteger(10, N)) {
      D.Report(RD->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "dsu: annotation '%0' on '%1': the slop must be a number of bytes"))
          << A << displayName(RD);
      W.WhyNot = "bad dsu_slop annotation";
      return;
    }
    W.Slop = N;
  }
  wrap(Ctx, RD, W, UserAlign);
}

void Wrapper::handleDefinition(ASTContext &Ctx, RecordDecl *RD) {
  if (!RD->isCompleteDefinition() || RD->isInvalidDecl() || Decisions.count(RD))
    return;
  WrapInfo &W = Decisions[RD];
  if (RD->getIdentifier())
    return decide(Ctx, RD, W);
  if (std::string Why = ineligible(Ctx, RD); !Why.empty())
    return notWrapped(Ctx, RD, W, std::move(Why));
  // `typedef struct { ... } T;`: T is declared after the closing brace.
  // Only a file-scope declaration reaches handleTopLevelDecl() before any
  // other code of the program is parsed.
  if (RD->getDeclContext()->getRedeclContext()->isFileContext()) {
    Pending.push_back(RD);
    return;
  }
  notWrapped(Ctx, RD, W, "anonymous struct inside a function or another struct: no name to update it by");
}

/**
 * namesOnly() - true when every declaration of @G other than @RD is a
 * typedef of @RD or of a pointer to it.  Anything else in the same
 * declaration (`T, A[sizeof(T)]`) could already have used @RD's size.
 */
static bool namesOnly(DeclGroupRef G, const RecordDecl *RD) {
  for (const Decl *D : G) {
    if (D == RD)
      continue;
    const auto *TD = dyn_cast<TypedefNameDecl>(D);
    if (!TD)
      return false;
    QualType T = TD->getUnderlyingType().getCanonicalType();
    while (T->isPointerType())
      T = T->getPointeeType().getCanonicalType();
    if (T->getAsRecordDecl() != RD)
      return false;
  }
  return true;
}

void Wrapper::handleTopLevelDecl(ASTContext &Ctx, DeclGroupRef G) {
  if (Pending.empty())
    return;
  SmallVector<RecordDecl *, 4> Now;
  Now.swap(Pending);
  for (RecordDecl *RD : Now) {
    WrapInfo &W = Decisions[RD];
    if (!RD->getTypedefNameForAnonDecl())
      notWrapped(Ctx, RD, W, "anonymous struct without a typedef name: no name to update it by");
    else if (!namesOnly(G, RD))
      notWrapped(Ctx, RD, W,
                 "its typedef declares other names that may already use its size "
                 "(declare the typedef on its own)");
    else
      decide(Ctx, RD, W);
  }
}

const WrapInfo *Wrapper::lookup(const RecordDecl *RD) const {
  auto It = Decisions.find(RD);
  return It == Decisions.end() ? nullptr : &It->second;
}

} // namespace dsu
