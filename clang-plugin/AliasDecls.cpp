//===- AliasDecls.cpp - declarations and types as the alias analysis sees them ===//
//
// Part of dsu.  See AliasDecls.h.
//
//===----------------------------------------------------------------------===//
#include "AliasDecls.h"
#include "AliasAnalysis.h"
#include "Wrapper.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"

using namespace clang;
using namespace llvm;

namespace dsu {

static bool hasOkAnnotation(const Decl *D) {
  for (const AnnotateAttr *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == AliasAnalysis::OkAnnotation)
      return true;
  return false;
}

/**
 * isAliasOk() - true when @D carries annotate("dsu_alias_ok") on any of its
 * declarations (a prototype in a header counts); for a parameter, on the
 * same parameter of any declaration of its function.
 */
bool isAliasOk(const Decl *D) {
  if (!D)
    return false;
  if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
    const auto *FD = dyn_cast<FunctionDecl>(P->getDeclContext());
    if (!FD)
      return hasOkAnnotation(P);
    unsigned I = P->getFunctionScopeIndex();
    for (const FunctionDecl *R : FD->redecls())
      if (I < R->getNumParams() && hasOkAnnotation(R->getParamDecl(I)))
        return true;
    return false;
  }
  for (const Decl *R : D->redecls())
    if (hasOkAnnotation(R))
      return true;
  return false;
}

std::string describeDecl(const Decl *D) {
  if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
    std::string S = "parameter '" + P->getNameAsString() + "'";
    if (const auto *FD = dyn_cast<FunctionDecl>(P->getDeclContext()))
      S += " of '" + FD->getNameAsString() + "'";
    return S;
  }
  if (const auto *V = dyn_cast<VarDecl>(D)) {
    const char *Kind = V->hasLocalStorage() ? "variable"
                       : V->isStaticLocal() ? "static variable"
                                            : "global variable";
    return std::string(Kind) + " '" + V->getNameAsString() + "'";
  }
  if (const auto *F = dyn_cast<FieldDecl>(D))
    return "field '" + F->getNameAsString() + "' of '" + Wrapper::displayName(F->getParent()) + "'";
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    return "function '" + FD->getNameAsString() + "'";
  return "the declaration";
}

const RecordDecl *recordDefinition(const RecordDecl *RD) {
  return RD && RD->getDefinition() ? RD->getDefinition() : RD;
}

const RecordDecl *pointeeRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getCanonicalType();
  if (!T->isPointerType())
    return nullptr;
  return recordDefinition(T->getPointeeType()->getAsRecordDecl());
}

} // namespace dsu
