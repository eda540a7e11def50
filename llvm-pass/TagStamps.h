// TagStamps.h - giving fresh objects of wrapped types the layout id of the
// code that creates them: heap allocations the plugin marked, stack objects,
// global initialisers.
#ifndef DSU_PASS_TAGSTAMPS_H
#define DSU_PASS_TAGSTAMPS_H

#include "TUInfo.h"
#include "WrappedTypes.h"

namespace llvm {
class Module;
}

namespace dsu {

inline constexpr const char *AllocStampName = "__dsu_alloc_stamp";

/// Replaces each `__dsu_alloc_stamp(p, "C name")` by p and a call
/// `__dsu_stamp_alloc(p, &desc, ID, old_usable, req_bytes, how)` after it:
/// how 0 for the libc heap (old_usable = malloc_usable_size(old) taken before
/// a realloc/reallocarray), how 1 for other allocators (req_bytes from the
/// callee's allocsize, else one object).  Err names a call whose type is not
/// a wrapped one of this TU.
bool lowerAllocStamps(llvm::Module &M, const WrappedTypes &WT, std::string &Err);

/// Stores the ids into every tag of local object of a wrapped type in the program functions of Info
/// (arrays, nesting): after each llvm.lifetime.start of it, else at the
/// function's entry, and again after each memset of it.
void stampAllocas(llvm::Module &M, const WrappedTypes &WT, const TUInfo &Info);

/// Writes the ids into the tags inside global initialisers (@__const.*
/// templates included).  All-zero parts keep tag 0 (the start binary's
/// layout) unless ZeroToo (patch mode: new objects are at the NEW layout) or
/// the global is constant (it is never checked, so it must hold the id).
/// The tags are found through the value type, else the GEP/memcpy users'
/// types, else by matching the shape of clang's literal initialiser types.
void tagGlobals(llvm::Module &M, const WrappedTypes &WT, bool ZeroToo);

} // namespace dsu

#endif
