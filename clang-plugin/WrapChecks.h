//===- WrapChecks.h - uses that make a wrapped struct unsafe ---------------===//
//
// Part of dsu.  A struct is wrapped when its definition completes (Wrapper);
// a use later in the TU can show that its layout is relied on from outside:
// a cast between a pointer to it and a pointer to another struct, its size
// handed to an I/O call (the layout is then a file or wire format), or its
// place inside a union.  Each such use is an error naming the struct, the
// use and the way out: __attribute__((annotate("dsu_nowrap"))) on the struct.
// Making it an error rather than quietly unwrapping keeps the decision a
// function of the definition alone, so every TU that includes the struct's
// header lays it out the same way.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_WRAPCHECKS_H
#define DSU_CLANG_PLUGIN_WRAPCHECKS_H

namespace clang {
class ASTContext;
}

namespace dsu {

class Wrapper;

/// Report every use in the TU that makes a wrapped struct unsafe.
void checkWrappedUses(clang::ASTContext &Ctx, const Wrapper &W);

} // namespace dsu

#endif
