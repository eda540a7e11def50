//===- TypeRecorder.cpp - C-level layouts of the TU's structs and unions --===//
//
// Part of dsu.  See TypeRecorder.h.  The layout comes from the same
// ASTRecordLayout CodeGen uses, so offsets and sizes here agree with the IR
// and with sizeof/offsetof in the program.
//
//===----------------------------------------------------------------------===//
#include "TypeRecorder.h"
#include "AliasAnalysis.h"
#include "FieldKind.h"
#include "LayoutId.h"
#include "SourceNames.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace llvm;

namespace dsu {

void TypeRecorder::add(ASTContext &Ctx, TagDecl *TD) {
  auto *RD = dyn_cast<RecordDecl>(TD);
  if (!RD || !RD->isCompleteDefinition() || RD->isInvalidDecl() || RD->isImplicit() ||
      RD->isDependentType())
    return;
  // Lambdas and other compiler-made C++ classes have no layout a C program
  // could depend on.
  if (auto *CXX = dyn_cast<CXXRecordDecl>(RD); CXX && CXX->isLambda())
    return;
  SourceLocation Loc = RD->getLocation();
  const SourceManager &SM = Ctx.getSourceManager();
  // Types of system headers have a layout fixed from outside: never ours.
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
    return;
  Records.push_back(RD);
}

/// The name CodeGen gives the IR struct type of @RD, before LLVM makes it
/// unique with a ".N" suffix (mirrors CodeGenTypes::addRecordTypeName).
static std::string irBaseName(const RecordDecl *RD) {
  std::string S;
  raw_string_ostream OS(S);
  OS << RD->getKindName() << '.';
  PrintingPolicy Policy = RD->getASTContext().getPrintingPolicy();
  Policy.SuppressInlineNamespace = false;
  if (RD->getIdentifier())
    RD->printQualifiedName(OS, Policy);
  else if (const TypedefNameDecl *TDD = RD->getTypedefNameForAnonDecl())
    TDD->printQualifiedName(OS, Policy);
  else
    OS << "anon";
  return OS.str();
}

std::string TypeRecorder::fileName(StringRef Given) const {
  return projectFileName(SourceRoot, Given);
}

/// "pinned" and "field_aliases_held" of a wrapped record (AliasAnalysis.h);
/// each is absent when empty, so records of types without aliases stay as
/// they were.
void TypeRecorder::describeAliases(const RecordDecl *RD, json::Object &T) const {
  json::Array Pinned;
  for (const PinnedSite &P : Aliases->pinned(RD))
    Pinned.push_back(json::Object{{"why", P.Why}, {"file", P.File}, {"line", P.Line}});
  if (!Pinned.empty())
    T["pinned"] = std::move(Pinned);
  json::Array Held;
  for (const HeldAlias &H : Aliases->held(RD))
    Held.push_back(json::Object{
        {"field", H.Field}, {"file", H.File}, {"line", H.Line}, {"function", H.Function}});
  if (!Held.empty())
    T["field_aliases_held"] = std::move(Held);
}

json::Array TypeRecorder::toJSON(ASTContext &Ctx) const {
  // Local structs of the same name in different functions share a base IR
  // name; LLVM suffixes them in the order CodeGen happens to convert them,
  // so such names are left out rather than guessed.
  StringMap<unsigned> IRNameUses;
  for (const RecordDecl *RD : Records)
    ++IRNameUses[irBaseName(RD)];
  json::Array Out;
  for (const RecordDecl *RD : Records)
    Out.push_back(describe(Ctx, RD, IRNameUses));
  return Out;
}

/// "struct (anonymous at FILE:LINE:COL)": the name of a record that has
/// neither a tag nor a typedef name, used both for the record itself and for
/// fields of its type, so the two can be matched.
std::string TypeRecorder::anonymousName(ASTContext &Ctx, const RecordDecl *RD) const {
  const SourceManager &SM = Ctx.getSourceManager();
  PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(RD->getLocation()));
  if (PL.isInvalid())
    return (RD->getKindName() + " (anonymous)").str();
  return (RD->getKindName() + " (anonymous at " + fileName(PL.getFilename()) + ":" +
          Twine(PL.getLine()) + ":" + Twine(PL.getColumn()) + ")")
      .str();
}

/// The C spelling of a field's type; anonymous records get anonymousName()
/// instead of clang's "(unnamed struct)" / "union outer::(anonymous)".
std::string TypeRecorder::typeName(ASTContext &Ctx, QualType T, const PrintingPolicy &Policy) const {
  if (!T->getAs<TypedefType>())
    if (const RecordDecl *RD = T->getAsRecordDecl();
        RD && !RD->getIdentifier() && !RD->getTypedefNameForAnonDecl()) {
      std::string Quals = T.getQualifiers().getAsString();
      return Quals.empty() ? anonymousName(Ctx, RD) : Quals + " " + anonymousName(Ctx, RD);
    }
  return T.getAsString(Policy);
}

/// Size in bytes of a field of type @T; 0 for a flexible array member.
static uint64_t fieldSize(ASTContext &Ctx, QualType T) {
  if (T->isIncompleteType())
    return 0;
  return Ctx.getTypeSizeInChars(T).getQuantity();
}

/**
 * describe() - one element of the manifest's "types" array.
 * @Ctx:        the AST context, for layout and printing.
 * @RD:         a complete struct or union definition.
 * @IRNameUses: how many recorded records share each IR base name.
 */
json::Object TypeRecorder::describe(ASTContext &Ctx, const RecordDecl *RD,
                                    StringMap<unsigned> &IRNameUses) const {
  const SourceManager &SM = Ctx.getSourceManager();
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  // "struct (unnamed at /abs/path/f.c:3:5)" would make a field's type depend
  // on where the build tree lives.
  Policy.AnonymousTagLocations = false;
  const ASTRecordLayout &Layout = Ctx.getASTRecordLayout(RD);
  PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(RD->getLocation()));
  std::string File = PL.isValid() ? fileName(PL.getFilename()) : std::string("<unknown>");
  unsigned Line = PL.isValid() ? PL.getLine() : 0;

  json::Object T;
  std::string Name;
  if (RD->getIdentifier())
    Name = (RD->getKindName() + " " + RD->getName()).str();
  else if (const TypedefNameDecl *TDD = RD->getTypedefNameForAnonDecl())
    Name = TDD->getName().str();
  else
    Name = anonymousName(Ctx, RD);
  T["name"] = Name;
  std::string IRName = irBaseName(RD);
  if (!StringRef(IRName).ends_with(".anon") && IRNameUses.lookup(IRName) == 1)
    T["ir_name"] = IRName;
  T["size"] = Layout.getSize().getQuantity();
  T["align"] = Layout.getAlignment().getQuantity();
  T["file"] = File;
  T["line"] = Line;
  if (RD->hasFlexibleArrayMember())
    T["flexible"] = true;

  if (Wrap) {
    // Type wrapping (docs/type-wrapping.md): the tag and the slop are not
    // the program's fields, so they are described here, not listed below.
    const WrapInfo *W = Wrap->lookup(RD);
    T["wrapped"] = W && W->Wrapped;
    if (W && W->Wrapped) {
      T["tag_offset"] = 0;
      T["tag_size"] = 4;
      T["slop"] = W->Slop;
      T["user_size"] = W->UserSize;
      if (Aliases)
        describeAliases(RD, T);
    } else {
      T["why_not"] = ((W ? W->WhyNot : std::string("not seen when defined")) + " at " + File + ":" +
                      Twine(Line))
                         .str();
    }
  }

  const bool Wrapped = Wrap && Wrap->isWrapped(RD);
  json::Array Fields;
  for (const FieldDecl *FD : RD->fields()) {
    // The tag and the slop; other implicit fields (anonymous struct and
    // union members) are the program's own.
    if (Wrapped && FD->isImplicit() && FD->isUnnamedBitField())
      continue;
    json::Object F;
    uint64_t Bits = Layout.getFieldOffset(FD->getFieldIndex());
    F["name"] = FD->getName().str();
    F["type"] = typeName(Ctx, FD->getType(), Policy);
    F["offset"] = Bits / Ctx.getCharWidth();
    F["size"] = fieldSize(Ctx, FD->getType());
    F["kind"] = fieldKind(Ctx, FD->getType());
    if (FD->isBitField()) {
      // Bit offset from the start of the record; "size" stays the size of
      // the declared type.
      F["bit_offset"] = Bits;
      F["bit_width"] = FD->getBitWidthValue(Ctx);
    }
    Fields.push_back(std::move(F));
  }
  if (Wrapped)
    T["layout_id"] = layoutIdHex(layoutId(Name, Layout.getSize().getQuantity(),
                                          Layout.getAlignment().getQuantity(), Fields));
  T["fields"] = std::move(Fields);
  return T;
}

} // namespace dsu
