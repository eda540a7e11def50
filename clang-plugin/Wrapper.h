//===- Wrapper.h - type wrapping: version tag and slop for updateable structs -===//
//
// Part of dsu (issue 3, first step; opt-in with -fplugin-arg-dsu-wrap).  A
// wrapped struct gets an unnamed 32-bit bit-field as its first member (the
// version tag: C skips unnamed members in initialisers, so positional and
// designated initialisers keep meaning what they meant) and a trailing
// `unsigned char __dsu_slop[S]` (room for later versions to grow in place).
//
// The layout must change when the definition completes, before Sema or
// CodeGen ask for it.  Only facts of the definition itself can be used
// there; uses later in the TU that make wrapping unsafe (WrapChecks) are
// errors that tell the user to opt the struct out.  So the decision depends
// on the definition alone and every TU including a header agrees on it.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_WRAPPER_H
#define DSU_CLANG_PLUGIN_WRAPPER_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace clang {
class ASTContext;
class RecordDecl;
} // namespace clang

namespace dsu {

/// What wrapping decided for one record.
struct WrapInfo {
  bool Wrapped = false;
  std::string WhyNot;     ///< reason it was not wrapped, "" when wrapped
  uint64_t Slop = 0;      ///< bytes of slop
  uint64_t UserBytes = 0; ///< size of the user's fields (no padding), for the slop rule
};

class Wrapper {
public:
  /// @SlopPercent: default slop as a percentage of the fields' size.
  explicit Wrapper(unsigned SlopPercent) : SlopPercent(SlopPercent) {}

  /// Decide for the record definition @RD and, if eligible, change its
  /// layout.  Called from HandleTagDeclDefinition, before any layout query.
  void handleDefinition(clang::ASTContext &Ctx, clang::RecordDecl *RD);

  /// The decision for @RD, or nullptr when it was never seen.
  const WrapInfo *lookup(const clang::RecordDecl *RD) const;

  /// True when @RD was wrapped.
  bool isWrapped(const clang::RecordDecl *RD) const {
    const WrapInfo *W = lookup(RD);
    return W && W->Wrapped;
  }

  /// Name of the slop member, and the annotations a user writes on a struct.
  static constexpr llvm::StringLiteral SlopName = "__dsu_slop";
  static constexpr llvm::StringLiteral NoWrapAnnotation = "dsu_nowrap";
  static constexpr llvm::StringLiteral SlopAnnotationPrefix = "dsu_slop=";

private:
  std::string ineligible(clang::ASTContext &Ctx, const clang::RecordDecl *RD) const;
  void wrap(clang::ASTContext &Ctx, clang::RecordDecl *RD, WrapInfo &W);

  unsigned SlopPercent;
  llvm::DenseMap<const clang::RecordDecl *, WrapInfo> Decisions;
};

} // namespace dsu

#endif
