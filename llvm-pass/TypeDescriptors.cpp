// TypeDescriptors.cpp - see TypeDescriptors.h.
#include "TypeDescriptors.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/TypeFinder.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace dsu {

GlobalVariable *getTypeDescriptor(Module &M, const WrappedType &W) {
  std::string Name = W.descName();
  if (GlobalVariable *GV = M.getGlobalVariable(Name, true))
    if (GV->hasInitializer())
      return GV;
  LLVMContext &Ctx = M.getContext();
  Type *I32 = Type::getInt32Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  PointerType *Ptr = PointerType::getUnqual(Ctx);
  StructType *DescTy = StructType::get(Ctx, {I32, I32, I64, Ptr, Ptr});
  Constant *Str = IRBuilder<>(Ctx).CreateGlobalStringPtr(W.CName, "__dsu_type.name", 0, &M);
  Constant *Init = ConstantStruct::get(
      DescTy, {ConstantInt::get(I32, 1), ConstantInt::get(I32, W.ID), ConstantInt::get(I64, W.Size),
               Str, ConstantPointerNull::get(Ptr)});
  // Not constant: the runtime keeps its registry pointer in the last field.
  auto *GV = new GlobalVariable(M, DescTy, false, GlobalValue::WeakAnyLinkage, Init, Name);
  GV->setAlignment(Align(8));
  GV->setVisibility(GlobalValue::DefaultVisibility);
  if (GlobalVariable *Old = M.getGlobalVariable(Name, true); Old && Old != GV) {
    // A declaration made earlier (a hand-written reference): take it over.
    Old->replaceAllUsesWith(GV);
    GV->takeName(Old);
    Old->eraseFromParent();
  }
  appendToUsed(M, {GV});
  return GV;
}

void emitUsedTypeDescriptors(Module &M, const WrappedTypes &WT) {
  TypeFinder TF;
  TF.run(M, /*onlyNamed=*/true);
  for (StructType *ST : TF)
    if (const WrappedType *W = WT.byStruct(ST))
      getTypeDescriptor(M, *W);
}

} // namespace dsu
