// PatchMode.h - compiling one TU's share of a patch from its embedded
// bitcode (-dsu-mode=patch -dsu-patch-spec=FILE).
#ifndef DSU_PASS_PATCHMODE_H
#define DSU_PASS_PATCHMODE_H

#include "TUInfo.h"
#include <set>
#include <string>

namespace llvm {
class Module;
}

namespace dsu {

/// The spec dsu-diff writes for one TU.
struct PatchSpec {
  std::string PatchId, TU;
  std::set<std::string> Functions;        ///< IR names defined by this part
  std::set<std::string> NewFunctions;     ///< subset: new in this version
  std::set<std::string> NewGlobals;       ///< IR names of globals defined here
  std::set<std::string> ProgramFunctions; ///< identities of all NEW functions
  std::set<std::string> MovedGlobals;     ///< symbols of globals whose type changed: the
                                          ///< patch defines them as __dsu_g.PID.SYM
};

/// Reads Path; on error returns false with Err naming the file and field.
bool readPatchSpec(llvm::StringRef Path, PatchSpec &Spec, std::string &Err);

/// After statics are exported: keeps the listed bodies as __dsu_p.PID.SYM,
/// turns every other function and old global into a declaration under its
/// SYM.  A moved global becomes __dsu_g.PID.SYM (defined here with NEW's
/// initialiser if this TU defines it, else a declaration), so every reference
/// in the patch goes to the new storage.
/// SYM.  Err names a listed function or global the module lacks.
bool reducePatchModule(llvm::Module &M, TUInfo &Info, const PatchSpec &Spec, std::string &Err);

/// Last step: PIC module flags, no dso_local on non-local globals (the patch
/// is a shared object resolved against the running program).
void finishPatchModule(llvm::Module &M);

} // namespace dsu

#endif
