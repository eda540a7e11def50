//===- AllocStamps.h - mark allocations of wrapped structs ----------------===//
//
// Part of dsu.  A freshly allocated object's version tag is garbage; the
// pass must stamp it with the layout id, but by then (IR) `malloc(n)` and
// `(struct conn *)malloc(n)` are the same `ptr`.  So the plugin rewrites the
// AST of each function body, before CodeGen sees it: every call to an
// allocation function whose result is converted to `T *`, T a wrapped
// struct, becomes
//     __dsu_alloc_stamp(<call>, "<C name of T>")
// a call to `void *__dsu_alloc_stamp(void *, const char *)`, declared
// implicitly here.  The pass replaces it by the runtime's __dsu_stamp_alloc
// (wrap contract, "Stamp").  Allocation functions: malloc, calloc, realloc,
// reallocarray, aligned_alloc, memalign, valloc, alloca/__builtin_alloca,
// and any callee with __attribute__((malloc)), alloc_size or
// annotate("dsu_alloc").
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_ALLOCSTAMPS_H
#define DSU_CLANG_PLUGIN_ALLOCSTAMPS_H

#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace dsu {

class Wrapper;

/// The callee of the stamping calls the plugin inserts.
inline constexpr const char *AllocStampName = "__dsu_alloc_stamp";

class AllocStamper {
public:
  explicit AllocStamper(const Wrapper &W) : Wrap(W) {}

  /// Rewrite the allocations of wrapped structs in the body of @FD.
  /// Return the C names of the types stamped (with repeats).
  llvm::SmallVector<std::string, 4> stampFunction(clang::ASTContext &Ctx, clang::FunctionDecl *FD);

private:
  clang::FunctionDecl *stampDecl(clang::ASTContext &Ctx);

  const Wrapper &Wrap;
  clang::FunctionDecl *StampFn = nullptr; ///< created on first use
};

} // namespace dsu

#endif
