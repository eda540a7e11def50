// Indirection.cpp - see Indirection.h.
//
// Slots are external (dso_local in a program) and in llvm.used: an internal
// slot would be proved constant and folded back into a direct call.  Entries
// are weak so every TU (and every patch) that takes an address may define one;
// they are all the same code, so whichever wins is right.
#include "Indirection.h"
#include "Naming.h"
#include "Options.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace dsu {

bool keptDirect(const TUInfo &Info, const Function &Caller, const FunctionRecord &Callee) {
  unsigned Max = OptDirectMaxInsts;
  if (Max == 0 || !Callee.InlineLike || Callee.NumInsts > Max || Callee.UpdatePoints != 0)
    return false;
  return Info.UpdatePointCount.lookup(&Caller) == 0;
}

namespace {

enum class Route { Direct, KeptDirect, Slot };

class Indirector {
public:
  Indirector(Module &M, TUInfo &Info, const IndirectionConfig &Cfg)
      : M(M), Info(Info), Cfg(Cfg), Ptr(PointerType::getUnqual(M.getContext())),
        TLII(Triple(M.getTargetTriple())), TLI(TLII) {}

  void run() {
    // Build mode: every program function gets its (strong) slot, called or not:
    // a patch may call it, and the runtime swaps it.
    if (!Cfg.Patch)
      for (FunctionRecord &R : Info.Functions)
        slotFor(R.F);
    else
      for (FunctionRecord &R : Info.Functions)
        if (Cfg.NewFunctions->count(R.IRName))
          slotFor(R.F); // the patch defines the slot of a new function

    SmallVector<Function *, 32> Callers;
    for (Function &F : M)
      if (!F.isDeclaration() && !F.hasAvailableExternallyLinkage())
        Callers.push_back(&F);
    for (Function *F : Callers)
      rewriteCalls(*F);

    SmallVector<Function *, 32> Targets;
    for (Function &F : M)
      Targets.push_back(&F);
    for (Function *G : Targets)
      replaceAddressUses(*G);

    appendToUsed(M, Used);
  }

private:
  Module &M;
  TUInfo &Info;
  const IndirectionConfig &Cfg;
  PointerType *Ptr;
  // Module-wide: the answer must not depend on which function asks, and a TU
  // may take addresses in initialisers only.
  TargetLibraryInfoImpl TLII;
  TargetLibraryInfo TLI;
  DenseMap<Function *, GlobalVariable *> Slots;
  SmallVector<GlobalValue *, 32> Used;

  /// Identity of a callee for the manifest: its record's, else its name.
  std::string calleeId(Function *G) {
    if (FunctionRecord *R = Info.record(G))
      return R->Id;
    return G->getName().str();
  }

  /// How calls from Caller to G are made; also used for address-taken G
  /// (Caller null): Slot there means "hand out the entry".
  Route route(Function *Caller, Function *G) {
    // Records first: an exported static is named __dsu_s.*, which is not
    // the runtime's interface.
    if (FunctionRecord *R = Info.record(G)) {
      if (Caller && keptDirect(Info, *Caller, *R) && !G->isDeclaration())
        return Route::KeptDirect;
      return Route::Slot;
    }
    if (G->isIntrinsic() || isRuntimeName(G->getName()))
      return Route::Direct;
    // libc's, called by the realloc stamps (TagStamps.cpp); TLI does not know it.
    if (G->getName() == "malloc_usable_size" && G->isDeclaration())
      return Route::Direct;
    // A body dsu does not slot (e.g. the program's own dsu_* hook): direct.
    if (!G->isDeclaration() && !G->hasAvailableExternallyLinkage())
      return Route::Direct;
    if (Cfg.Patch)
      return Cfg.ProgramFunctions->count(G->getName().str()) ? Route::Slot : Route::Direct;
    // Functions the target library knows (printf, memcpy, ...) stay direct.
    LibFunc LF;
    if (TLI.getLibFunc(*G, LF))
      return Route::Direct;
    return Route::Slot;
  }

  /// The slot of G, created on first use.
  GlobalVariable *slotFor(Function *G) {
    auto It = Slots.find(G);
    if (It != Slots.end())
      return It->second;
    FunctionRecord *R = Info.record(G);
    std::string Name = slotName(R ? StringRef(R->Sym) : G->getName());
    GlobalVariable *S;
    if (!Cfg.Patch) {
      // Strong in the defining TU; weak elsewhere, so the definer's wins.
      // A weak or inline (linkonce) body may be defined by several TUs:
      // its slot is weak as well.
      bool Strong = R != nullptr && !G->isWeakForLinker();
      S = new GlobalVariable(M, Ptr, false,
                             Strong ? GlobalValue::ExternalLinkage : GlobalValue::WeakAnyLinkage, G,
                             Name);
      S->setDSOLocal(true);
    } else if (R && Cfg.NewFunctions->count(R->IRName) && !G->isDeclaration()) {
      S = new GlobalVariable(M, Ptr, false, GlobalValue::ExternalLinkage, G, Name);
    } else {
      S = new GlobalVariable(M, Ptr, false, GlobalValue::ExternalLinkage, nullptr, Name);
    }
    if (!claimName(*S, Name))
      report_fatal_error("dsu: " + Twine(Info.TUId) + " already defines " + Name, false);
    S->setAlignment(Align(8));
    if (!S->isDeclaration())
      Used.push_back(S);
    if (R)
      R->Slot = Name;
    Slots[G] = S;
    return S;
  }

  void rewriteCalls(Function &Caller) {
    FunctionRecord *CR = Info.record(&Caller);
    SmallVector<CallBase *, 16> Calls;
    for (BasicBlock &BB : Caller)
      for (Instruction &I : BB)
        if (auto *CB = dyn_cast<CallBase>(&I))
          if (isa<Function>(CB->getCalledOperand()))
            Calls.push_back(CB);
    for (CallBase *CB : Calls) {
      auto *G = cast<Function>(CB->getCalledOperand());
      Route Rt = route(&Caller, G);
      if (Rt == Route::Direct)
        continue;
      if (Rt == Route::KeptDirect) {
        if (CR)
          CR->DirectCallees.insert(calleeId(G));
        continue;
      }
      if (CR)
        CR->SlotCallees.insert(calleeId(G));
      IRBuilder<> B(CB);
      LoadInst *Target = B.CreateLoad(Ptr, slotFor(G), "dsu.callee");
      // Same function type, attributes and calling convention: only the
      // callee operand changes.
      CB->setCalledOperand(Target);
    }
  }

  /// A use that must keep the raw address: the slot's own initialiser,
  /// llvm.used/global_ctors and friends, aliases, block addresses.
  static bool keepsRawAddress(const User *U) {
    if (const auto *GV = dyn_cast<GlobalVariable>(U))
      return GV->getName().starts_with("llvm.") || GV->getName().starts_with("__dsu_slot.");
    if (isa<GlobalValue>(U) || isa<BlockAddress>(U) || isa<DSOLocalEquivalent>(U) ||
        isa<NoCFIValue>(U))
      return true;
    if (isa<Constant>(U))
      for (const User *UU : U->users())
        if (keepsRawAddress(UU))
          return true;
    return false;
  }

  static bool wantsEntry(const Use &U) {
    if (const auto *CB = dyn_cast<CallBase>(U.getUser()))
      if (CB->isCallee(&U))
        return false;
    return !keepsRawAddress(U.getUser());
  }

  void replaceAddressUses(Function &G) {
    if (G.getName().starts_with("__dsu_entry."))
      return;
    // Constants left behind by dropped initialisers (patch mode) are not uses.
    G.removeDeadConstantUsers();
    bool Taken = false;
    for (const Use &U : G.uses())
      if (wantsEntry(U)) {
        Taken = true;
        break;
      }
    if (!Taken || route(nullptr, &G) != Route::Slot)
      return;
    FunctionRecord *R = Info.record(&G);
    // No entry (raw address, "entry": null) where no correct one can be
    // written: see varargsEntriesWork and hasMemoryArgs.
    if (G.isVarArg() && (!varargsEntriesWork() || hasMemoryArgs(G)))
      return;
    Function *E = entryFor(G, R ? StringRef(R->Sym) : G.getName());
    if (R)
      R->Entry = E->getName().str();
    G.replaceUsesWithIf(E, [](Use &U) { return wantsEntry(U); });
  }

  /// True when an argument is passed in the caller's stack memory.
  static bool hasMemoryArgs(const Function &G) {
    for (unsigned I = 0; I < G.arg_size(); ++I)
      if (G.hasParamAttribute(I, Attribute::ByVal) || G.hasParamAttribute(I, Attribute::InAlloca) ||
          G.hasParamAttribute(I, Attribute::Preallocated))
        return true;
    return false;
  }

  /// Varargs entries forward their variable arguments with a musttail call,
  /// which the x86-64 and AArch64 back ends implement.  Elsewhere the raw
  /// address is kept and the manifest says "entry": null.
  bool varargsEntriesWork() {
    Triple T(M.getTargetTriple());
    return T.getArch() == Triple::x86_64 || T.getArch() == Triple::aarch64;
  }

  /// __dsu_entry.SYM: G's prototype, body = load slot + musttail call.
  Function *entryFor(Function &G, StringRef Sym) {
    std::string Name = entryName(Sym);
    if (Function *Old = M.getFunction(Name); Old && !Old->isDeclaration())
      return Old;
    LLVMContext &Ctx = M.getContext();
    FunctionType *FTy = G.getFunctionType();
    Function *E = Function::Create(FTy, GlobalValue::WeakAnyLinkage, Name, &M);
    if (!claimName(*E, Name))
      report_fatal_error("dsu: " + Twine(Info.TUId) + " already defines " + Name, false);
    AttributeList GA = G.getAttributes();
    E->setAttributes(GA);
    E->removeFnAttr(Attribute::AlwaysInline);
    E->removeFnAttr(Attribute::InlineHint);
    E->setCallingConv(G.getCallingConv());
    E->setDSOLocal(!Cfg.Patch);
    BasicBlock *BB = BasicBlock::Create(Ctx, "", E);
    IRBuilder<> B(BB);
    LoadInst *Target = B.CreateLoad(Ptr, slotFor(&G), "dsu.target");
    SmallVector<Value *, 8> Args;
    for (Argument &A : E->args())
      Args.push_back(&A);
    CallInst *C = B.CreateCall(FTy, Target, Args);
    C->setCallingConv(G.getCallingConv());
    C->setAttributes(AttributeList::get(Ctx, AttributeSet(), GA.getRetAttrs(),
                                        [&] {
                                          SmallVector<AttributeSet, 8> P;
                                          for (unsigned I = 0; I < FTy->getNumParams(); ++I)
                                            P.push_back(GA.getParamAttrs(I));
                                          return P;
                                        }()));
    // musttail forwards varargs and keeps the entry out of backtraces; but
    // x86-64 corrupts the stack for a musttail call that forwards a byval
    // argument (measured: return address overwritten at -O0 and -O2), so
    // such entries make an ordinary call, which copies the argument again.
    C->setTailCallKind(hasMemoryArgs(G) ? CallInst::TCK_None : CallInst::TCK_MustTail);
    if (FTy->getReturnType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(C);
    Used.push_back(E);
    return E;
  }
};

} // namespace

void applyIndirection(Module &M, TUInfo &Info, const IndirectionConfig &Cfg) {
  Indirector(M, Info, Cfg).run();
}

} // namespace dsu
