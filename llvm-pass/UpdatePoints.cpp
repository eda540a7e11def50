// UpdatePoints.cpp - see UpdatePoints.h.
#include "UpdatePoints.h"
#include "Naming.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace dsu {

void lowerUpdatePoints(Module &M, TUInfo &Info, bool ExeLocal) {
  Function *Decl = M.getFunction("dsu_update");
  if (!Decl)
    return;
  LLVMContext &Ctx = M.getContext();
  Type *I32 = Type::getInt32Ty(Ctx);
  PointerType *Ptr = PointerType::getUnqual(Ctx);
  // struct dsu__point of include/dsu.h.
  StructType *PointTy = StructType::get(Ctx, {Ptr, Ptr, I32, I32});

  SmallVector<CallInst *, 8> Calls;
  for (Function &F : M)
    for (BasicBlock &BB : F)
      for (Instruction &I : BB)
        if (auto *CI = dyn_cast<CallInst>(&I))
          if (CI->getCalledFunction() == Decl)
            Calls.push_back(CI);
  if (Calls.empty())
    return;
  if (!Decl->getFunctionType()->getReturnType()->isIntegerTy(32) || Decl->arg_size() != 0)
    report_fatal_error(Twine("dsu: dsu_update is not declared as int dsu_update(void) in ") + Info.TUId, false);

  auto *Pending = cast<GlobalVariable>(M.getOrInsertGlobal("__dsu_pending", I32));
  Pending->setDSOLocal(ExeLocal);
  FunctionCallee Slow = M.getOrInsertFunction("__dsu_update_point", FunctionType::get(I32, {Ptr}, false));

  // One string per function name and file, shared by their points.
  StringMap<Constant *> Strings;
  auto Str = [&](StringRef S, const char *Name) {
    Constant *&C = Strings[S];
    if (!C)
      C = IRBuilder<>(Ctx).CreateGlobalStringPtr(S, Name, 0, &M);
    return C;
  };
  for (CallInst *CI : Calls) {
    unsigned Index = Info.UpdatePoints.size();
    Function *F = CI->getFunction();
    UpdatePointRecord R;
    R.Index = Index;
    R.Function = F->getName().str();
    R.File = Info.TUId;
    if (const DILocation *Loc = CI->getDebugLoc().get()) {
      R.File = debugFileId(Loc->getDirectory(), Loc->getFilename());
      R.Line = Loc->getLine();
    }
    IRBuilder<> B(CI);
    Constant *Desc = ConstantStruct::get(
        PointTy, {Str(R.Function, "__dsu_up.fn"), Str(R.File, "__dsu_up.file"),
                  ConstantInt::get(I32, R.Line),
                  ConstantInt::get(I32, Index)});
    auto *DescGV = new GlobalVariable(M, PointTy, true, GlobalValue::PrivateLinkage, Desc,
                                      "__dsu_up." + Info.TUH + "." + Twine(Index));
    DescGV->setAlignment(Align(8));

    LoadInst *Flag = B.CreateLoad(I32, Pending, /*isVolatile=*/true, "dsu.pending");
    Value *Cond = B.CreateICmpNE(Flag, ConstantInt::get(I32, 0));
    MDNode *Unlikely = MDBuilder(Ctx).createUnlikelyBranchWeights();
    Instruction *Then = SplitBlockAndInsertIfThen(Cond, CI, false, Unlikely);
    B.SetInsertPoint(Then);
    CallInst *SlowCall = B.CreateCall(Slow, {DescGV});
    SlowCall->setDebugLoc(CI->getDebugLoc());
    B.SetInsertPoint(CI);
    PHINode *Phi = B.CreatePHI(I32, 2, "dsu.update");
    Phi->addIncoming(ConstantInt::get(I32, 0), cast<Instruction>(Cond)->getParent());
    Phi->addIncoming(SlowCall, Then->getParent());
    CI->replaceAllUsesWith(Phi);
    CI->eraseFromParent();
    Info.UpdatePoints.push_back(std::move(R));
  }
}

} // namespace dsu
