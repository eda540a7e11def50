// TypeUses.h - the manifest's "types_used" of each function: the wrapped
// types it uses concretely, from the plugin's AST view and from the IR.
#ifndef DSU_PASS_TYPEUSES_H
#define DSU_PASS_TYPEUSES_H

#include "TUInfo.h"
#include "WrappedTypes.h"

namespace dsu {

/// Fills FunctionRecord::TypesUsed of Info from UsesJSON (the plugin's
/// __dsu_ast_uses, validated as an object) and from M's IR, which must not
/// be instrumented yet: GEPs with a wrapped source type and >= 2 indices,
/// locals holding wrapped objects, __dsu_alloc_stamp calls.  Err names a
/// malformed entry.
bool collectTypesUsed(llvm::Module &M, TUInfo &Info, const WrappedTypes &WT,
                      llvm::StringRef UsesJSON, std::string &Err);

} // namespace dsu

#endif
