// SignalHandlers.cpp - see SignalHandlers.h.
#include "SignalHandlers.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace dsu {
namespace {

/// Where a handler was installed, for the message.
struct Install {
  const Instruction *At = nullptr; ///< null: in a global's initialiser
  std::string How;
};

bool isSigaction(Type *T) {
  auto *ST = dyn_cast_or_null<StructType>(T);
  return ST && ST->hasName() && ST->getName() == "struct.sigaction";
}

/// The allocated type of the object P points into, if known.
Type *objectType(const Value *P) {
  const Value *O = getUnderlyingObject(P);
  if (auto *A = dyn_cast<AllocaInst>(O))
    return A->getAllocatedType();
  if (auto *G = dyn_cast<GlobalVariable>(O))
    return G->getValueType();
  return nullptr;
}

/// Every function whose address occurs in constant C.
void functionsIn(const Constant *C, SmallVectorImpl<Function *> &Out) {
  SmallPtrSet<const Constant *, 16> Seen;
  SmallVector<const Constant *, 16> Work{C};
  while (!Work.empty()) {
    const Constant *K = Work.pop_back_val();
    if (!Seen.insert(K).second)
      continue;
    if (auto *F = dyn_cast<Function>(K)) {
      Out.push_back(const_cast<Function *>(F));
      continue;
    }
    if (isa<GlobalValue>(K))
      continue;
    for (const Use &U : K->operands())
      Work.push_back(cast<Constant>(U.get()));
  }
}

/// The handlers this TU installs, with where.
MapVector<Function *, Install> findHandlers(Module &M) {
  MapVector<Function *, Install> H;
  auto Add = [&](Value *V, const Instruction *At, const char *How) {
    if (auto *F = dyn_cast<Function>(V->stripPointerCasts()); F && !F->isDeclaration())
      H.insert({F, Install{At, How}});
  };
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        Function *Callee = CB->getCalledFunction();
        if (Callee && CB->arg_size() >= 2 &&
            (Callee->getName() == "signal" || Callee->getName() == "sysv_signal" ||
             Callee->getName() == "bsd_signal" || Callee->getName() == "__sysv_signal"))
          Add(CB->getArgOperand(1), &I, "passed to signal()");
        // struct sigaction sa = {.sa_handler = h}: a memcpy from a constant.
        if (auto *MC = dyn_cast<MemCpyInst>(CB); MC && isSigaction(objectType(MC->getDest())))
          if (auto *G = dyn_cast<GlobalVariable>(getUnderlyingObject(MC->getSource())); G && G->hasInitializer()) {
            SmallVector<Function *, 2> Fs;
            functionsIn(G->getInitializer(), Fs);
            for (Function *Fn : Fs)
              Add(Fn, &I, "stored into a struct sigaction");
          }
      }
      if (auto *S = dyn_cast<StoreInst>(&I); S && isSigaction(objectType(S->getPointerOperand())))
        Add(S->getValueOperand(), &I, "stored into a struct sigaction");
    }
  for (GlobalVariable &G : M.globals())
    if (isSigaction(G.getValueType()) && G.hasInitializer() && !G.getName().starts_with("__const.")) {
      SmallVector<Function *, 2> Fs;
      functionsIn(G.getInitializer(), Fs);
      for (Function *Fn : Fs)
        H.insert({Fn, Install{nullptr, ("in the initialiser of " + G.getName()).str()}});
    }
  return H;
}

std::string where(const Instruction *I) {
  if (I)
    if (const DILocation *L = I->getDebugLoc().get())
      return (L->getFilename() + ":" + Twine(L->getLine())).str();
  return I ? ("function " + I->getFunction()->getName()).str() : "";
}

} // namespace

bool checkSignalHandlers(Module &M) {
  Function *Update = M.getFunction("dsu_update");
  if (!Update)
    return true;
  bool OK = true;
  for (auto &[Handler, In] : findHandlers(M)) {
    // Functions of this TU the handler reaches by direct calls, with the
    // caller that first reached each (for the path in the message).
    MapVector<Function *, Function *> Reached;
    Reached.insert({Handler, nullptr});
    for (size_t K = 0; K < Reached.size(); ++K) {
      Function *F = Reached.begin()[K].first;
      for (Instruction &I : instructions(*F)) {
        auto *CB = dyn_cast<CallBase>(&I);
        Function *Callee = CB ? CB->getCalledFunction() : nullptr;
        if (!Callee)
          continue;
        if (Callee == Update) {
          std::string Path = F->getName().str();
          for (Function *P = Reached.lookup(F); P; P = Reached.lookup(P))
            Path = P->getName().str() + " -> " + Path;
          std::string Msg = "dsu: update point in signal handler '" + Handler->getName().str() + "' (" +
                            In.How + (In.At ? " at " + where(In.At) : "") + ", reached through " + Path +
                            "): a signal interrupts the program anywhere, so old code would be in the "
                            "middle of its work below the update; call dsu_update() from the main loop "
                            "and let the handler only set a flag";
          M.getContext().diagnose(DiagnosticInfoUnsupported(*F, Msg, I.getDebugLoc()));
          OK = false;
          continue;
        }
        if (!Callee->isDeclaration() && !Reached.count(Callee))
          Reached.insert({Callee, F});
      }
    }
  }
  return OK;
}

} // namespace dsu
