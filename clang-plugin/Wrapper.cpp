//===- Wrapper.cpp - type wrapping: version tag and slop for updateable structs ===//
//
// Part of dsu.  See Wrapper.h.
//
//===----------------------------------------------------------------------===//
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
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

/**
 * ineligible() - why @RD cannot be wrapped, judged from its definition alone.
 *
 * Return: "" when it can.
 */
std::string Wrapper::ineligible(ASTContext &Ctx, const RecordDecl *RD) const {
  if (!RD->isStruct())
    return "not a struct (unions are never wrapped)";
  if (Ctx.getSourceManager().isInSystemHeader(RD->getLocation()))
    return "defined in a system header: its layout is fixed from outside";
  if (!RD->getIdentifier())
    return "anonymous struct: its typedef name is not known when its layout is fixed";
  if (!annotation(RD, NoWrapAnnotation).empty())
    return "annotated dsu_nowrap";
  if (RD->hasAttr<PackedAttr>())
    return "packed: its layout is a format";
  if (RD->hasFlexibleArrayMember())
    return "has a flexible array member: nothing may follow it";
  if (RD->field_empty())
    return "has no fields";
  return "";
}

/// Bytes of the fields of @RD, without padding (bit-fields rounded up):
/// the measure of "the size of T" the slop rule uses.  The record's own
/// layout must not be computed yet (it would be cached, then changed).
static uint64_t userBytes(ASTContext &Ctx, const RecordDecl *RD) {
  uint64_t Bits = 0;
  for (const FieldDecl *FD : RD->fields())
    Bits += FD->isBitField() ? FD->getBitWidthValue(Ctx) : Ctx.getTypeSize(FD->getType());
  return (Bits + 7) / 8;
}

/// Add the tag and slop members to @RD and put the tag first.
void Wrapper::wrap(ASTContext &Ctx, RecordDecl *RD, WrapInfo &W) {
  SourceLocation Loc = RD->getLocation();
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

void Wrapper::handleDefinition(ASTContext &Ctx, RecordDecl *RD) {
  if (!RD->isCompleteDefinition() || RD->isInvalidDecl() || Decisions.count(RD))
    return;
  WrapInfo &W = Decisions[RD];
  W.WhyNot = ineligible(Ctx, RD);
  if (!W.WhyNot.empty())
    return;
  W.UserBytes = userBytes(Ctx, RD);
  W.Slop = (W.UserBytes * SlopPercent + 99) / 100;
  if (StringRef A = annotation(RD, SlopAnnotationPrefix); !A.empty()) {
    uint64_t N;
    if (A.drop_front(SlopAnnotationPrefix.size()).getAsInteger(10, N)) {
      DiagnosticsEngine &D = Ctx.getDiagnostics();
      D.Report(RD->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "dsu: annotation '%0' on %1: the slop must be a number of bytes"))
          << A << RD;
      W.WhyNot = "bad dsu_slop annotation";
      return;
    }
    W.Slop = N;
  }
  wrap(Ctx, RD, W);
}

const WrapInfo *Wrapper::lookup(const RecordDecl *RD) const {
  auto It = Decisions.find(RD);
  return It == Decisions.end() ? nullptr : &It->second;
}

} // namespace dsu
