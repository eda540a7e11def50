//===- ConcreteUses.h - wrapped types each function uses concretely -------===//
//
// Part of dsu.  A function that touches the layout of a wrapped struct (a
// field access with . or ->, offsetof, an initialiser list or compound
// literal of it, a stamped allocation, a local variable of it or an array
// of them) must be recompiled, and its checks renewed, when that layout
// changes; the manifest lists those types per function as "types_used"
// (wrap contract).  The pass sees GEPs in IR; some uses (offsetof folded to
// a constant, an initialiser turned into a memcpy) are only visible here.
//
// Output, only when wrapping is on: the global
//   static const char __dsu_ast_uses[] = "{\"<C function name>\":[\"struct conn\",...],...}";
// (sorted, unique names; functions without such uses are left out), made
// by emitStringGlobal() like __dsu_ast_types.  dsu's pass reads and erases it.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_CONCRETEUSES_H
#define DSU_CLANG_PLUGIN_CONCRETEUSES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/JSON.h"
#include <map>
#include <set>
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace dsu {

class Wrapper;

/// Name of the global holding the uses (docs/manifest.md).
inline constexpr const char *ASTUsesGlobal = "__dsu_ast_uses";

class ConcreteUses {
public:
  explicit ConcreteUses(const Wrapper &W) : Wrap(W) {}

  /// Record the concrete uses in the body of @FD, plus the types of the
  /// allocations stamped in it (@Stamped, C names).
  void addFunction(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                   llvm::ArrayRef<std::string> Stamped);

  /// {"<function>": ["struct conn", ...]}, names sorted.
  llvm::json::Object toJSON() const;

private:
  const Wrapper &Wrap;
  std::map<std::string, std::set<std::string>> Uses;
};

} // namespace dsu

#endif
