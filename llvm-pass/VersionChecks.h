// VersionChecks.h - version checks before concrete accesses to wrapped
// structs (docs/wrap-contract: "Check").
//
// Two steps.  At the start of the pipeline each checked pointer is routed
// through a marker call, `%q = call ptr @__dsu_check_marker(ptr %p, ptr @desc,
// i32 ID)`, that only reads inaccessible memory: EarlyCSE/GVN merge identical
// markers on one pointer unless something that may write inaccessible memory
// (an update point, any unknown call) lies between them, and LICM hoists
// them out of loops that call nothing.  Later (OptimizerEarlyEP, so the
// vectoriser sees plain pointers) each surviving marker becomes the inline
// fast path `load i32 tag; icmp eq ID` and a cold call of __dsu_convert.
#ifndef DSU_PASS_VERSIONCHECKS_H
#define DSU_PASS_VERSIONCHECKS_H

#include "TUInfo.h"
#include "WrappedTypes.h"
#include "llvm/IR/PassManager.h"

namespace llvm {
class Module;
}

namespace dsu {

inline constexpr const char *CheckMarkerName = "__dsu_check_marker";

/// Inserts markers in every program function of M (those of Info: names
/// may have changed by now): before each GEP whose
/// source element type is a wrapped struct and that has >= 2 indices, and
/// on the source of a whole-object copy into a local of a wrapped type.
/// Not checked: objects on this function's stack (stamped with this code's
/// ids when created, they only receive checked bytes), byval/sret arguments
/// (the caller's such objects) and constant globals (tagged, read-only).
void insertCheckMarkers(llvm::Module &M, const WrappedTypes &WT, const TUInfo &Info);

/// Replaces every marker of M by its fast path and slow call (a marker of
/// an object that needs no check, e.g. after inlining, simply goes); erases the
/// marker's declaration.  Returns true when M changed.
bool lowerCheckMarkers(llvm::Module &M);

/// `dsu-lower-checks`: lowerCheckMarkers as a module pass.
struct LowerChecksPass : llvm::PassInfoMixin<LowerChecksPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// `dsu-drop-local-checks` (PeepholeEP): once the inliner has turned a
/// callee's pointer argument into the caller's local, its marker goes, so
/// that SROA can still split the local.
struct DropLocalChecksPass : llvm::PassInfoMixin<DropLocalChecksPass> {
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &);
};

} // namespace dsu

#endif
