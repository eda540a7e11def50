// Updateability.cpp - see Updateability.h.
//
// Three fixpoints over the TU's kept-direct call graph (a kept-direct callee
// may be inlined, so its code runs as part of its caller's frame): whether a
// function can reach an update point at all, the whole use set of a
// function, and its after-call summary.  Names are identified in the
// instrumented IR: a slot's name gives the callee, a descriptor's name the
// wrapped type, Info's records the globals (statics are renamed by now).
#include "Updateability.h"
#include "FieldAliases.h"
#include "Naming.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace dsu {
namespace {

constexpr StringRef SlotPrefix = "__dsu_slot.";
constexpr const char *UpdatePointFn = "__dsu_update_point";

/// Visits every instruction of F that may execute after an instruction
/// IsStart accepts: the rest of a starting block, and every block reachable
/// from a successor of one (whole: a loop holding a start counts whole).
/// Returns true when F holds a start.
bool forEachAfter(Function &F, function_ref<bool(Instruction &)> IsStart,
                  function_ref<void(Instruction &)> Visit) {
  SmallPtrSet<BasicBlock *, 32> Whole;
  SmallVector<BasicBlock *, 32> Work;
  bool Any = false;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (IsStart(I)) {
        Any = true;
        for (BasicBlock *S : successors(&BB))
          if (Whole.insert(S).second)
            Work.push_back(S);
        break;
      }
  while (!Work.empty())
    for (BasicBlock *S : successors(Work.pop_back_val()))
      if (Whole.insert(S).second)
        Work.push_back(S);
  for (BasicBlock &BB : F) {
    bool After = Whole.count(&BB);
    for (Instruction &I : BB) {
      if (After)
        Visit(I);
      else if (IsStart(I))
        After = true;
    }
  }
  return Any;
}

class Analysis {
public:
  Analysis(Module &M, TUInfo &Info, const WrappedTypes &WT)
      : M(M), Info(Info), WT(WT), Aliases(M, Info, WT), Fx(Info.Functions.size()) {}

  void run() {
    indexNames();
    for (unsigned I = 0; I < Info.Functions.size(); ++I)
      scanFunction(I);
    for (const GlobalRecord &G : Info.Globals)
      Aliases.scanInitialiser(G);
    solveMayReach();
    solveAll();
    for (unsigned I = 0; I < Info.Functions.size(); ++I)
      scanRegion(I);
    solveRestrict();
    for (unsigned I = 0; I < Info.Functions.size(); ++I)
      scanUpdatePoints(I);
  }

private:
  Module &M;
  TUInfo &Info;
  const WrappedTypes &WT;

  DenseMap<const GlobalVariable *, const std::string *> GlobalIds; ///< defined program globals
  StringMap<std::string> SlotIds;  ///< slot symbol -> function id
  StringMap<std::string> DescTypes; ///< descriptor symbol -> C type name
  DenseMap<const GlobalVariable *, unsigned> Points; ///< __dsu_up.TUH.N -> N
  FieldAliases Aliases; ///< held field aliases, pins

  struct Facts {
    NameSet Everywhere;          ///< uses of all its instructions
    std::set<std::string> Extra; ///< types used at no one instruction: AST-only, field aliases
    std::vector<std::pair<CallBase *, unsigned>> KeptDirect; ///< calls and callee records
    bool MayReach = false;       ///< may reach an update point
    NameSet All;                 ///< whole use set, kept-direct callees included
    NameSet After;               ///< uses after a call, kept-direct callees not included
    bool HasCalls = false;
    std::set<unsigned> AllOf, RestrictOf; ///< callees contributing All / Restrict
  };
  std::vector<Facts> Fx; ///< parallel to Info.Functions

  void indexNames() {
    for (const GlobalRecord &G : Info.Globals)
      GlobalIds[G.GV] = &G.Id;
    for (const FunctionRecord &R : Info.Functions)
      SlotIds[R.Slot] = R.Id;
    for (const WrappedType &W : WT.all())
      DescTypes[W.descName()] = W.CName;
    for (const UpdatePointRecord &U : Info.UpdatePoints)
      if (GlobalVariable *GV =
              M.getNamedGlobal(("__dsu_up." + Info.TUH + "." + Twine(U.Index)).str()))
        Points[GV] = U.Index;
  }

  int recordIndex(const Function *F) const {
    auto It = Info.FunctionIndex.find(F);
    return It == Info.FunctionIndex.end() ? -1 : (int)It->second;
  }

  static Function *directCallee(const CallBase &CB) {
    return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  }

  /// The callee record of a kept-direct call (a direct call of a program
  /// function: applyIndirection routed every other one through its slot).
  int keptDirectCallee(const CallBase &CB) const {
    Function *G = directCallee(CB);
    return G && !G->isDeclaration() ? recordIndex(G) : -1;
  }

  /// The id of the function a call through a slot calls, or null.
  const std::string *slotCallee(const CallBase &CB) {
    auto *L = dyn_cast<LoadInst>(CB.getCalledOperand()->stripPointerCasts());
    auto *S = L ? dyn_cast<GlobalVariable>(L->getPointerOperand()) : nullptr;
    if (!S || !S->getName().starts_with(SlotPrefix))
      return nullptr;
    // A function only declared here: its slot is named after it, and so is
    // its id (Indirection.cpp, calleeId).
    return &SlotIds.try_emplace(S->getName(), S->getName().drop_front(SlotPrefix.size()).str())
                .first->second;
  }

  /// The update point index of a call of __dsu_update_point, or -1.
  int updatePoint(const Instruction &I) const {
    auto *CB = dyn_cast<CallBase>(&I);
    Function *G = CB ? directCallee(*CB) : nullptr;
    if (!G || G->getName() != UpdatePointFn || CB->arg_size() != 1)
      return -1;
    auto *GV = dyn_cast<GlobalVariable>(CB->getArgOperand(0)->stripPointerCasts());
    auto It = GV ? Points.find(GV) : Points.end();
    return It == Points.end() ? -1 : (int)It->second;
  }

  /// May the activation that makes call I still be on the stack at an
  /// update point?  Intrinsics, inline asm and the runtime's own functions
  /// (version checks, stamps) never reach one; a kept-direct callee only
  /// when it makes such a call itself.
  bool countedCall(const Instruction &I) const {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB || CB->isInlineAsm())
      return false;
    Function *G = directCallee(*CB);
    if (!G)
      return true; // through a slot or a function pointer
    if (G->isIntrinsic())
      return false;
    if (G->getName() == UpdatePointFn)
      return true;
    if (G->isDeclaration() && isRuntimeName(G->getName()))
      return false;
    if (int K = keptDirectCallee(*CB); K >= 0)
      return Fx[K].MayReach;
    return true;
  }

  void fieldUse(const Type *Source, unsigned NumIndices, NameSet &Out) const {
    if (NumIndices >= 2)
      if (const WrappedType *W = WT.byStruct(Source))
        Out.Types.insert(W->CName);
  }

  void constantUses(const Constant *C, NameSet &Out, SmallPtrSetImpl<const Constant *> &Seen) const {
    if (!Seen.insert(C).second)
      return;
    if (auto *GV = dyn_cast<GlobalVariable>(C)) {
      if (auto It = GlobalIds.find(GV); It != GlobalIds.end())
        Out.Globals.insert(*It->second);
      else if (GV->isDeclaration() && isProgramGlobal(*GV))
        Out.Globals.insert(identity(*GV, Info.TUId));
      else if (auto D = DescTypes.find(GV->getName()); D != DescTypes.end())
        Out.Types.insert(D->second); // a check marker, a stamp
      return;
    }
    if (isa<GlobalValue>(C))
      return;
    if (auto *G = dyn_cast<GEPOperator>(C))
      fieldUse(G->getSourceElementType(), G->getNumIndices(), Out);
    for (const Use &U : C->operands())
      constantUses(cast<Constant>(U.get()), Out, Seen);
  }

  /// The names instruction I uses concretely (kept-direct callees aside).
  void uses(Instruction &I, NameSet &Out) {
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (const std::string *Id = slotCallee(*CB))
        Out.Functions.insert(*Id);
    if (auto *G = dyn_cast<GetElementPtrInst>(&I)) {
      fieldUse(G->getSourceElementType(), G->getNumIndices(), Out);
    } else if (auto *AI = dyn_cast<AllocaInst>(&I)) {
      addWrappedTypesIn(WT, AI->getAllocatedType(), M, Out.Types);
    }
    SmallPtrSet<const Constant *, 8> Seen;
    for (const Use &U : I.operands())
      if (auto *C = dyn_cast<Constant>(U.get()))
        constantUses(C, Out, Seen);
  }

  void scanFunction(unsigned Idx) {
    FunctionRecord &R = Info.Functions[Idx];
    Facts &F = Fx[Idx];
    for (Instruction &I : instructions(*R.F)) {
      uses(I, F.Everywhere);
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (int K = keptDirectCallee(*CB); K >= 0)
          F.KeptDirect.push_back({CB, (unsigned)K});
    }
    // What the plugin saw and the IR does not show at an instruction
    // (offsetof, initialisers) may be anywhere in the function.
    for (const std::string &T : R.TypesUsed)
      if (!F.Everywhere.Types.count(T))
        F.Extra.insert(T);
    Aliases.scanFunction(R, F.Extra);
  }

  void solveMayReach() {
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (unsigned I = 0; I < Fx.size(); ++I) {
        if (Fx[I].MayReach)
          continue;
        for (Instruction &In : instructions(*Info.Functions[I].F))
          if (countedCall(In)) {
            Fx[I].MayReach = Changed = true;
            break;
          }
      }
    }
  }

  void solveAll() {
    for (unsigned I = 0; I < Fx.size(); ++I) {
      Facts &F = Fx[I];
      F.All = F.Everywhere;
      F.All.Types.insert(Info.Functions[I].TypesUsed.begin(), Info.Functions[I].TypesUsed.end());
      F.All.Types.insert(F.Extra.begin(), F.Extra.end());
    }
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (Facts &F : Fx)
        for (auto &[CB, K] : F.KeptDirect)
          if (&Fx[K] != &F)
            Changed |= F.All.add(Fx[K].All);
    }
  }

  void scanRegion(unsigned Idx) {
    Facts &F = Fx[Idx];
    SmallPtrSet<Instruction *, 16> InRegion;
    F.HasCalls = forEachAfter(
        *Info.Functions[Idx].F, [&](Instruction &I) { return countedCall(I); },
        [&](Instruction &I) {
          uses(I, F.After);
          InRegion.insert(&I);
        });
    for (auto &[CB, K] : F.KeptDirect) {
      if (InRegion.count(CB))
        F.AllOf.insert(K); // runs wholly after a call returned
      else if (Fx[K].MayReach)
        F.RestrictOf.insert(K); // its frame (or inlined code) may be on the stack
    }
  }

  void solveRestrict() {
    for (unsigned I = 0; I < Fx.size(); ++I) {
      Facts &F = Fx[I];
      NameSet &R = Info.Functions[I].Restrict;
      R = F.After;
      if (F.HasCalls)
        R.Types.insert(F.Extra.begin(), F.Extra.end());
      for (unsigned K : F.AllOf)
        R.add(Fx[K].All);
    }
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (unsigned I = 0; I < Fx.size(); ++I)
        for (unsigned K : Fx[I].RestrictOf)
          if (K != I)
            Changed |= Info.Functions[I].Restrict.add(Info.Functions[K].Restrict);
    }
  }

  void scanUpdatePoints(unsigned Idx) {
    FunctionRecord &R = Info.Functions[Idx];
    if (R.UpdatePoints == 0)
      return;
    for (Instruction &Call : instructions(*R.F)) {
      int P = updatePoint(Call);
      if (P < 0)
        continue;
      NameSet &Out = Info.UpdatePoints[P].Restrict;
      forEachAfter(
          *R.F, [&](Instruction &I) { return &I == &Call; },
          [&](Instruction &I) {
            uses(I, Out);
            if (auto *CB = dyn_cast<CallBase>(&I))
              if (int K = keptDirectCallee(*CB); K >= 0)
                Out.add(Fx[K].All);
          });
      Out.Types.insert(Fx[Idx].Extra.begin(), Fx[Idx].Extra.end());
    }
  }
};

} // namespace

void computeUpdateability(Module &M, TUInfo &Info, const WrappedTypes &WT) {
  Analysis(M, Info, WT).run();
}

} // namespace dsu
