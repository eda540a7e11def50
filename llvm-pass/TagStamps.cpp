// TagStamps.cpp - see TagStamps.h.
#include "TagStamps.h"
#include "Naming.h"
#include "TypeDescriptors.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace dsu {

namespace {
using TagList = std::vector<std::pair<uint64_t, const WrappedType *>>;

/// What a libc allocator's request size is: -1 none, else argument indices.
struct LibcAlloc {
  int A = -1, B = -1;
  bool Realloc = false;
};

std::optional<LibcAlloc> libcAlloc(StringRef Name) {
  return StringSwitch<std::optional<LibcAlloc>>(Name)
      .Case("malloc", LibcAlloc{0, -1, false})
      .Case("calloc", LibcAlloc{0, 1, false})
      .Case("realloc", LibcAlloc{1, -1, true})
      .Case("reallocarray", LibcAlloc{1, 2, true})
      .Case("aligned_alloc", LibcAlloc{1, -1, false})
      .Case("memalign", LibcAlloc{1, -1, false})
      .Case("valloc", LibcAlloc{0, -1, false})
      .Default(std::nullopt);
}
} // namespace

bool lowerAllocStamps(Module &M, const WrappedTypes &WT, std::string &Err) {
  Function *Stamp = M.getFunction(AllocStampName);
  if (!Stamp)
    return true;
  LLVMContext &Ctx = M.getContext();
  const DataLayout &DL = M.getDataLayout();
  PointerType *Ptr = PointerType::getUnqual(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  FunctionCallee Runtime = M.getOrInsertFunction(
      "__dsu_stamp_alloc", FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr, I32, I64, I64, I32}, false));
  SmallVector<CallInst *, 16> Calls;
  for (User *U : Stamp->users()) {
    auto *CI = dyn_cast<CallInst>(U);
    if (!CI || CI->getCalledFunction() != Stamp || CI->arg_size() != 2) {
      Err = std::string(AllocStampName) + " used other than as a call with 2 arguments";
      return false;
    }
    Calls.push_back(CI);
  }
  for (CallInst *CI : Calls) {
    StringRef Where = CI->getFunction()->getName();
    StringRef Name;
    if (!getConstantStringInfo(CI->getArgOperand(1), Name)) {
      Err = (Twine(AllocStampName) + " in " + Where + ": the type name is not a constant string").str();
      return false;
    }
    const WrappedType *W = WT.byCName(Name);
    if (!W) {
      Err = (Twine(AllocStampName) + " in " + Where + " names '" + Name +
             "', which is not a wrapped type of this TU")
                .str();
      return false;
    }
    Value *P = CI->getArgOperand(0);
    IRBuilder<> B(CI);
    auto Size = [&](Value *V) { return B.CreateZExtOrTrunc(V, I64); };
    Value *Old = B.getInt64(0), *Req = B.getInt64(W->Size);
    int How = 1;
    Value *Src = P->stripPointerCasts();
    if (auto *AI = dyn_cast<AllocaInst>(Src)) {
      // __builtin_alloca(n): alloca i8, i64 n.
      Req = B.CreateMul(Size(AI->getArraySize()), B.getInt64(DL.getTypeAllocSize(AI->getAllocatedType())));
    } else if (auto *AC = dyn_cast<CallBase>(Src)) {
      Function *Callee = AC->getCalledFunction();
      std::optional<LibcAlloc> L = Callee ? libcAlloc(Callee->getName()) : std::nullopt;
      if (L && (unsigned)std::max(L->A, L->B) < AC->arg_size()) {
        How = 0;
        Req = Size(AC->getArgOperand(L->A));
        if (L->B >= 0)
          Req = B.CreateMul(Req, Size(AC->getArgOperand(L->B)));
        if (L->Realloc) {
          // The old block's usable size, before realloc frees it: the
          // runtime stamps only the slots the block grew by.
          IRBuilder<> BB(AC);
          FunctionCallee Usable = M.getOrInsertFunction("malloc_usable_size",
                                                        FunctionType::get(I64, {Ptr}, false));
          Old = BB.CreateCall(Usable, {AC->getArgOperand(0)}, "dsu.old_usable");
        }
      } else if (Attribute A = AC->getFnAttr(Attribute::AllocSize); A.isValid()) {
        auto [Elt, Num] = A.getAllocSizeArgs();
        Req = Size(AC->getArgOperand(Elt));
        if (Num)
          Req = B.CreateMul(Req, Size(AC->getArgOperand(*Num)));
      }
    }
    B.CreateCall(Runtime, {P, getTypeDescriptor(M, *W), B.getInt32(W->ID), Old, Req, B.getInt32(How)});
    CI->replaceAllUsesWith(P);
    CI->eraseFromParent();
  }
  if (Stamp->use_empty())
    Stamp->eraseFromParent();
  return true;
}

/// Stores the ids of the tags of one element (PerElt) into Count elements
/// of Stride bytes from Base, before InsertBefore: unrolled when small.
static void emitStamps(Instruction *InsertBefore, Value *Base, uint64_t Stride, Value *Count,
                       const TagList &PerElt) {
  IRBuilder<> B(InsertBefore);
  auto StoreTags = [&](IRBuilder<> &B, Value *Elt) {
    for (auto &[Off, W] : PerElt) {
      Value *At = Off ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Elt, Off) : Elt;
      B.CreateAlignedStore(B.getInt32(W->ID), At, Align(4));
    }
  };
  auto *CN = dyn_cast<ConstantInt>(Count);
  if (CN && CN->getZExtValue() * PerElt.size() <= 16) {
    for (uint64_t I = 0, E = CN->getZExtValue(); I != E; ++I)
      StoreTags(B, I ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Base, I * Stride) : Base);
    return;
  }
  auto [Body, Idx] = SplitBlockAndInsertSimpleForLoop(Count, InsertBefore);
  IRBuilder<> LB(Body);
  Value *Elt = LB.CreateInBoundsGEP(LB.getInt8Ty(), Base, LB.CreateMul(Idx, ConstantInt::get(Idx->getType(), Stride)));
  StoreTags(LB, Elt);
}

void stampAllocas(Module &M, const WrappedTypes &WT, const TUInfo &Info) {
  if (WT.empty())
    return;
  const DataLayout &DL = M.getDataLayout();
  for (const FunctionRecord &R : Info.Functions) {
    Function &F = *R.F;
    if (F.isDeclaration())
      continue;
    struct Local {
      AllocaInst *AI;
      Type *Elt;
      uint64_t N;
      TagList Tags;
    };
    SmallVector<Local, 8> Locals;
    Instruction *AfterEntryAllocas = nullptr;
    for (Instruction &I : F.getEntryBlock())
      if (isa<AllocaInst>(I))
        AfterEntryAllocas = I.getNextNode();
    for (Instruction &I : instructions(F)) {
      auto *AI = dyn_cast<AllocaInst>(&I);
      if (!AI)
        continue;
      Local L{AI, AI->getAllocatedType(), 1, {}};
      while (auto *AT = dyn_cast<ArrayType>(L.Elt)) {
        L.N *= AT->getNumElements();
        L.Elt = AT->getElementType();
      }
      collectTags(WT, L.Elt, M, 0, L.Tags);
      if (!L.Tags.empty())
        Locals.push_back(std::move(L));
    }
    for (Local &L : Locals) {
      // A fixed-size local of the entry block is stamped after the entry
      // block's allocas (a stamp loop split in between would turn later
      // allocas into dynamic ones); any other right after itself.
      bool Static = L.AI->getParent() == &F.getEntryBlock() && !L.AI->isArrayAllocation();
      Value *Count = ConstantInt::get(Type::getInt64Ty(M.getContext()), L.N);
      Instruction *At = AfterEntryAllocas;
      if (!Static) {
        IRBuilder<> B(L.AI->getNextNode());
        Count = B.CreateMul(B.CreateZExtOrTrunc(L.AI->getArraySize(), B.getInt64Ty()), Count);
        At = isa<Instruction>(Count) ? cast<Instruction>(Count)->getNextNode() : L.AI->getNextNode();
      }
      uint64_t Stride = DL.getTypeAllocSize(L.Elt);
      SmallVector<Instruction *, 4> Points;
      bool HasLifetime = false;
      for (User *U : L.AI->users())
        if (auto *II = dyn_cast<IntrinsicInst>(U)) {
          if (II->getIntrinsicID() == Intrinsic::lifetime_start) {
            HasLifetime = true;
            Points.push_back(II->getNextNode());
          } else if (auto *MS = dyn_cast<MemSetInst>(II); MS && MS->getDest()->stripPointerCasts() == L.AI) {
            Points.push_back(MS->getNextNode());
          }
        }
      if (!HasLifetime)
        Points.push_back(At);
      for (Instruction *P : Points)
        emitStamps(P, L.AI, Stride, Count, L.Tags);
    }
  }
}

namespace {
/// Rewrites a global initialiser with ids at given byte offsets.
class Retagger {
public:
  Retagger(const Module &M, bool ZeroToo) : DL(M.getDataLayout()), ZeroToo(ZeroToo) {}

  /// Offsets Tags[Lo, Hi) (sorted) lie inside C, which starts at byte Base.
  Constant *patch(Constant *C, uint64_t Base, const TagList &Tags, size_t Lo, size_t Hi,
                  StringRef GName) {
    if (Lo == Hi || (C->isNullValue() && !ZeroToo))
      return C;
    Type *T = C->getType();
    LLVMContext &Ctx = T->getContext();
    if (T->isIntegerTy(32) && Hi - Lo == 1 && Tags[Lo].first == Base)
      return ConstantInt::get(T, Tags[Lo].second->ID);
    if (auto *AT = dyn_cast<ArrayType>(T); AT && AT->getElementType()->isIntegerTy(8)) {
      SmallVector<uint8_t, 16> Bytes(AT->getNumElements(), 0);
      for (uint64_t I = 0; I < Bytes.size(); ++I)
        if (auto *CI = dyn_cast_or_null<ConstantInt>(C->getAggregateElement(I)))
          Bytes[I] = CI->getZExtValue();
      for (size_t K = Lo; K < Hi; ++K) {
        uint64_t Off = Tags[K].first - Base;
        uint32_t Id = Tags[K].second->ID;
        if (Off + 4 > Bytes.size())
          fail(GName);
        for (int B = 0; B < 4; ++B)
          Bytes[Off + B] = DL.isLittleEndian() ? (Id >> (8 * B)) & 0xff : (Id >> (8 * (3 - B))) & 0xff;
      }
      return ConstantDataArray::get(Ctx, Bytes);
    }
    SmallVector<Constant *, 8> Elts;
    SmallVector<uint64_t, 8> Offs;
    if (auto *ST = dyn_cast<StructType>(T)) {
      const StructLayout *SL = DL.getStructLayout(ST);
      for (unsigned I = 0; I < ST->getNumElements(); ++I)
        Offs.push_back(SL->getElementOffset(I));
    } else if (auto *AT = dyn_cast<ArrayType>(T)) {
      uint64_t Stride = DL.getTypeAllocSize(AT->getElementType());
      for (uint64_t I = 0; I < AT->getNumElements(); ++I)
        Offs.push_back(I * Stride);
    } else {
      fail(GName);
    }
    size_t K = Lo;
    for (unsigned I = 0; I < Offs.size(); ++I) {
      Constant *E = C->getAggregateElement(I);
      uint64_t Start = Base + Offs[I], End = Start + DL.getTypeAllocSize(E->getType());
      size_t KLo = K;
      while (K < Hi && Tags[K].first < End)
        ++K;
      if (KLo < K && Tags[KLo].first < Start)
        fail(GName);
      Elts.push_back(patch(E, Start, Tags, KLo, K, GName));
    }
    if (auto *ST = dyn_cast<StructType>(T))
      return ConstantStruct::get(ST, Elts);
    return ConstantArray::get(cast<ArrayType>(T), Elts);
  }

private:
  const DataLayout &DL;
  bool ZeroToo;
  [[noreturn]] void fail(StringRef GName) {
    report_fatal_error("dsu: global " + Twine(GName) +
                           ": a version tag of its initialiser does not fall on a 4-byte field",
                       false);
  }
};

/// Literal struct types clang gives initialisers (`{ [4 x i8] undef, i32 3,
/// ... }`) mirror the wrapped struct: same size, same offsets and sizes of
/// every element after the tag.
bool sameShape(const DataLayout &DL, StructType *Lit, StructType *W) {
  if (Lit->getNumElements() != W->getNumElements() || DL.getTypeAllocSize(Lit) != DL.getTypeAllocSize(W))
    return false;
  const StructLayout *A = DL.getStructLayout(Lit), *B = DL.getStructLayout(W);
  for (unsigned I = 1; I < Lit->getNumElements(); ++I)
    if (A->getElementOffset(I) != B->getElementOffset(I) ||
        DL.getTypeAllocSize(Lit->getElementType(I)) != DL.getTypeAllocSize(W->getElementType(I)))
      return false;
  return true;
}

/// Tags of T recognising literal structs by shape; Ambiguous when a literal
/// struct matches wrapped types with different ids.
void tagsByShape(const WrappedTypes &WT, const Module &M, Type *T, uint64_t Base, TagList &Out,
                 bool &Ambiguous) {
  const DataLayout &DL = M.getDataLayout();
  if (auto *ST = dyn_cast<StructType>(T)) {
    if (ST->isOpaque())
      return;
    const WrappedType *Match = WT.byStruct(ST);
    if (!Match && ST->isLiteral())
      for (const WrappedType &W : WT.all())
        if (W.ST && sameShape(DL, ST, W.ST)) {
          if (Match && Match->ID != W.ID)
            Ambiguous = true;
          Match = &W;
        }
    if (Match)
      Out.push_back({Base, Match});
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned I = 0; I < ST->getNumElements(); ++I)
      tagsByShape(WT, M, ST->getElementType(I), Base + SL->getElementOffset(I), Out, Ambiguous);
  } else if (auto *AT = dyn_cast<ArrayType>(T)) {
    uint64_t Stride = DL.getTypeAllocSize(AT->getElementType());
    for (uint64_t I = 0; I < AT->getNumElements(); ++I)
      tagsByShape(WT, M, AT->getElementType(), Base + I * Stride, Out, Ambiguous);
  }
}

/// The C type of GV as its users see it, when its value type does not say.
Type *declaredType(GlobalVariable &GV, const WrappedTypes &WT, const DataLayout &DL) {
  uint64_t Size = DL.getTypeAllocSize(GV.getValueType());
  for (User *U : GV.users()) {
    Type *T = nullptr;
    if (auto *G = dyn_cast<GEPOperator>(U); G && G->getPointerOperand() == &GV)
      T = G->getSourceElementType();
    else if (auto *MT = dyn_cast<MemTransferInst>(U); MT && MT->getSource() == &GV)
      if (auto *AI = dyn_cast<AllocaInst>(getUnderlyingObject(MT->getDest())))
        T = AI->getAllocatedType();
    if (!T || !T->isSized())
      continue;
    uint64_t TS = DL.getTypeAllocSize(T);
    if (TS == Size)
      return T;
    if (WT.byStruct(T) && TS && Size % TS == 0)
      return ArrayType::get(T, Size / TS);
  }
  return nullptr;
}
} // namespace

void tagGlobals(Module &M, const WrappedTypes &WT, bool ZeroToo) {
  if (WT.empty())
    return;
  const DataLayout &DL = M.getDataLayout();
  for (GlobalVariable &GV : M.globals()) {
    if (!GV.hasInitializer() || isCompilerGlobalName(GV.getName()))
      continue;
    Constant *Init = GV.getInitializer();
    // A constant is in .rodata either way, and must hold ids: it is not
    // checked (a conversion could not write it).
    bool Zero = ZeroToo || GV.isConstant();
    if (Init->isNullValue() && !Zero)
      continue;
    TagList Tags;
    collectTags(WT, GV.getValueType(), M, 0, Tags);
    if (Tags.empty())
      if (Type *T = declaredType(GV, WT, DL))
        collectTags(WT, T, M, 0, Tags);
    if (Tags.empty()) {
      bool Ambiguous = false;
      tagsByShape(WT, M, GV.getValueType(), 0, Tags, Ambiguous);
      if (Ambiguous)
        report_fatal_error("dsu: global " + GV.getName() +
                               ": its initialiser's type matches several wrapped types; cannot "
                               "tell which layout id its tags need",
                           false);
    }
    if (Tags.empty())
      continue;
    llvm::sort(Tags, [](auto &A, auto &B) { return A.first < B.first; });
    GV.setInitializer(Retagger(M, Zero).patch(Init, 0, Tags, 0, Tags.size(), GV.getName()));
  }
}

} // namespace dsu
