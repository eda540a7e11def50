//===- Wrapper.cpp - type wrapping: version tag and slop for updateable structs ===//
//
// Part of dsu.  See Wrapper.h for when and why decisions are made.
//
//===----------------------------------------------------------------------===//
#include "Wrapper.h"
#include "BaseLayouts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclGroup.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

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

/// The layout of a copy of a record (layoutCopy()).
struct CopyLayout {
  uint64_t Size = 0, Align = 0;
  uint64_t DataSize = 0; ///< end of the last field, in bytes: sizeof without tail padding
};

/**
 * layoutCopy() - the layout of a nameless copy of @RD, with a version tag
 * first when @WithTag: sizeof and _Alignof(@RD) as the program wrote it, or
 * the room its tag and fields need once wrapped (base=FILE).
 *
 * @RD's own layout must not be computed before it is wrapped: ASTContext
 * caches layouts and has no way to forget one.  So a nameless copy with the
 * same fields and attributes (packing, alignment, ms_struct) is laid out
 * instead, with diagnostics off so -Wpadded does not speak about the copy.
 */
static CopyLayout layoutCopy(ASTContext &Ctx, const RecordDecl *RD, bool WithTag) {
  auto *DC = const_cast<DeclContext *>(RD->getDeclContext());
  RecordDecl *Copy = RecordDecl::Create(Ctx, RD->getTagKind(), DC, RD->getBeginLoc(),
                                        RD->getLocation(), /*Id=*/nullptr);
  for (const Attr *A : RD->attrs())
    Copy->addAttr(A->clone(Ctx));
  Copy->startDefinition();
  if (WithTag) {
    SourceLocation Loc = RD->getLocation();
    QualType U32 = Ctx.UnsignedIntTy;
    FieldDecl *Tag = FieldDecl::Create(Ctx, Copy, Loc, Loc, /*Id=*/nullptr, U32,
                                       Ctx.getTrivialTypeSourceInfo(U32, Loc),
                                       IntegerLiteral::Create(Ctx, APInt(32, 32), Ctx.IntTy, Loc),
                                       /*Mutable=*/false, ICIS_NoInit);
    Tag->setImplicit(true);
    Copy->addDecl(Tag);
  }
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
  // ASTRecordLayout's data size of a C record is its padded size; the end
  // of the last field (rounded up to a byte) is what the slop may follow.
  uint64_t EndBits = 0;
  for (const FieldDecl *FD : Copy->fields()) {
    uint64_t Bits = FD->isBitField() ? FD->getBitWidthValue(Ctx)
                    : FD->getType()->isIncompleteType() ? 0
                                                         : Ctx.getTypeSize(FD->getType());
    EndBits = std::max(EndBits, L.getFieldOffset(FD->getFieldIndex()) + Bits);
  }
  return {static_cast<uint64_t>(L.getSize().getQuantity()),
          static_cast<uint64_t>(L.getAlignment().getQuantity()),
          (EndBits + Ctx.getCharWidth() - 1) / Ctx.getCharWidth()};
}

/// Add the tag and slop members to @RD and put the tag first.
void Wrapper::wrap(ASTContext &Ctx, RecordDecl *RD, WrapInfo &W, uint64_t UserAlign, uint64_t Align) {
  SourceLocation Loc = RD->getLocation();
  // An unnamed bit-field does not count for the record's alignment (SysV
  // ABI), so `struct { short s; }` would put its 4-byte tag at offsets 2, 6,
  // ... of an array: the tag is read with one aligned 32-bit load.  Beyond
  // that, a later version must be able to hold a long or a pointer
  // (MinAlign), or the alignment is the base build's.
  if (UserAlign < Align)
    RD->addAttr(AlignedAttr::CreateImplicit(
        Ctx, /*IsAlignmentExpr=*/true,
        IntegerLiteral::Create(Ctx, APInt(32, Align), Ctx.IntTy, Loc), SourceRange(Loc)));
  // Where the slop starts: the end of the fields, laid out behind the tag.
  const uint64_t SlopAt = layoutCopy(Ctx, RD, /*WithTag=*/true).DataSize;
  QualType U32 = Ctx.UnsignedIntTy;
  Expr *Width = IntegerLiteral::Create(Ctx, APInt(32, 32), Ctx.IntTy, Loc);
  FieldDecl *Tag = FieldDecl::Create(Ctx, RD, Loc, Loc, /*Id=*/nullptr, U32,
                                     Ctx.getTrivialTypeSourceInfo(U32, Loc), Width,
                                     /*Mutable=*/false, ICIS_NoInit);
  Tag->setImplicit(true);
  Tag->setAccess(AS_public);
  RD->addDecl(Tag);

  // The slop is unnamed bit-fields, not an array: initialisers skip unnamed
  // members, so `{1, 2}` does not draw -Wmissing-field-initializers (a
  // -Werror build must not break), and the bytes are padding to the
  // optimiser.  Bytes up to an 8-byte boundary, then 64-bit units (which
  // never straddle one there), then the tail: exactly W.Slop bytes.
  SmallVector<Decl *, 16> SlopFields;
  if (W.Slop) {
    uint64_t At = SlopAt;
    uint64_t Left = W.Slop;
    auto Add = [&](QualType T, unsigned Bits) {
      FieldDecl *F = FieldDecl::Create(
          Ctx, RD, Loc, Loc, /*Id=*/nullptr, T, Ctx.getTrivialTypeSourceInfo(T, Loc),
          IntegerLiteral::Create(Ctx, APInt(32, Bits), Ctx.IntTy, Loc), /*Mutable=*/false, ICIS_NoInit);
      F->setImplicit(true);
      F->setAccess(AS_public);
      RD->addDecl(F);
      SlopFields.push_back(F);
      At += Bits / 8;
      Left -= Bits / 8;
    };
    while (Left && (At % 8 || Left < 8))
      Add(Ctx.UnsignedCharTy, 8);
    while (Left >= 8)
      Add(Ctx.UnsignedLongLongTy, 64);
    while (Left)
      Add(Ctx.UnsignedCharTy, 8);
  }

  SmallVector<Decl *, 16> Order{Tag};
  for (Decl *D : RD->decls())
    if (D != Tag && !llvm::is_contained(SlopFields, D))
      Order.push_back(D);
  Order.append(SlopFields.begin(), SlopFields.end());
  RD->reorderDecls(Order);
  // reorderDecls() marks the record randomised, and CodeGen then refuses
  // positional initialisers of it.
  RD->setIsRandomized(false);
  W.Wrapped = true;
}

/// Record that @RD is not wrapped because of @Why; say so when asked to.
/// A type the base build wrapped must stay wrapped: that is an error.
void Wrapper::notWrapped(ASTContext &Ctx, const RecordDecl *RD, WrapInfo &W, std::string Why) {
  W.Wrapped = false;
  W.WhyNot = std::move(Why);
  DiagnosticsEngine &D = Ctx.getDiagnostics();
  if (const BaseType *B = Base ? Base->lookup(displayName(RD)) : nullptr; B && B->Wrapped) {
    D.Report(RD->getLocation(),
             D.getCustomDiagID(DiagnosticsEngine::Error,
                               "dsu: '%0' is wrapped in the base build %1 (%2 bytes), but cannot be "
                               "wrapped now: %3; objects of the running program could not be "
                               "converted in place (undo that change, or restart from a new base)"))
        << displayName(RD) << Base->binary() << B->Size << W.WhyNot;
    return;
  }
  if (!Remarks || Ctx.getSourceManager().isInSystemHeader(RD->getLocation()))
    return;
  D.Report(RD->getLocation(),
           D.getCustomDiagID(DiagnosticsEngine::Warning, "dsu: '%0' is not wrapped: %1"))
      << displayName(RD) << W.WhyNot;
}

/**
 * fitToBase() - choose the slop of @RD so that its wrapped size is the base
 * build's @BaseSize, with alignment @BaseAlign.
 *
 * The tag and the fields, laid out as they will be, must end within
 * @BaseSize; the slop fills the rest (an unsigned char array fits any
 * tail), and with the base's alignment the size is then exactly @BaseSize.
 *
 * Return: false after reporting an error (the change does not fit).
 */
bool Wrapper::fitToBase(ASTContext &Ctx, const RecordDecl *RD, WrapInfo &W, uint64_t UserAlign,
                        uint64_t BaseSize, uint64_t BaseAlign) {
  DiagnosticsEngine &D = Ctx.getDiagnostics();
  if (UserAlign > BaseAlign) {
    D.Report(RD->getLocation(),
             D.getCustomDiagID(DiagnosticsEngine::Error,
                               "dsu: '%0' needs alignment %1 but its alignment in the base build %2 "
                               "is %3: objects of the running program cannot move (keep the "
                               "alignment, or restart from a new base)"))
        << displayName(RD) << UserAlign << Base->binary() << BaseAlign;
    W.WhyNot = "alignment larger than in the base build";
    return false;
  }
  uint64_t Needed = layoutCopy(Ctx, RD, /*WithTag=*/true).DataSize;
  if (Needed > BaseSize) {
    D.Report(RD->getLocation(),
             D.getCustomDiagID(DiagnosticsEngine::Error,
                               "dsu: '%0' needs %1 bytes but its wrapped size in %2 is %3 (room for "
                               "%4 bytes of fields): the change outgrows the slop; move the new "
                               "fields to a struct of their own reached through a pointer, or "
                               "restart from a new base"))
        << displayName(RD) << Needed << Base->binary() << BaseSize << BaseSize - 4;
    W.WhyNot = "outgrows the slop of the base build";
    return false;
  }
  W.Slop = BaseSize - Needed;
  return true;
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
  const BaseType *B = Base ? Base->lookup(displayName(RD)) : nullptr;
  if (B && !B->Wrapped)
    return notWrapped(Ctx, RD, W, ("not wrapped in the base build " + Base->binary()).str());
  W.Forced = hasAnnotation(RD, WrapAnnotation);
  CopyLayout User = layoutCopy(Ctx, RD, /*WithTag=*/false);
  W.UserSize = User.Size;
  if (B) {
    // The base fixes the size; a dsu_slop annotation only mattered when
    // the base was built.
    if (!fitToBase(Ctx, RD, W, User.Align, B->Size, B->Align))
      return;
    return wrap(Ctx, RD, W, User.Align, B->Align);
  }
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
  // Never passed or returned in registers (x86-64 passes structs of more
  // than 16 bytes in memory): a value coerced to registers is read with no
  // tag check.  The base build's size carries this to later versions.
  uint64_t Data = layoutCopy(Ctx, RD, /*WithTag=*/true).DataSize;
  if (Data + W.Slop < MinWrappedSize)
    W.Slop = MinWrappedSize - Data;
  wrap(Ctx, RD, W, User.Align, std::max<uint64_t>(User.Align, MinAlign));
}

void Wrapper::handleDefinition(ASTContext &Ctx, RecordDecl *RD) {
  if (!RD->isCompleteDefinition() || RD->isInvalidDecl() || Decisions.count(RD))
    return;
  WrapInfo &W = Decisions[RD];
  if (RD->getIdentifier())
    return decide(Ctx, RD, W);
  // `typedef struct { ... } T;`: T is declared after the closing brace.
  // Only a file-scope declaration reaches handleTopLevelDecl() before any
  // other code of the program is parsed.  Ineligible ones wait too, so
  // that a base build's decision can be looked up under T.
  if (RD->getDeclContext()->getRedeclContext()->isFileContext()) {
    Pending.push_back(RD);
    return;
  }
  if (std::string Why = ineligible(Ctx, RD); !Why.empty())
    return notWrapped(Ctx, RD, W, std::move(Why));
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
    if (std::string Why = ineligible(Ctx, RD); !Why.empty())
      notWrapped(Ctx, RD, W, std::move(Why));
    else if (!RD->getTypedefNameForAnonDecl())
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
