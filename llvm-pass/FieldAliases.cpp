// FieldAliases.cpp - see FieldAliases.h.
//
// A field alias starts at a GEP to a field of a wrapped struct (not element
// 0, the tag: its address is the object's) or at a constant address of a
// global's field, and is followed through derived pointers, scalar locals
// and phis to where it may escape.
#include "FieldAliases.h"
#include "Naming.h"
#include "VersionChecks.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace dsu {
namespace {

/// How an alias may outlive its function, and where.
using Pins = SmallVector<std::pair<const char *, const Instruction *>, 2>;

Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

/// The C field names of the plugin's type records, by byte offset.
StringMap<std::map<uint64_t, std::string>> readFieldNames(StringRef TypesJSON) {
  StringMap<std::map<uint64_t, std::string>> Out;
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

/// A local whose address is only loaded from and stored to: what is
/// stored into it comes back out of its loads.
bool isScalarLocal(const AllocaInst &A) {
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
bool isPointerDifference(const Instruction &P2I) {
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
bool followAlias(ArrayRef<Use *> Start, Pins &Out, bool &Returned) {
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

} // namespace

FieldAliases::FieldAliases(const Module &M, TUInfo &Info, const WrappedTypes &WT)
    : M(M), Info(Info), WT(WT), FieldNames(readFieldNames(Info.TypesJSON)) {}

/// Where an instruction is: "at FILE:LINE", else "in function NAME".
std::string FieldAliases::where(const Instruction *I, const Instruction *Fallback) const {
  for (const Instruction *X : {I, Fallback})
    if (const DILocation *Loc = X->getDebugLoc().get(); Loc && Loc->getLine())
      return "at " + debugFileId(Loc->getDirectory(), Loc->getFilename()) + ":" +
             std::to_string(Loc->getLine());
  const FunctionRecord *R = Info.record(I->getFunction());
  return "in function " + (R ? R->IRName : I->getFunction()->getName().str());
}

/// "field 'n'" for field F, by its byte offset in the plugin's record.
std::string FieldAliases::fieldName(const FieldRef &F) const {
  uint64_t Off = M.getDataLayout().getStructLayout(F.ST)->getElementOffset(F.K);
  auto It = FieldNames.find(F.W->CName);
  if (It != FieldNames.end())
    if (auto N = It->second.find(Off); N != It->second.end())
      return "field '" + N->second + "'";
  return "the field at offset " + std::to_string(Off);
}

void FieldAliases::pin(const FieldRef &F, StringRef How, const std::string &Where) {
  Info.PinnedTypes.insert({F.W->CName, "address of " + fieldName(F) + " " + How.str() + " " + Where});
}

/// The wrapped fields byte Off of an object of type T lies in, outermost
/// first; none at the start of a wrapped object (the object, not a field).
void FieldAliases::fieldsAt(Type *T, uint64_t Off, SmallVectorImpl<FieldRef> &Out) const {
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
void FieldAliases::constantFields(const Constant *C, SmallVectorImpl<FieldRef> &Out) const {
  const DataLayout &DL = M.getDataLayout();
  if (!isa<ConstantExpr>(C) || !C->getType()->isPointerTy())
    return;
  APInt Off(DL.getIndexTypeSizeInBits(C->getType()), 0);
  const Value *Base = C->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true);
  if (auto *GV = dyn_cast<GlobalVariable>(Base); GV && !Off.isNegative())
    fieldsAt(GV->getValueType(), Off.getZExtValue(), Out);
}

/// Records field aliases: the type joins Held when held, and is pinned
/// for each way it may outlive the function (At: the alias's origin).
void FieldAliases::aliases(ArrayRef<FieldRef> Refs, ArrayRef<Use *> Start, const Instruction *At,
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

void FieldAliases::scanFunction(FunctionRecord &R, std::set<std::string> &Held) {
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

void FieldAliases::scanInitialiser(const GlobalRecord &G) {
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

} // namespace dsu
