//===- ManifestDecl.cpp - hand the recorded types to CodeGen --------------===//
//
// Part of dsu.  See ManifestDecl.h.
//
//===----------------------------------------------------------------------===//
#include "ManifestDecl.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"

using namespace clang;
using namespace llvm;

namespace dsu {

/**
 * emitStringGlobal() - define a used, internal string constant in the TU.
 * @CI:   the compiler instance whose consumer (CodeGen) receives the decl.
 * @Name: the variable's name.
 * @JSON: its contents (the terminating NUL is added).
 *
 * The decl is internal so two objects never clash at link time, `used` so
 * CodeGen emits it although nothing refers to it, and `nodebug` because the
 * pass erases it: a debug-info entry would describe a variable that is gone.
 */
void emitStringGlobal(CompilerInstance &CI, StringRef Name, StringRef JSON) {
  ASTContext &Ctx = CI.getASTContext();
  SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getLocForStartOfFile(SM.getMainFileID());

  APInt Len(32, JSON.size() + 1);
  // A C string literal has type char[N]; the variable is const char[N].
  QualType LitTy = Ctx.getConstantArrayType(Ctx.CharTy, Len, nullptr, ArraySizeModifier::Normal, 0);
  QualType VarTy =
      Ctx.getConstantArrayType(Ctx.CharTy.withConst(), Len, nullptr, ArraySizeModifier::Normal, 0);
  auto *Lit = clang::StringLiteral::Create(Ctx, JSON, StringLiteralKind::Ordinary, /*Pascal=*/false, LitTy, Loc);

  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  auto *VD = VarDecl::Create(Ctx, TU, Loc, Loc, &Ctx.Idents.get(Name), VarTy,
                             Ctx.getTrivialTypeSourceInfo(VarTy, Loc), SC_Static);
  VD->setInit(Lit);
  VD->setImplicit(true);
  VD->addAttr(UsedAttr::CreateImplicit(Ctx));
  VD->addAttr(NoDebugAttr::CreateImplicit(Ctx));
  TU->addDecl(VD);

  // The consumer is the multiplexer of every AST consumer of this compile
  // (this plugin's and CodeGen's): CodeGen emits the variable right away.
  CI.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(VD));
}

} // namespace dsu
