// Indirection.h - slots, calls through slots, stable entries.
#ifndef DSU_PASS_INDIRECTION_H
#define DSU_PASS_INDIRECTION_H

#include "TUInfo.h"

#include <set>
#include <string>

namespace dsu {

struct IndirectionConfig {
  bool Patch = false;
  /// Patch mode: identities of all functions the NEW program defines.
  const std::set<std::string> *ProgramFunctions = nullptr;
  /// Patch mode: IR names of functions new in this version (strong slot here).
  const std::set<std::string> *NewFunctions = nullptr;
};

/// True when a call from Caller to Callee may stay direct (and be inlined):
/// docs/manifest.md section 1, "Which calls go through a slot".
bool keptDirect(const TUInfo &Info, const llvm::Function &Caller, const FunctionRecord &Callee);

/// Rewrites calls and address-taken uses of functions; creates slots and
/// entries; fills the Slot/Entry/DirectCallees/SlotCallees of Info.  Runs
/// after statics are exported (slot names use the exported name).
void applyIndirection(llvm::Module &M, TUInfo &Info, const IndirectionConfig &Cfg);

} // namespace dsu

#endif
