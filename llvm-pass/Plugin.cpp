// Plugin.cpp - the dsu pass and its registration with the new pass manager.
//
// Loaded by clang (-fpass-plugin=dsu-pass.so; -fplugin=dsu-pass.so as well so
// that -mllvm -dsu-* options exist) it runs at PipelineStartEP, at every -O
// level, before the inliner: slots must be in place before anything inlines.
// `opt -load-pass-plugin=dsu-pass.so -passes=dsu` (or dsu-patch) runs it alone.
#include "Exports.h"
#include "FunctionHash.h"
#include "Indirection.h"
#include "ManifestWriter.h"
#include "Naming.h"
#include "Options.h"
#include "PatchMode.h"
#include "SignalHandlers.h"
#include "TagStamps.h"
#include "TypeDescriptors.h"
#include "TypeUses.h"
#include "TUInfo.h"
#include "UpdatePoints.h"
#include "Updateability.h"
#include "VersionChecks.h"
#include "WrappedTypes.h"

#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace dsu {
namespace {

/// True when the plugin ran with wrapping on: its records say "wrapped".
bool hasWrapInfo(StringRef TypesJSON) {
  Expected<json::Value> V = json::parse(TypesJSON);
  if (!V) {
    consumeError(V.takeError());
    return false;
  }
  for (const json::Value &E : *V->getAsArray())
    if (const json::Object *O = E.getAsObject(); O && O->get("wrapped"))
      return true;
  return false;
}

/// Marks a module the pass has run on: a pipeline that reaches the pass twice
/// (a start-EP callback plus an explicit -passes=dsu) must not slot twice.
constexpr const char *DoneMD = "dsu.instrumented";

class DsuPass : public PassInfoMixin<DsuPass> {
public:
  DsuPass(OptimizationLevel Level, bool ForcePatch) : Level(Level), ForcePatch(ForcePatch) {}

  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    if (M.getNamedMetadata(DoneMD))
      return PreservedAnalyses::all();
    bool Patch = ForcePatch || OptMode == Mode::Patch;

    TUInfo Info;
    Info.TUId = computeTUId(M);
    Info.TUH = hashHex(Info.TUId);
    Info.OptLevel = Level.getSpeedupLevel();
    Info.SizeLevel = Level.getSizeLevel();

    PatchSpec Spec;
    std::string Err;
    if (Patch) {
      if (OptPatchSpec.empty())
        report_fatal_error("dsu: -dsu-mode=patch needs -dsu-patch-spec=FILE", false);
      if (!readPatchSpec(OptPatchSpec, Spec, Err))
        report_fatal_error(Twine(Err), false);
    }

    // 1. The plugin's type records leave the IR before the bitcode is taken.
    Info.TypesJSON = takeASTTypes(M, Err);
    if (!Err.empty())
      report_fatal_error("dsu: " + Twine(M.getSourceFileName()) + ": " + Err, false);

    bool UsesPresent = false;
    std::string Uses = takeASTUses(M, Err, UsesPresent);
    if (!Err.empty())
      report_fatal_error("dsu: " + Twine(M.getSourceFileName()) + ": " + Err, false);

    // Wrapped types: the plugin's records in a program build, recorded as
    // !dsu.wrapped before the bitcode is taken so that patch builds from it
    // know them too; a patch build reads them back.
    WrappedTypes WT;
    bool FromJSON = !Patch && hasWrapInfo(Info.TypesJSON);
    if (FromJSON ? !WT.readJSON(M, Info.TypesJSON, Err) : !WT.readMetadata(M, Err))
      report_fatal_error("dsu: " + Twine(M.getSourceFileName()) + ": " + Err, false);
    if (FromJSON)
      WT.writeMetadata(M);
    Info.WrapOn = FromJSON || UsesPresent || !WT.empty();

    // 2. Hashes and the pristine bitcode, before anything changes.
    collectTUInfo(M, Info);
    if (Info.WrapOn && !collectTypesUsed(M, Info, WT, Uses, Err))
      report_fatal_error("dsu: " + Twine(M.getSourceFileName()) + ": " + Err, false);
    SmallVector<char, 0> Bitcode;
    if (!Patch) {
      raw_svector_ostream BOS(Bitcode);
      WriteBitcodeToFile(M, BOS);
    }

    // 3. Update points (descriptors name functions by their IR names),
    //    none of them reachable from a signal handler of this TU.
    checkSignalHandlers(M);
    bool ExeLocal = !Patch && (M.getPIELevel() != PIELevel::Default || M.getPICLevel() == PICLevel::NotPIC);
    lowerUpdatePoints(M, Info, ExeLocal);

    // 4. Statics get stable exported names; everything a patch may reach
    //    must be visible to the dynamic loader.
    exportStatics(Info);
    for (FunctionRecord &R : Info.Functions)
      R.F->setVisibility(GlobalValue::DefaultVisibility);
    for (GlobalRecord &R : Info.Globals)
      R.GV->setVisibility(GlobalValue::DefaultVisibility);

    IndirectionConfig Cfg;
    if (Patch) {
      if (!reducePatchModule(M, Info, Spec, Err))
        report_fatal_error(Twine(Err), false);
      Cfg.Patch = true;
      Cfg.ProgramFunctions = &Spec.ProgramFunctions;
      Cfg.NewFunctions = &Spec.NewFunctions;
    }

    // 5. Type wrapping: stamps, tags, checks (with the NEW ids in a patch),
    //    before calls go through slots (stamps look at callees).  Globals
    //    first: their tags are found through their users' GEPs.
    if (!lowerAllocStamps(M, WT, Err))
      report_fatal_error("dsu: " + Twine(M.getSourceFileName()) + ": " + Err, false);
    tagGlobals(M, WT, Patch);
    insertCheckMarkers(M, WT, Info);
    stampAllocas(M, WT, Info);
    emitUsedTypeDescriptors(M, WT);

    // 6. Slots, calls through them, stable entries.
    applyIndirection(M, Info, Cfg);

    if (Patch) {
      finishPatchModule(M);
    } else {
      // 7. Updateability summaries: slot calls, kept-direct calls, update
      //    points and checks are all explicit now.
      computeUpdateability(M, Info, WT);
      // 8. The TU's record in section dsu_tu.
      std::string Manifest = writeManifest(M, Info);
      embedTURecord(M, Info, Manifest, StringRef(Bitcode.data(), Bitcode.size()));
    }
    M.getOrInsertNamedMetadata(DoneMD);
    return PreservedAnalyses::none();
  }

  static bool isRequired() { return true; }

private:
  OptimizationLevel Level;
  bool ForcePatch;
};

} // namespace
} // namespace dsu

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "dsu", "0.1.0", [](PassBuilder &PB) {
            PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel L) {
              MPM.addPass(dsu::DsuPass(L, false));
            });
            // Version-check markers become real checks once the function
            // simplification pipeline has merged and hoisted them.  LLVM 19's
            // O0 pipeline invokes these callbacks too; the last one only
            // finds markers when a pipeline skipped the first.
            PB.registerOptimizerEarlyEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(dsu::LowerChecksPass()); });
            PB.registerOptimizerLastEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(dsu::LowerChecksPass()); });
            PB.registerPeepholeEPCallback(
                [](FunctionPassManager &FPM, OptimizationLevel) { FPM.addPass(dsu::DropLocalChecksPass()); });
            PB.registerPipelineParsingCallback(
                [](StringRef Name, FunctionPassManager &FPM, ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name != "dsu-drop-local-checks")
                    return false;
                  FPM.addPass(dsu::DropLocalChecksPass());
                  return true;
                });
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name == "dsu-lower-checks") {
                    MPM.addPass(dsu::LowerChecksPass());
                    return true;
                  }
                  if (Name == "dsu" || Name == "dsu-patch") {
                    MPM.addPass(dsu::DsuPass(OptimizationLevel::O0, Name == "dsu-patch"));
                    return true;
                  }
                  return false;
                });
          }};
}
