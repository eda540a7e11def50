// TypeUses.cpp - see TypeUses.h.
#include "TypeUses.h"
#include "TagStamps.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace dsu {

/// Wrapped types of the GEPs in constant expression C (global accesses).
static void constantGEPUses(const Constant *C, const WrappedTypes &WT, std::set<std::string> &Out) {
  auto *CE = dyn_cast<ConstantExpr>(C);
  if (!CE)
    return;
  if (auto *G = dyn_cast<GEPOperator>(CE))
    if (G->getNumIndices() >= 2)
      if (const WrappedType *W = WT.byStruct(G->getSourceElementType()))
        Out.insert(W->CName);
  for (const Use &U : CE->operands())
    constantGEPUses(cast<Constant>(U.get()), WT, Out);
}

bool collectTypesUsed(Module &M, TUInfo &Info, const WrappedTypes &WT, StringRef UsesJSON,
                      std::string &Err) {
  Expected<json::Value> V = json::parse(UsesJSON);
  if (!V) {
    Err = "__dsu_ast_uses: " + toString(V.takeError());
    return false;
  }
  StringMap<FunctionRecord *> ByName;
  for (FunctionRecord &R : Info.Functions)
    ByName[R.IRName] = &R;
  for (auto &[Fn, Types] : *V->getAsObject()) {
    const json::Array *A = Types.getAsArray();
    if (!A) {
      Err = ("__dsu_ast_uses: \"" + StringRef(Fn) + "\" is not an array").str();
      return false;
    }
    FunctionRecord *R = ByName.lookup(Fn);
    for (const json::Value &T : *A) {
      std::optional<StringRef> S = T.getAsString();
      if (!S) {
        Err = ("__dsu_ast_uses: \"" + StringRef(Fn) + "\" holds a non-string").str();
        return false;
      }
      // A function the plugin saw but the IR lacks (unused static inline)
      // has no record to add to.
      if (R)
        R->TypesUsed.insert(S->str());
    }
  }
  for (FunctionRecord &R : Info.Functions) {
    std::set<std::string> &Out = R.TypesUsed;
    for (Instruction &I : instructions(*R.F)) {
      if (auto *G = dyn_cast<GetElementPtrInst>(&I)) {
        if (G->getNumIndices() >= 2)
          if (const WrappedType *W = WT.byStruct(G->getSourceElementType()))
            Out.insert(W->CName);
      } else if (auto *AI = dyn_cast<AllocaInst>(&I)) {
        addWrappedTypesIn(WT, AI->getAllocatedType(), M, Out);
      } else if (auto *CI = dyn_cast<CallInst>(&I)) {
        Function *Callee = CI->getCalledFunction();
        StringRef Name;
        if (Callee && Callee->getName() == AllocStampName && CI->arg_size() == 2 &&
            getConstantStringInfo(CI->getArgOperand(1), Name) && WT.byCName(Name))
          Out.insert(Name.str());
      }
      for (const Use &U : I.operands())
        if (auto *C = dyn_cast<Constant>(U.get()))
          constantGEPUses(C, WT, Out);
    }
  }
  return true;
}

} // namespace dsu
