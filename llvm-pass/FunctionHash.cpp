// FunctionHash.cpp - structural hashing of IR for change detection.
//
// The hash is computed over a textual serialisation written here (not the IR
// printer): the printer shows local names, @.str.N numbers and !dbg, which
// must not matter, and hides nothing that does.  Local values are numbered in
// order of appearance, globals are written by identity, and private globals
// (string literals, __const.* copies) by their contents, because clang
// numbers them in module order: a new literal elsewhere renumbers them.
#include "FunctionHash.h"
#include "Naming.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace dsu {
namespace {

class Hasher {
public:
  Hasher(StringRef TUId) : TUId(TUId), OS(Buf) {}

  std::string finish() {
    OS.flush();
    return hashHex(Buf);
  }

  void type(Type *T) {
    // Named structs print as their name; their bodies are compared through
    // ir_types and the plugin's layouts.
    T->print(OS, false, /*NoDetails=*/true);
    OS << ';';
  }

  void function(const Function &F) {
    OS << "fn ";
    type(F.getFunctionType());
    OS << F.getCallingConv() << ' ' << F.getAttributes().getAsString(AttributeList::FunctionIndex)
       << ';';
    for (const Argument &A : F.args())
      number(&A);
    for (const BasicBlock &BB : F)
      number(&BB);
    for (const BasicBlock &BB : F) {
      OS << "bb" << Locals.lookup(&BB) << ":\n";
      for (const Instruction &I : BB) {
        if (isa<DbgInfoIntrinsic>(I))
          continue;
        number(&I);
        instruction(I);
      }
    }
  }

  void constant(const Constant *C) {
    if (const auto *GV = dyn_cast<GlobalValue>(C)) {
      globalRef(GV);
      return;
    }
    type(C->getType());
    if (const auto *CI = dyn_cast<ConstantInt>(C)) {
      OS << "int " << CI->getValue() << ';';
    } else if (const auto *CF = dyn_cast<ConstantFP>(C)) {
      OS << "fp " << CF->getValueAPF().bitcastToAPInt() << ';';
    } else if (const auto *CDS = dyn_cast<ConstantDataSequential>(C)) {
      StringRef Raw = CDS->getRawDataValues();
      OS << "data " << Raw.size() << ':';
      OS.write(Raw.data(), Raw.size());
      OS << ';';
    } else if (isa<ConstantAggregateZero>(C) || isa<ConstantPointerNull>(C)) {
      OS << "zero;";
    } else if (isa<PoisonValue>(C)) {
      OS << "poison;";
    } else if (isa<UndefValue>(C)) {
      OS << "undef;";
    } else if (const auto *CE = dyn_cast<ConstantExpr>(C)) {
      OS << "expr " << CE->getOpcodeName() << ' ' << CE->getRawSubclassOptionalData();
      if (const auto *GEP = dyn_cast<GEPOperator>(CE))
        type(GEP->getSourceElementType());
      OS << '(';
      for (const Use &Op : CE->operands())
        constant(cast<Constant>(Op.get()));
      OS << ");";
    } else if (isa<ConstantAggregate>(C)) {
      OS << "agg(";
      for (const Use &Op : C->operands())
        constant(cast<Constant>(Op.get()));
      OS << ");";
    } else if (const auto *BA = dyn_cast<BlockAddress>(C)) {
      OS << "blockaddress ";
      globalRef(BA->getFunction());
      OS << Locals.lookup(BA->getBasicBlock()) << ';';
    } else {
      // Anything rarer (dso_local_equivalent, no_cfi, target types): its
      // printed form carries no local names or debug info.
      C->printAsOperand(OS, false);
      OS << ';';
    }
  }

private:
  StringRef TUId;
  std::string Buf;
  raw_string_ostream OS;
  DenseMap<const Value *, unsigned> Locals;
  SmallPtrSet<const GlobalValue *, 8> InProgress;

  void number(const Value *V) { Locals.try_emplace(V, Locals.size()); }

  /// A reference to a global: by identity, or by contents for a private one
  /// (its name is a compiler-made number).
  void globalRef(const GlobalValue *GV) {
    const auto *Var = dyn_cast<GlobalVariable>(GV);
    if (GV->hasPrivateLinkage() && Var && Var->hasInitializer() && InProgress.insert(GV).second) {
      OS << "private " << (Var->isConstant() ? "const " : "var ") << Var->getAlign().valueOrOne().value()
         << ' ';
      constant(Var->getInitializer());
      InProgress.erase(GV);
      return;
    }
    OS << '@' << identity(*GV, TUId) << ';';
  }

  void operand(const Value *V) {
    if (const auto *C = dyn_cast<Constant>(V)) {
      constant(C);
    } else if (const auto *IA = dyn_cast<InlineAsm>(V)) {
      OS << "asm " << IA->getAsmString() << '|' << IA->getConstraintString() << '|'
         << IA->hasSideEffects() << IA->isAlignStack() << IA->getDialect() << ';';
    } else if (isa<MetadataAsValue>(V)) {
      OS << "md;";
    } else {
      auto It = Locals.find(V);
      OS << '%' << (It == Locals.end() ? ~0u : It->second) << ';';
    }
  }

  void instruction(const Instruction &I) {
    OS << I.getOpcodeName() << ' ' << I.getRawSubclassOptionalData() << ' ';
    type(I.getType());
    if (const auto *Cmp = dyn_cast<CmpInst>(&I))
      OS << "pred" << Cmp->getPredicate() << ';';
    if (const auto *GEP = dyn_cast<GetElementPtrInst>(&I))
      type(GEP->getSourceElementType());
    if (const auto *AI = dyn_cast<AllocaInst>(&I)) {
      type(AI->getAllocatedType());
      OS << AI->getAlign().value() << ';';
    }
    if (const auto *LI = dyn_cast<LoadInst>(&I))
      OS << LI->isVolatile() << (unsigned)LI->getOrdering() << LI->getAlign().value() << ';';
    if (const auto *SI = dyn_cast<StoreInst>(&I))
      OS << SI->isVolatile() << (unsigned)SI->getOrdering() << SI->getAlign().value() << ';';
    if (const auto *RMW = dyn_cast<AtomicRMWInst>(&I))
      OS << RMW->getOperation() << (unsigned)RMW->getOrdering() << RMW->isVolatile() << ';';
    if (const auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
      OS << (unsigned)CX->getSuccessOrdering() << (unsigned)CX->getFailureOrdering()
         << CX->isVolatile() << CX->isWeak() << ';';
    if (const auto *CB = dyn_cast<CallBase>(&I)) {
      type(CB->getFunctionType());
      OS << CB->getCallingConv() << ' ' << CB->getAttributes().getAsString(AttributeList::FunctionIndex)
         << ';';
      for (unsigned A = 0; A < CB->arg_size(); ++A)
        OS << CB->getAttributes().getParamAttrs(A).getAsString() << ',';
    }
    if (const auto *EV = dyn_cast<ExtractValueInst>(&I))
      for (unsigned Idx : EV->indices())
        OS << Idx << ',';
    if (const auto *IV = dyn_cast<InsertValueInst>(&I))
      for (unsigned Idx : IV->indices())
        OS << Idx << ',';
    if (const auto *SV = dyn_cast<ShuffleVectorInst>(&I))
      for (int Idx : SV->getShuffleMask())
        OS << Idx << ',';
    if (const auto *PN = dyn_cast<PHINode>(&I))
      for (const BasicBlock *BB : PN->blocks())
        OS << "from" << Locals.lookup(BB) << ',';
    OS << '(';
    for (const Use &Op : I.operands())
      operand(Op.get());
    OS << ")\n";
  }
};

} // namespace

std::string hashFunction(const Function &F, StringRef TUId) {
  Hasher H(TUId);
  H.function(F);
  return H.finish();
}

std::string hashInitializer(const GlobalVariable &GV, StringRef TUId) {
  if (!GV.hasInitializer() || GV.getInitializer()->isNullValue())
    return "0";
  Hasher H(TUId);
  H.constant(GV.getInitializer());
  return H.finish();
}

unsigned countInstructions(const Function &F) {
  unsigned N = 0;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (!isa<DbgInfoIntrinsic>(I))
        ++N;
  return N;
}

} // namespace dsu
