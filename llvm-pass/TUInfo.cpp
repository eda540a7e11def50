// TUInfo.cpp - see TUInfo.h.
#include "TUInfo.h"
#include "FunctionHash.h"
#include "Naming.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace dsu {

bool isProgramFunction(const Function &F) {
  return !F.isDeclaration() && !F.isIntrinsic() && !isRuntimeName(F.getName()) &&
         !F.hasAvailableExternallyLinkage();
}

bool isUpdatePointCallee(const Function *F) {
  return F && F->getName() == "dsu_update";
}

static std::string typeString(Type *T) {
  std::string S;
  raw_string_ostream OS(S);
  T->print(OS, false, true);
  return OS.str();
}

bool NameSet::add(const NameSet &O) {
  size_t N = Functions.size() + Globals.size() + Types.size();
  Functions.insert(O.Functions.begin(), O.Functions.end());
  Globals.insert(O.Globals.begin(), O.Globals.end());
  Types.insert(O.Types.begin(), O.Types.end());
  return Functions.size() + Globals.size() + Types.size() != N;
}

bool isProgramGlobal(const GlobalVariable &GV) {
  return !GV.hasPrivateLinkage() && !GV.hasAvailableExternallyLinkage() &&
         !isCompilerGlobalName(GV.getName());
}

/// Add the identity of every program global @C refers to (through constant
/// expressions too) to @Out.
static void collectGlobals(const Constant *C, StringRef TUId, std::set<std::string> &Out,
                           SmallPtrSetImpl<const Constant *> &Seen) {
  if (!Seen.insert(C).second)
    return;
  if (auto *GV = dyn_cast<GlobalVariable>(C)) {
    if (isProgramGlobal(*GV))
      Out.insert(identity(*GV, TUId));
    return;
  }
  if (isa<GlobalValue>(C))
    return;
  for (const Use &U : C->operands())
    if (auto *Op = dyn_cast<Constant>(U.get()))
      collectGlobals(Op, TUId, Out, Seen);
}

/// The program globals @F refers to: dsu-diff puts the users of a constant
/// whose value changed into the patch.
static std::set<std::string> globalsUsed(const Function &F, StringRef TUId) {
  std::set<std::string> Out;
  SmallPtrSet<const Constant *, 32> Seen;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      for (const Use &U : I.operands())
        if (auto *C = dyn_cast<Constant>(U.get()))
          collectGlobals(C, TUId, Out, Seen);
  return Out;
}

void collectTUInfo(Module &M, TUInfo &Info) {
  const DataLayout &DL = M.getDataLayout();
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    unsigned UP = 0;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB)
        if (auto *CB = dyn_cast<CallBase>(&I))
          if (isUpdatePointCallee(CB->getCalledFunction()))
            ++UP;
    Info.UpdatePointCount[&F] = UP;
    if (!isProgramFunction(F))
      continue;
    FunctionRecord R;
    R.F = &F;
    R.IRName = F.getName().str();
    R.IsStatic = F.hasLocalLinkage();
    R.Id = identity(F, Info.TUId);
    R.Sym = exportedName(R.IRName, Info.TUH, R.IsStatic);
    R.Slot = slotName(R.Sym);
    R.Hash = hashFunction(F, Info.TUId);
    R.Type = typeString(F.getFunctionType());
    R.Varargs = F.isVarArg();
    R.InlineLike = R.IsStatic || F.hasFnAttribute(Attribute::InlineHint) ||
                   F.hasLinkOnceODRLinkage();
    R.NumInsts = countInstructions(F);
    R.UpdatePoints = UP;
    R.GlobalsUsed = globalsUsed(F, Info.TUId);
    if (DISubprogram *SP = F.getSubprogram()) {
      R.File = debugFileId(SP->getDirectory(), SP->getFilename());
      R.Line = SP->getLine();
    } else {
      R.File = Info.TUId;
    }
    Info.FunctionIndex[&F] = Info.Functions.size();
    Info.Functions.push_back(std::move(R));
  }
  for (GlobalVariable &GV : M.globals()) {
    if (GV.isDeclaration() || !isProgramGlobal(GV))
      continue;
    GlobalRecord R;
    R.GV = &GV;
    R.IRName = GV.getName().str();
    R.IsStatic = GV.hasLocalLinkage();
    R.Id = identity(GV, Info.TUId);
    R.Sym = exportedName(R.IRName, Info.TUH, R.IsStatic);
    R.Type = typeString(GV.getValueType());
    R.Size = DL.getTypeAllocSize(GV.getValueType());
    R.Constant = GV.isConstant();
    R.InitHash = hashInitializer(GV, Info.TUId);
    Info.Globals.push_back(std::move(R));
  }
}

/// Reads and erases the plugin's JSON string global @Name; @Empty when absent.
/// @Array: it must hold an array, else an object.
static std::string takePluginJSON(Module &M, StringRef Name, bool Array, StringRef Empty,
                                  std::string &Err) {
  GlobalVariable *GV = M.getGlobalVariable(Name, /*AllowInternal=*/true);
  if (!GV)
    return Empty.str();
  std::string Text = Empty.str();
  auto *Data = dyn_cast_or_null<ConstantDataSequential>(GV->hasInitializer() ? GV->getInitializer()
                                                                             : nullptr);
  if (!Data || !Data->isString()) {
    Err = (Name + ": initialiser is not a string").str();
  } else {
    StringRef S = Data->getAsString();
    S = S.take_until([](char C) { return C == '\0'; });
    Expected<json::Value> V = json::parse(S);
    if (!V) {
      Err = (Name + ": invalid JSON: " + toString(V.takeError())).str();
    } else if (Array ? !V->getAsArray() : !V->getAsObject()) {
      Err = (Name + (Array ? ": not a JSON array" : ": not a JSON object")).str();
    } else {
      Text = S.str();
    }
  }
  removeFromUsedLists(M, [&](Constant *C) { return C == GV; });
  GV->removeDeadConstantUsers();
  if (GV->use_empty())
    GV->eraseFromParent();
  else
    Err += (Err.empty() ? "" : "; ") + (Name + ": still used, not erased").str();
  return Text;
}


std::string takeASTTypes(Module &M, std::string &Err) {
  return takePluginJSON(M, "__dsu_ast_types", true, "[]", Err);
}

std::string takeASTUses(Module &M, std::string &Err, bool &Present) {
  Present = M.getGlobalVariable("__dsu_ast_uses", true) != nullptr;
  return takePluginJSON(M, "__dsu_ast_uses", false, "{}", Err);
}

} // namespace dsu
