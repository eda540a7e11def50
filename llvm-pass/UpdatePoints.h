// UpdatePoints.h - lowering of dsu_update() calls.
#ifndef DSU_PASS_UPDATEPOINTS_H
#define DSU_PASS_UPDATEPOINTS_H

#include "TUInfo.h"

namespace llvm {
class Module;
}

namespace dsu {

/// Replaces every call of dsu_update() by an inline test of __dsu_pending
/// whose unlikely slow path calls __dsu_update_point(&__dsu_up.TUH.N).
/// Must run before statics are renamed (descriptors carry the IR name of the
/// enclosing function).  Appends one record per point to Info.UpdatePoints.
/// ExeLocal: __dsu_pending may be assumed dso_local (the TU goes into an
/// executable linked with the runtime).
void lowerUpdatePoints(llvm::Module &M, TUInfo &Info, bool ExeLocal);

} // namespace dsu

#endif
