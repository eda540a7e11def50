// TypeDescriptors.h - the weak __dsu_type.<key> descriptors (struct dsu__type
// of include/dsu.h) that checks and stamps hand to the runtime.
#ifndef DSU_PASS_TYPEDESCRIPTORS_H
#define DSU_PASS_TYPEDESCRIPTORS_H

#include "WrappedTypes.h"

namespace llvm {
class GlobalVariable;
class Module;
} // namespace llvm

namespace dsu {

/// The descriptor of W in M, created on first use: weak (not linkonce: it
/// must exist even if nothing here refers to it), default visibility, in
/// llvm.used, { i32 1, i32 ID, i64 size, ptr name, ptr null }.
llvm::GlobalVariable *getTypeDescriptor(llvm::Module &M, const WrappedType &W);

/// Creates the descriptor of every wrapped type whose IR type M uses.
void emitUsedTypeDescriptors(llvm::Module &M, const WrappedTypes &WT);

} // namespace dsu

#endif
