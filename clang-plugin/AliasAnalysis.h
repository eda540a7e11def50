//===- AliasAnalysis.h - abstraction-violating aliases of wrapped structs --===//
//
// Part of dsu (issue 4).  A wrapped struct is converted in place, lazily, when
// a field access finds a stale version tag (type-changes.md).  Code that
// reaches an object's bytes without such an access -- through a pointer to
// one of its fields, an integer turned into a pointer, inline asm, or a
// `void *` that also held another struct -- would read a converted object in
// the wrong layout.  This analysis finds those aliases in one TU, after it
// is parsed (and after WrapChecks):
//
//   1. the address of a field (`&e->f`, `&e.a.b`, an array field decaying to
//      a pointer, pointer arithmetic on those) that is stored in memory other
//      than a local variable (a global or static variable, a field, memory
//      reached through a pointer) or converted to an integer.  Stored in a
//      local variable, or returned, it is only "held": recorded for reports
//      (the IR pass judges whether it lives across an update point; a
//      returned one is held by the callers, as the pass's
//      "returns_field_alias" says).  Local variables are followed
//      flow-insensitively (a local that ever holds a field address carries
//      it into later stores, returns and casts), and so are calls of the
//      TU's own functions that return one.  Passing it to a call or
//      dereferencing it is not an alias that lasts.
//   2. a non-constant integer converted to `T *` (directly or through
//      `void *`), or an integer computed with offsetof(T, ...) converted to
//      any pointer.
//   3. an inline asm operand of type T or T *, or one that points into (or,
//      as a memory operand, is) a field of T.
//   4. `void *` laundering: a `void *` variable, parameter, field or function
//      result that, somewhere in the TU, receives a pointer to one struct and
//      is converted to a pointer to a struct, with two different structs
//      among those (tracked per declaration, flow-insensitively; flows from
//      one `void *` to another and across TUs are not followed).
//
// Each finding "pins" the struct: its layout must never change, because the
// running program may hold a way to its objects that checks no tag.  It is a
// warning (an error with -fplugin-arg-dsu-ava-errors) at the use, with a note
// at the definition, and a "pinned" entry in the struct's manifest record.
// __attribute__((annotate("dsu_alias_ok"))) on the variable, parameter or
// field an alias is stored into, or on the function it is made in, says the
// alias never lives across an update point and silences it.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_ALIASANALYSIS_H
#define DSU_CLANG_PLUGIN_ALIASANALYSIS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class ASTContext;
class RecordDecl;
} // namespace clang

namespace dsu {

class Wrapper;

/// One reason a wrapped struct can never change layout.
struct PinnedSite {
  std::string Why;  ///< "the address of its field 'val' is returned from 'get'"
  std::string File; ///< project-relative (SourceNames.h)
  unsigned Line = 0;
  bool operator<(const PinnedSite &O) const {
    return std::tie(File, Line, Why) < std::tie(O.File, O.Line, O.Why);
  }
};

/// A field address kept in a local variable (not an escape; for reports).
struct HeldAlias {
  std::string Field; ///< "key", or a path through nested structs: "sub.x"
  std::string File;
  unsigned Line = 0;
  std::string Function;
  bool operator<(const HeldAlias &O) const {
    return std::tie(File, Line, Field, Function) < std::tie(O.File, O.Line, O.Field, O.Function);
  }
};

class AliasAnalysis {
public:
  /// @W:          which structs are wrapped (only those are analysed).
  /// @SourceRoot: directory file names are made relative to.
  /// @Errors:     report findings as errors instead of warnings.
  AliasAnalysis(const Wrapper &W, std::string SourceRoot, bool Errors)
      : Wrap(W), SourceRoot(std::move(SourceRoot)), Errors(Errors) {}

  /// Analyse the whole parsed TU: diagnose and record every finding.
  void run(clang::ASTContext &Ctx);

  /// Findings for the wrapped struct definition @RD, sorted by place; empty
  /// when it is free to change.
  std::vector<PinnedSite> pinned(const clang::RecordDecl *RD) const;

  /// Field addresses of @RD held in local variables, sorted by place.
  std::vector<HeldAlias> held(const clang::RecordDecl *RD) const;

  /// The annotation that silences the analysis for one declaration.
  static constexpr llvm::StringLiteral OkAnnotation = "dsu_alias_ok";

  // Used by the walk in AliasAnalysis.cpp and by AliasFindings.
  const Wrapper &wrapper() const { return Wrap; }
  llvm::StringRef sourceRoot() const { return SourceRoot; }
  bool errors() const { return Errors; }
  /// Record a finding; false when the same one was recorded already.
  bool addPinned(const clang::RecordDecl *RD, PinnedSite S) {
    return Pinned[RD].insert(std::move(S)).second;
  }
  void addHeld(const clang::RecordDecl *RD, HeldAlias H) { Held[RD].insert(std::move(H)); }

private:
  const Wrapper &Wrap;
  std::string SourceRoot;
  bool Errors;
  llvm::DenseMap<const clang::RecordDecl *, std::set<PinnedSite>> Pinned;
  llvm::DenseMap<const clang::RecordDecl *, std::set<HeldAlias>> Held;
};

} // namespace dsu

#endif
