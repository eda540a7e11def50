//===- FieldKind.cpp - the "kind" of a field in the manifest --------------===//
//
// Part of dsu.  See FieldKind.h.
//
//===----------------------------------------------------------------------===//
#include "FieldKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

using namespace clang;

namespace dsu {

llvm::StringRef fieldKind(ASTContext &Ctx, QualType T) {
  T = T.getCanonicalType();
  if (const auto *ET = T->getAs<EnumType>())
    T = ET->getDecl()->getIntegerType().getCanonicalType();
  if (T.isNull())
    return "other";
  if (T->isBooleanType() || T->isUnsignedIntegerType())
    return "uint";
  if (T->isSignedIntegerType())
    return "int";
  if (T->isRealFloatingType())
    return "float";
  if (T->isPointerType())
    return "pointer";
  if (T->isRecordType())
    return "struct";
  if (const ArrayType *AT = Ctx.getAsArrayType(T)) {
    QualType E = AT->getElementType().getCanonicalType();
    if (E->isCharType())
      return "char_array";
    return "array";
  }
  return "other";
}

} // namespace dsu
