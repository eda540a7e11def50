// Updateability.h - per-function and per-update-point summaries of the names
// old code may still use concretely after a call returns (the manifest's
// "restrict", docs/manifest.md section 2), and the wrapped types whose field
// addresses may outlive a call ("pinned_types", found by FieldAliases.h).
//
// The runtime unions the summaries of the frames really on the stack at an
// update point and defers a patch that changes the representation or the
// signature of a name in that union (docs/design.md, "Updateability
// summaries").
#ifndef DSU_PASS_UPDATEABILITY_H
#define DSU_PASS_UPDATEABILITY_H

#include "TUInfo.h"
#include "WrappedTypes.h"

namespace llvm {
class Module;
}

namespace dsu {

/// Fills FunctionRecord::Restrict of every record, UpdatePointRecord::Restrict
/// of every point and Info.PinnedTypes from M.
///
/// Must run in build mode after applyIndirection and before the manifest is
/// written: a call through a slot is then `call (load @__dsu_slot.X)`, a
/// direct call to a program function is a kept-direct call, an update point
/// is `call @__dsu_update_point(@__dsu_up.TUH.N)`, and statics already carry
/// exported names (globals are named through Info's records, not by name).
///
/// Per function F: the names used at instructions that may execute after a
/// call of F returned (the rest of the block and every block reachable from
/// it; a loop holding a call counts whole).  A call counts unless it calls
/// an intrinsic, inline asm, a declared dsu runtime function other than
/// __dsu_update_point, or a kept-direct function that (transitively) makes
/// no call that counts.  A kept-direct call in that region contributes the
/// callee's whole use set; one before it contributes the callee's own
/// summary (its frame, or its inlined code, may be on the stack).  Wrapped
/// types F uses in ways the IR does not show (offsetof, initialisers: the
/// plugin's AST view) and field aliases F holds count as used everywhere.
void computeUpdateability(llvm::Module &M, TUInfo &Info, const WrappedTypes &WT);

} // namespace dsu

#endif
