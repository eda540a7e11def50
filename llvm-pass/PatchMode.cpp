// PatchMode.cpp - see PatchMode.h.
#include "PatchMode.h"
#include "Indirection.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace dsu {

static bool readNames(const json::Object &O, StringRef Key, std::set<std::string> &Out,
                      std::string &Err) {
  const json::Array *A = O.getArray(Key);
  if (!A) {
    Err = ("missing array \"" + Key + "\"").str();
    return false;
  }
  for (const json::Value &V : *A) {
    std::optional<StringRef> S = V.getAsString();
    if (!S) {
      Err = ("non-string element in \"" + Key + "\"").str();
      return false;
    }
    Out.insert(S->str());
  }
  return true;
}

bool readPatchSpec(StringRef Path, PatchSpec &Spec, std::string &Err) {
  auto Fail = [&](const Twine &Why) {
    Err = ("dsu: patch spec " + Path + ": " + Why).str();
    return false;
  };
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return Fail(Buf.getError().message());
  Expected<json::Value> V = json::parse((*Buf)->getBuffer());
  if (!V)
    return Fail(toString(V.takeError()));
  const json::Object *O = V->getAsObject();
  if (!O)
    return Fail("not a JSON object");
  std::optional<int64_t> Format = O->getInteger("format");
  if (!Format || *Format != 1)
    return Fail("format " + (Format ? Twine(*Format) : Twine("missing")) + ", this pass supports 1");
  std::optional<StringRef> PID = O->getString("patch_id");
  if (!PID || PID->size() != 16 || PID->find_first_not_of("0123456789abcdef") != StringRef::npos)
    return Fail("\"patch_id\" must be 16 lowercase hex digits");
  Spec.PatchId = PID->str();
  if (std::optional<StringRef> TU = O->getString("tu"))
    Spec.TU = TU->str();
  std::string Why;
  if (!readNames(*O, "functions", Spec.Functions, Why) ||
      !readNames(*O, "new_functions", Spec.NewFunctions, Why) ||
      !readNames(*O, "new_globals", Spec.NewGlobals, Why) ||
      !readNames(*O, "program_functions", Spec.ProgramFunctions, Why) ||
      (O->get("moved_globals") && !readNames(*O, "moved_globals", Spec.MovedGlobals, Why)))
    return Fail(Why);
  for (const std::string &N : Spec.NewFunctions)
    if (!Spec.Functions.count(N))
      return Fail("new function " + N + " is not in \"functions\"");
  return true;
}

/// Drops the entries of llvm.global_ctors/dtors whose function is no longer
/// defined here: the running program already ran them.
static void filterStructors(Module &M, StringRef Name) {
  GlobalVariable *GV = M.getNamedGlobal(Name);
  if (!GV || !GV->hasInitializer())
    return;
  auto *CA = dyn_cast<ConstantArray>(GV->getInitializer());
  if (!CA)
    return;
  SmallVector<Constant *, 4> Keep;
  for (Use &Op : CA->operands()) {
    auto *CS = cast<ConstantStruct>(Op.get());
    auto *F = dyn_cast<Function>(CS->getOperand(1)->stripPointerCasts());
    if (F && F->isDeclaration())
      continue;
    Keep.push_back(CS);
  }
  if (Keep.size() == CA->getNumOperands())
    return;
  if (Keep.empty()) {
    GV->eraseFromParent();
    return;
  }
  auto *ATy = ArrayType::get(CA->getType()->getElementType(), Keep.size());
  auto *NewGV = new GlobalVariable(M, ATy, false, GV->getLinkage(), ConstantArray::get(ATy, Keep));
  NewGV->takeName(GV);
  GV->eraseFromParent();
}

/**
 * inlinableCopies() - the unchanged functions patch code may keep calling
 * directly.
 *
 * In the program, a call to a small static or inline function stays direct
 * and is inlined (keptDirect()).  Patch code that reached such a helper
 * through the program's slot could no longer inline it, and a hot loop in
 * the patch would run as slowly as a build with every call through a slot.
 * So the patch carries its own internal copy of every helper its functions
 * call directly (transitively), as NEW defines it.  dsu-diff's direct-caller
 * closure keeps the copies honest: when such a helper changes, every caller
 * that may hold a copy of it joins that patch.
 */
static std::set<Function *> inlinableCopies(TUInfo &Info, const PatchSpec &Spec) {
  std::set<Function *> Copies;
  SmallVector<Function *, 16> Work;
  for (FunctionRecord &R : Info.Functions)
    if (Spec.Functions.count(R.IRName))
      Work.push_back(R.F);
  while (!Work.empty()) {
    Function *Caller = Work.pop_back_val();
    for (Instruction &I : instructions(*Caller)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *G = CB ? CB->getCalledFunction() : nullptr;
      FunctionRecord *R = G ? Info.record(G) : nullptr;
      if (!R || G->isDeclaration() || Spec.Functions.count(R->IRName) || Copies.count(G) ||
          !keptDirect(Info, *Caller, *R))
        continue;
      Copies.insert(G);
      Work.push_back(G);
    }
  }
  return Copies;
}

bool reducePatchModule(Module &M, TUInfo &Info, const PatchSpec &Spec, std::string &Err) {
  std::set<std::string> Seen;
  std::set<Function *> Copies = inlinableCopies(Info, Spec);
  for (FunctionRecord &R : Info.Functions) {
    Function &F = *R.F;
    if (Copies.count(&F)) {
      // Private to the patch; its name must not meet the program's symbol.
      F.setName("__dsu_pc." + Spec.PatchId + "." + R.Sym);
      F.setLinkage(GlobalValue::InternalLinkage);
      F.setComdat(nullptr);
    } else if (Spec.Functions.count(R.IRName)) {
      Seen.insert(R.IRName);
      F.setName("__dsu_p." + Spec.PatchId + "." + R.Sym);
      F.setLinkage(GlobalValue::ExternalLinkage);
      F.setVisibility(GlobalValue::DefaultVisibility);
      F.setComdat(nullptr);
    } else {
      F.deleteBody();
      F.setComdat(nullptr);
      F.setVisibility(GlobalValue::DefaultVisibility);
    }
  }
  for (const std::string &N : Spec.Functions)
    if (!Seen.count(N)) {
      Err = "dsu: patch spec lists function " + N + ", which " + Info.TUId + " does not define";
      return false;
    }
  // Bodies dsu does not track (available_externally copies, the runtime's own
  // hooks) are left to the running program.
  for (Function &F : M)
    if (!F.isDeclaration() && !Info.record(&F) && !F.getName().starts_with("__dsu_"))
      F.deleteBody();

  Seen.clear();
  for (GlobalRecord &R : Info.Globals) {
    GlobalVariable &GV = *R.GV;
    GV.setVisibility(GlobalValue::DefaultVisibility);
    if (Spec.MovedGlobals.count(R.Sym)) {
      // Its type changed: the patch holds the new storage, with NEW's
      // initialiser; the runtime moves the running value into it.
      GV.setName("__dsu_g." + Spec.PatchId + "." + R.Sym);
      GV.setLinkage(GlobalValue::ExternalLinkage);
      GV.setComdat(nullptr);
      continue;
    }
    if (Spec.NewGlobals.count(R.IRName)) {
      Seen.insert(R.IRName);
      GV.setLinkage(GlobalValue::ExternalLinkage);
      continue;
    }
    if (GV.isConstant() && GV.hasInitializer()) {
      // A constant cannot hold state, so patch code gets its own copy with
      // NEW's value: a changed constant then takes effect in every function
      // dsu-diff puts in the patch (its users join it).
      GV.setLinkage(GlobalValue::InternalLinkage);
      GV.setComdat(nullptr);
      continue;
    }
    GV.setInitializer(nullptr);
    GV.setLinkage(GlobalValue::ExternalLinkage);
    GV.setComdat(nullptr);
  }
  // Declarations of a moved global (defined in another TU) follow it.
  for (const std::string &S : Spec.MovedGlobals)
    if (GlobalVariable *GV = M.getNamedGlobal(S))
      if (GV->isDeclaration())
        GV->setName("__dsu_g." + Spec.PatchId + "." + S);
  for (const std::string &N : Spec.NewGlobals)
    if (!Seen.count(N)) {
      Err = "dsu: patch spec lists global " + N + ", which " + Info.TUId + " does not define";
      return false;
    }
  filterStructors(M, "llvm.global_ctors");
  filterStructors(M, "llvm.global_dtors");
  removeFromUsedLists(M, [](Constant *C) {
    auto *GV = dyn_cast<GlobalValue>(C->stripPointerCasts());
    return GV && GV->isDeclaration();
  });
  return true;
}

void finishPatchModule(Module &M) {
  if (NamedMDNode *Flags = M.getModuleFlagsMetadata()) {
    SmallVector<MDNode *, 8> Keep;
    for (MDNode *N : Flags->operands()) {
      auto *Key = N->getNumOperands() > 1 ? dyn_cast<MDString>(N->getOperand(1)) : nullptr;
      if (Key && (Key->getString() == "PIE Level" || Key->getString() == "PIC Level"))
        continue;
      Keep.push_back(N);
    }
    Flags->clearOperands();
    for (MDNode *N : Keep)
      Flags->addOperand(N);
  }
  M.setPICLevel(PICLevel::BigPIC);
  for (GlobalValue &GV : M.global_values())
    if (!GV.hasLocalLinkage() && GV.hasDefaultVisibility())
      GV.setDSOLocal(false);
}

} // namespace dsu
