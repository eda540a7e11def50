// Exports.h - give statics stable external names (__dsu_s.TUH.name).
#ifndef DSU_PASS_EXPORTS_H
#define DSU_PASS_EXPORTS_H

#include "TUInfo.h"

namespace dsu {

/// Renames every static program function and global of Info to its Sym,
/// with external linkage and default visibility, so a patch can reach it.
void exportStatics(TUInfo &Info);

} // namespace dsu

#endif
