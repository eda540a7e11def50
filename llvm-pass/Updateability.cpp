// Updateability.cpp - see Updateability.h.
//
// Three fixpoints over the TU's kept-direct call graph (a kept-direct callee
// may be inlined, so its code runs as part of its caller's frame): whether a
// function can reach an update point at all, the whole use set of a
// function, and its after-call summary.  Names are identified in the
// instrumented IR: a slot's name gives the callee, a descriptor's name the
// wrapped type, Info's records the globals (statics are renamed by now).
#include "Updateability.h"
#include "Naming.h"
#include "VersionChecks.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/JSON.h"

#include <map>

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

/// The C field names of the plugin's type records, by byte offset.
using FieldNames = StringMap<std::map<uint64_t, std::string>>;

FieldNames readFieldNames(StringRef TypesJSON) {
  FieldNames Out;
  Expected<json::Value> V = json::parse(TypesJSON);
  if (!V) {
    consumeError(V.takeError());
    return Out;
  }
  for (const json::Value &E : *V->getAsArray()) {
    const json::Object *O = E.getAsObject();
    const json::Array *Fields = O ? O->getArray("fields") : nullptr;
    std::optional<StringRef> Name = O ? O->getString("name") : std::nullopt;
    if (!Fields || !Name)
      continue;
    auto &ByOffset = Out[*Name];
    for (const json::Value &F : *Fields)
      if (const json::Object *FO = F.getAsObject())
        if (auto N = FO->getString("name"); N && FO->getInteger("offset"))
          ByOffset.emplace(*FO->getInteger("offset"), N->str()); // first at an offset wins
  }
  return Out;
}

class Analysis {
public:
  Analysis(Module &M, TUInfo &Info, const WrappedTypes &WT)
      : M(M), Info(Info), WT(WT), Fx(Info.Functions.size()) {}

  void run() {
    indexNames();
    for (unsigned I = 0; I < Info.Functions.size(); ++I)
      scanFunction(I);
    for (const GlobalRecord &G : Info.Globals)
      scanInitialiser(G);
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
  FieldNames Fields;

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
    Fields = readFieldNames(Info.TypesJSON);
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
      std::vector<std::pair<uint64_t, const WrappedType *>> Tags;
      Type *T = AI->getAllocatedType();
      while (auto *AT = dyn_cast<ArrayType>(T))
        T = AT->getElementType();
      collectTags(WT, T, M, 0, Tags);
      for (auto &P : Tags)
        Out.Types.insert(P.second->CName);
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
    scanFieldAliases(R, F.Extra);
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

  // --- Field aliases: pointers into a wrapped object's fields. ---------------

  /// Field K of wrapped type W (IR type ST).
  struct FieldRef {
    const WrappedType *W;
    StructType *ST;
    unsigned K;
  };
  /// How an alias may outlive its function, and where.
  using Pins = SmallVector<std::pair<const char *, const Instruction *>, 2>;

  /// Where an instruction is: "at FILE:LINE", else "in function NAME".
  std::string where(const Instruction *I, const Instruction *Fallback) const {
    for (const Instruction *X : {I, Fallback})
      if (const DILocation *Loc = X->getDebugLoc().get(); Loc && Loc->getLine())
        return "at " + debugFileId(Loc->getDirectory(), Loc->getFilename()) + ":" +
               std::to_string(Loc->getLine());
    const FunctionRecord *R = Info.record(I->getFunction());
    return "in function " + (R ? R->IRName : I->getFunction()->getName().str());
  }

  /// "field 'n'" for field F, by its byte offset in the plugin's record.
  std::string fieldName(const FieldRef &F) const {
    uint64_t Off = M.getDataLayout().getStructLayout(F.ST)->getElementOffset(F.K);
    auto It = Fields.find(F.W->CName);
    if (It != Fields.end())
      if (auto N = It->second.find(Off); N != It->second.end())
        return "field '" + N->second + "'";
    return "the field at offset " + std::to_string(Off);
  }

  void pin(const FieldRef &F, StringRef How, const std::string &Where) {
    Info.PinnedTypes.insert({F.W->CName, "address of " + fieldName(F) + " " + How.str() + " " + Where});
  }

  /// The wrapped fields byte Off of an object of type T lies in, outermost
  /// first; none at the start of a wrapped object (the object, not a field).
  void fieldsAt(Type *T, uint64_t Off, SmallVectorImpl<FieldRef> &Out) const {
    const DataLayout &DL = M.getDataLayout();
    for (;;) {
      if (auto *AT = dyn_cast<ArrayType>(T)) {
        uint64_t Size = DL.getTypeAllocSize(AT->getElementType());
        if (!Size || Off >= Size * AT->getNumElements())
          return;
        Off %= Size;
        T = AT->getElementType();
        continue;
      }
      auto *ST = dyn_cast<StructType>(T);
      if (!ST || ST->isOpaque())
        return;
      const StructLayout *SL = DL.getStructLayout(ST);
      if (Off >= SL->getSizeInBytes())
        return;
      unsigned K = SL->getElementContainingOffset(Off);
      if (const WrappedType *W = WT.byStruct(ST); W && Off != 0)
        Out.push_back({W, ST, K});
      Off -= SL->getElementOffset(K);
      T = ST->getElementType(K);
    }
  }

  /// The wrapped fields constant pointer C points into (a field of a
  /// global: clang writes `gep (%struct.T, @g, 0, K)` in code, `gep (i8, @g,
  /// OFF)` in initialisers).
  void constantFields(const Constant *C, SmallVectorImpl<FieldRef> &Out) const {
    const DataLayout &DL = M.getDataLayout();
    if (!isa<ConstantExpr>(C) || !C->getType()->isPointerTy())
      return;
    APInt Off(DL.getIndexTypeSizeInBits(C->getType()), 0);
    const Value *Base = C->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true);
    if (auto *GV = dyn_cast<GlobalVariable>(Base); GV && !Off.isNegative())
      fieldsAt(GV->getValueType(), Off.getZExtValue(), Out);
  }

  /// A local whose address is only loaded from and stored to: what is
  /// stored into it comes back out of its loads.
  static bool isScalarLocal(const AllocaInst &A) {
    for (const Use &U : A.uses()) {
      const User *Us = U.getUser();
      if (isa<LoadInst>(Us))
        continue;
      if (auto *S = dyn_cast<StoreInst>(Us); S && S->getPointerOperand() == &A && S->getValueOperand() != &A)
        continue;
      if (auto *II = dyn_cast<IntrinsicInst>(Us); II && II->isLifetimeStartOrEnd())
        continue;
      return false;
    }
    return true;
  }

  /// A ptrtoint only subtracted from or by another pointer's, or compared:
  /// `p - c->buf` is an offset, and no address survives it.
  static bool isPointerDifference(const Instruction &P2I) {
    for (const User *U : P2I.users()) {
      if (isa<ICmpInst>(U))
        continue;
      auto *Sub = dyn_cast<BinaryOperator>(U);
      if (!Sub || Sub->getOpcode() != Instruction::Sub || !isa<PtrToIntOperator>(Sub->getOperand(0)) ||
          !isa<PtrToIntOperator>(Sub->getOperand(1)))
        return false;
    }
    return true;
  }

  /// Follows a field pointer from its uses Start (through derived pointers,
  /// scalar locals, phis) to where it may escape.  Returns true when it is
  /// held: stored as a value, passed to a call, returned (Returned set),
  /// converted to an integer, merged in a phi or select.  Adds to Out what
  /// may outlive the function: stored to memory that is not a local,
  /// converted to an integer.
  bool followAlias(ArrayRef<Use *> Start, Pins &Out, bool &Returned) const {
    SmallVector<Use *, 16> Work(Start.begin(), Start.end());
    SmallPtrSet<Value *, 16> Seen;
    auto Push = [&](Value *V) {
      if (Seen.insert(V).second)
        for (Use &U : V->uses())
          Work.push_back(&U);
    };
    bool Held = false;
    while (!Work.empty()) {
      Use &U = *Work.pop_back_val();
      auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I) {
        Held = true;
        continue;
      }
      if (isa<LoadInst>(I) || isa<ICmpInst>(I))
        continue;
      if (auto *S = dyn_cast<StoreInst>(I)) {
        if (U.getOperandNo() == S->getPointerOperandIndex())
          continue;
        Held = true;
        if (auto *A = dyn_cast<AllocaInst>(getUnderlyingObject(S->getPointerOperand()))) {
          if (isScalarLocal(*A))
            for (User *AU : A->users())
              if (auto *L = dyn_cast<LoadInst>(AU))
                Push(L);
        } else {
          Out.push_back({"stored to memory", S});
        }
        continue;
      }
      if (auto *RMW = dyn_cast<AtomicRMWInst>(I); RMW && U.getOperandNo() == RMW->getPointerOperandIndex())
        continue;
      if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I); CX && U.getOperandNo() == CX->getPointerOperandIndex())
        continue;
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I)) {
        Push(I);
        continue;
      }
      if (isa<PHINode>(I) || isa<SelectInst>(I)) {
        Held = true;
        Push(I);
        continue;
      }
      if (isa<ReturnInst>(I)) {
        // Not a pin: the caller holds it, like a local (its summary gets
        // the type through "returns_field_alias").
        Held = true;
        Returned = true;
        continue;
      }
      if (isa<PtrToIntInst>(I)) {
        if (isPointerDifference(*I))
          continue;
        Held = true;
        Out.push_back({"converted to an integer", I});
        continue;
      }
      if (auto *CB = dyn_cast<CallBase>(I)) {
        Function *Callee = directCallee(*CB);
        // A nested wrapped object's check: its result is the same pointer.
        if (Callee && Callee->getName() == CheckMarkerName) {
          Push(CB);
          continue;
        }
        // memcpy/memset of the field, lifetime markers: accesses.
        if (isa<MemIntrinsic>(CB) || CB->isLifetimeStartOrEnd())
          continue;
        // A struct field passed by value is copied by the call.
        if (CB->isArgOperand(&U) && CB->isByValArgument(CB->getArgOperandNo(&U)))
          continue;
      }
      Held = true; // passed to a call (held while it runs), or anything else
    }
    return Held;
  }

  /// Records field aliases: the type joins Held when held, and is pinned
  /// for each way it may outlive the function (At: the alias's origin).
  void aliases(ArrayRef<FieldRef> Refs, ArrayRef<Use *> Start, const Instruction *At,
               std::set<std::string> &Held) {
    if (Refs.empty())
      return;
    Pins Out;
    bool Returned = false;
    bool H = followAlias(Start, Out, Returned);
    FunctionRecord *R = Info.record(At->getFunction());
    for (const FieldRef &F : Refs) {
      if (H)
        Held.insert(F.W->CName);
      if (Returned && R)
        R->ReturnsAlias.insert(F.W->CName);
      for (auto &[How, I] : Out)
        pin(F, How, where(I, At));
    }
  }

  /// Wrapped types R holds a field alias of (into Held); pins those that
  /// may outlive R.
  void scanFieldAliases(FunctionRecord &R, std::set<std::string> &Held) {
    if (WT.empty())
      return;
    for (Instruction &I : instructions(*R.F)) {
      if (auto *G = dyn_cast<GetElementPtrInst>(&I); G && G->getNumIndices() >= 2) {
        const WrappedType *W = WT.byStruct(G->getSourceElementType());
        auto *Field = dyn_cast<ConstantInt>(G->getOperand(2));
        if (W && Field && !Field->isZero()) { // element 0 is the tag
          SmallVector<Use *, 8> Start;
          for (Use &U : G->uses())
            Start.push_back(&U);
          FieldRef F{W, cast<StructType>(G->getSourceElementType()), (unsigned)Field->getZExtValue()};
          aliases(F, Start, G, Held);
        }
      }
      // The address of a global's field as a constant operand.
      for (Use &U : I.operands()) {
        auto *C = dyn_cast<Constant>(U.get());
        if (!C || isa<GlobalValue>(C))
          continue;
        SmallVector<FieldRef, 2> Refs;
        if (auto *CE = dyn_cast<ConstantExpr>(C); CE && CE->getOpcode() == Instruction::PtrToInt) {
          auto *Sub = dyn_cast<BinaryOperator>(&I);
          if (isa<ICmpInst>(I) || (Sub && Sub->getOpcode() == Instruction::Sub &&
                                   isa<PtrToIntOperator>(Sub->getOperand(0)) &&
                                   isa<PtrToIntOperator>(Sub->getOperand(1))))
            continue; // a pointer difference or comparison
          constantFields(CE->getOperand(0), Refs);
          for (const FieldRef &F : Refs) {
            Held.insert(F.W->CName);
            pin(F, "converted to an integer", where(&I, &I));
          }
          continue;
        }
        constantFields(C, Refs);
        aliases(Refs, {&U}, &I, Held);
      }
    }
  }

  /// A program global initialised with the address of a field pins the
  /// type.
  void scanInitialiser(const GlobalRecord &G) {
    if (WT.empty() || !G.GV->hasInitializer())
      return;
    std::string Where = "in the initialiser of " + G.IRName;
    SmallVector<DIGlobalVariableExpression *, 1> DI;
    G.GV->getDebugInfo(DI);
    if (!DI.empty() && DI[0]->getVariable()->getLine())
      Where += " at " + debugFileId(DI[0]->getVariable()->getDirectory(), DI[0]->getVariable()->getFilename()) +
               ":" + std::to_string(DI[0]->getVariable()->getLine());
    SmallPtrSet<const Constant *, 16> Seen;
    SmallVector<const Constant *, 16> Work{G.GV->getInitializer()};
    while (!Work.empty()) {
      const Constant *C = Work.pop_back_val();
      if (!Seen.insert(C).second || isa<GlobalValue>(C))
        continue;
      if (isa<ConstantExpr>(C) && C->getType()->isPointerTy()) {
        SmallVector<FieldRef, 2> Refs;
        constantFields(C, Refs);
        for (const FieldRef &F : Refs)
          pin(F, "stored", Where);
        continue;
      }
      for (const Use &U : C->operands())
        Work.push_back(cast<Constant>(U.get()));
    }
  }
};

} // namespace

void computeUpdateability(Module &M, TUInfo &Info, const WrappedTypes &WT) {
  Analysis(M, Info, WT).run();
}

} // namespace dsu
