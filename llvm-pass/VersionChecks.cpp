// VersionChecks.cpp - see VersionChecks.h.
#include "VersionChecks.h"
#include "Naming.h"
#include "TypeDescriptors.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ReplaceConstant.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace dsu {

/// The marker: reads inaccessible memory only, so it merges like a load of
/// "the tag state" that every unknown call may change.  Not `returned`:
/// InstCombine would forward the argument and drop the marker.
static FunctionCallee markerDecl(Module &M) {
  LLVMContext &Ctx = M.getContext();
  PointerType *Ptr = PointerType::getUnqual(Ctx);
  FunctionCallee FC = M.getOrInsertFunction(
      CheckMarkerName, FunctionType::get(Ptr, {Ptr, Ptr, Type::getInt32Ty(Ctx)}, false));
  auto *F = cast<Function>(FC.getCallee());
  F->setMemoryEffects(MemoryEffects::inaccessibleMemOnly(ModRefInfo::Ref));
  F->setDoesNotThrow();
  F->setWillReturn();
  return FC;
}

/// Objects whose tags always hold this code's ids need no check: locals
/// (stamped when created, filled only with checked bytes), objects passed
/// by value (byval: the caller's checked copy) or returned by value (sret:
/// the caller's stamped local), and constant globals (tagged in their
/// initialiser, read-only).
static bool needsNoCheck(const Value *P) {
  const Value *O = getUnderlyingObject(P, /*MaxLookup=*/0);
  if (auto *GV = dyn_cast<GlobalVariable>(O))
    return GV->isConstant() && GV->hasInitializer();
  if (auto *A = dyn_cast<Argument>(O))
    return A->hasByValAttr() || A->hasStructRetAttr();
  return isa<AllocaInst>(O);
}

/// Global GEPs are constant expressions (`load (gep (%struct.T, @g, 0, 3))`);
/// they become instructions so their object pointer can be checked.
static void expandConstantGEPs(Function &F, const WrappedTypes &WT) {
  SmallVector<Constant *, 8> Consts;
  SmallPtrSet<Constant *, 8> Seen;
  std::function<bool(Constant *)> HasWrappedGEP = [&](Constant *C) -> bool {
    auto *CE = dyn_cast<ConstantExpr>(C);
    if (!CE)
      return false;
    if (auto *GO = dyn_cast<GEPOperator>(CE))
      if (GO->getNumIndices() >= 2 && WT.byStruct(GO->getSourceElementType()))
        return true;
    for (Use &U : CE->operands())
      if (HasWrappedGEP(cast<Constant>(U.get())))
        return true;
    return false;
  };
  // Nested wrapped GEPs too (`ghold.c.hits`: a GEP into struct conn over
  // one into struct holder): expanded with the outer one, each gets its
  // own check; left constant, the inner object's tag would go unchecked.
  std::function<void(Constant *)> AddNested = [&](Constant *C) {
    auto *CE = dyn_cast<ConstantExpr>(C);
    if (!CE)
      return;
    if (auto *GO = dyn_cast<GEPOperator>(CE))
      if (GO->getNumIndices() >= 2 && WT.byStruct(GO->getSourceElementType()) && Seen.insert(C).second)
        Consts.push_back(C);
    for (Use &U : CE->operands())
      AddNested(cast<Constant>(U.get()));
  };
  for (Instruction &I : instructions(F))
    for (Use &U : I.operands())
      if (auto *C = dyn_cast<Constant>(U.get()))
        if (HasWrappedGEP(C)) {
          if (Seen.insert(C).second)
            Consts.push_back(C);
          AddNested(C);
        }
  if (!Consts.empty())
    convertUsersOfConstantsToInstructions(Consts, &F, /*RemoveDeadConstants=*/false,
                                          /*IncludeSelf=*/true);
}

void insertCheckMarkers(Module &M, const WrappedTypes &WT, const TUInfo &Info) {
  if (WT.empty())
    return;
  FunctionCallee Marker;
  for (const FunctionRecord &R : Info.Functions) {
    Function &F = *R.F;
    if (F.isDeclaration())
      continue;
    expandConstantGEPs(F, WT);
    SmallVector<GetElementPtrInst *, 32> GEPs;
    SmallVector<MemTransferInst *, 8> Copies;
    SmallVector<std::pair<CallBase *, unsigned>, 8> ByVals;
    for (Instruction &I : instructions(F)) {
      if (auto *CB = dyn_cast<CallBase>(&I))
        for (unsigned A = 0; A < CB->arg_size(); ++A)
          if (Type *T = CB->getParamByValType(A); T && WT.byStruct(T) && !needsNoCheck(CB->getArgOperand(A)))
            ByVals.push_back({CB, A});
      if (auto *G = dyn_cast<GetElementPtrInst>(&I)) {
        if (G->getNumIndices() >= 2 && WT.byStruct(G->getSourceElementType()) &&
            !needsNoCheck(G->getPointerOperand()))
          GEPs.push_back(G);
      } else if (auto *MT = dyn_cast<MemTransferInst>(&I)) {
        Copies.push_back(MT);
      }
    }
    auto MakeMarker = [&](IRBuilder<> &B, Value *P, const WrappedType &W, Instruction *At) {
      if (!Marker)
        Marker = markerDecl(M);
      CallInst *CI = B.CreateCall(Marker, {P, getTypeDescriptor(M, W), B.getInt32(W.ID)}, "dsu.obj");
      CI->setDebugLoc(At->getDebugLoc());
      return CI;
    };
    for (GetElementPtrInst *G : GEPs) {
      const WrappedType &W = *WT.byStruct(G->getSourceElementType());
      IRBuilder<> B(G);
      Value *Obj = G->getPointerOperand();
      Value *Idx0 = G->getOperand(1);
      auto *C0 = dyn_cast<ConstantInt>(Idx0);
      bool Offset = !C0 || !C0->isZero();
      if (Offset) // p[i].f: the object is p + i, a GEP of its own.
        Obj = B.CreateGEP(W.ST, Obj, {Idx0}, "dsu.elt", G->isInBounds());
      G->setOperand(0, MakeMarker(B, Obj, W, G));
      if (Offset)
        G->setOperand(1, ConstantInt::get(Idx0->getType(), 0));
    }
    // An object passed by value is copied by the call itself (no memcpy in
    // the IR): the callee's copy must be made from an object in this code's
    // layout, so the source is checked at the call.
    for (auto [CB, A] : ByVals) {
      const WrappedType &W = *WT.byStruct(CB->getParamByValType(A));
      IRBuilder<> B(CB);
      CB->setArgOperand(A, MakeMarker(B, CB->getArgOperand(A), W, CB));
    }
    // A copy of a whole object into a local reads the source's layout.
    const DataLayout &DL = M.getDataLayout();
    for (MemTransferInst *MT : Copies) {
      auto *AI = dyn_cast<AllocaInst>(getUnderlyingObject(MT->getDest()));
      if (!AI || needsNoCheck(MT->getSource()))
        continue;
      const WrappedType *W = WT.byStruct(AI->getAllocatedType());
      auto *Len = dyn_cast<ConstantInt>(MT->getLength());
      if (!W || !Len || Len->getZExtValue() != DL.getTypeAllocSize(W->ST))
        continue;
      IRBuilder<> B(MT);
      MT->setSource(MakeMarker(B, MT->getSource(), *W, MT));
    }
  }
}

bool lowerCheckMarkers(Module &M) {
  Function *Marker = M.getFunction(CheckMarkerName);
  if (!Marker)
    return false;
  LLVMContext &Ctx = M.getContext();
  PointerType *Ptr = PointerType::getUnqual(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx);
  FunctionCallee Convert =
      M.getOrInsertFunction("__dsu_convert", FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr, I32}, false));
  if (auto *F = dyn_cast<Function>(Convert.getCallee())) {
    F->addFnAttr(Attribute::Cold);
    F->setDoesNotThrow();
  }
  MDNode *Likely = MDBuilder(Ctx).createLikelyBranchWeights();
  SmallVector<CallInst *, 32> Calls;
  for (User *U : Marker->users())
    if (auto *CI = dyn_cast<CallInst>(U); CI && CI->getCalledFunction() == Marker)
      Calls.push_back(CI);
    else
      report_fatal_error("dsu: " + Twine(CheckMarkerName) + " used other than by a call", false);
  for (CallInst *CI : Calls) {
    Value *P = CI->getArgOperand(0), *Desc = CI->getArgOperand(1);
    Value *Id = CI->getArgOperand(2);
    if (needsNoCheck(P)) { // inlined into a caller that owns the object
      CI->replaceAllUsesWith(P);
      CI->eraseFromParent();
      continue;
    }
    IRBuilder<> B(CI);
    LoadInst *Tag = B.CreateAlignedLoad(I32, P, Align(4), "dsu.tag");
    Value *Ok = B.CreateICmpEQ(Tag, Id, "dsu.current");
    // br %ok, cont, slow with weights (likely, unlikely).
    Instruction *Slow = SplitBlockAndInsertIfElse(Ok, CI->getIterator(), false, Likely);
    Slow->getParent()->setName("dsu.convert");
    B.SetInsertPoint(Slow);
    CallInst *Call = B.CreateCall(Convert, {P, Desc, Id});
    Call->addFnAttr(Attribute::Cold);
    Call->setDebugLoc(CI->getDebugLoc());
    CI->replaceAllUsesWith(P);
    CI->eraseFromParent();
  }
  Marker->eraseFromParent();
  return true;
}

PreservedAnalyses LowerChecksPass::run(Module &M, ModuleAnalysisManager &) {
  return lowerCheckMarkers(M) ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

PreservedAnalyses DropLocalChecksPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<CallInst *, 8> Dead;
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I))
      if (Function *Callee = CI->getCalledFunction();
          Callee && Callee->getName() == CheckMarkerName && needsNoCheck(CI->getArgOperand(0)))
        Dead.push_back(CI);
  for (CallInst *CI : Dead) {
    CI->replaceAllUsesWith(CI->getArgOperand(0));
    CI->eraseFromParent();
  }
  if (Dead.empty())
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

} // namespace dsu
