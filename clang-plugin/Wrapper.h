//===- Wrapper.h - type wrapping: version tag and slop for updateable structs -===//
//
// Part of dsu (issue 3, first step; opt-in with -fplugin-arg-dsu-wrap).  A
// wrapped struct gets an unnamed 32-bit bit-field as its first member (the
// version tag: C skips unnamed members in initialisers, so positional and
// designated initialisers keep meaning what they meant) and trailing slop
// of S bytes, also unnamed bit-fields (room for later versions to grow in
// place; at least enough to make the struct 24 bytes).
//
// When the decision is made.  The layout must change before Sema or CodeGen
// ask for it, that is when the definition completes (HandleTagDeclDefinition),
// or -- for `typedef struct { ... } T;`, which has no name yet at that
// moment -- when the declaration that names it ends (HandleTopLevelDecl),
// before the parser reads another token of the program.  Uses later in the
// TU cannot be known then, and a pre-pass would mean parsing every TU twice.
// So the decision depends on the definition and its annotations alone, and a
// later use that makes wrapping unsafe (WrapChecks) is a compile ERROR that
// names the struct, the use and the way out (annotate("dsu_nowrap") on the
// struct).  That makes every TU that includes a struct's header lay it out
// the same way, which a per-TU analysis could not guarantee.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_WRAPPER_H
#define DSU_CLANG_PLUGIN_WRAPPER_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace clang {
class ASTContext;
class DeclGroupRef;
class RecordDecl;
} // namespace clang

namespace dsu {

class BaseLayouts;

/// What wrapping decided for one record.
struct WrapInfo {
  bool Wrapped = false;
  bool Forced = false;    ///< annotate("dsu_wrap"): use rules do not apply
  std::string WhyNot;     ///< reason it was not wrapped, "" when wrapped
  uint64_t Slop = 0;      ///< bytes of slop
  uint64_t UserSize = 0;  ///< sizeof the struct as written (no tag, no slop)
};

class Wrapper {
public:
  /// @SlopPercent: default slop as a percentage of the unwrapped sizeof.
  /// @Remarks:     warn about each struct that is not wrapped, and why.
  Wrapper(unsigned SlopPercent, bool Remarks) : SlopPercent(SlopPercent), Remarks(Remarks) {}

  /// Give every type the base build wrapped its base size and alignment,
  /// and leave the types it did not wrap alone (BaseLayouts.h).
  void setBase(const BaseLayouts *B) { Base = B; }

  /// Minimum alignment of a wrapped struct: a later version may turn an
  /// int field into a long or a pointer without changing the alignment.
  static constexpr uint64_t MinAlign = 8;

  /// Minimum wrapped size: larger than the 16 bytes x86-64 passes and
  /// returns in registers, where no tag check could see the value.
  static constexpr uint64_t MinWrappedSize = 24;

  /// Decide for the record definition @RD and, if eligible, change its
  /// layout.  Called from HandleTagDeclDefinition, before any layout query.
  /// An anonymous struct at file scope waits for handleTopLevelDecl().
  void handleDefinition(clang::ASTContext &Ctx, clang::RecordDecl *RD);

  /// The top-level declaration @G has been parsed: decide for the anonymous
  /// structs waiting for their typedef name.
  void handleTopLevelDecl(clang::ASTContext &Ctx, clang::DeclGroupRef G);

  /// The decision for @RD, or nullptr when it was never seen.
  const WrapInfo *lookup(const clang::RecordDecl *RD) const;

  /// True when @RD was wrapped.
  bool isWrapped(const clang::RecordDecl *RD) const {
    const WrapInfo *W = lookup(RD);
    return W && W->Wrapped;
  }

  /// "struct conn", or the typedef name of an anonymous struct.
  static std::string displayName(const clang::RecordDecl *RD);

  /// The annotations a user writes on a struct.
  static constexpr llvm::StringLiteral NoWrapAnnotation = "dsu_nowrap";
  static constexpr llvm::StringLiteral WrapAnnotation = "dsu_wrap";
  static constexpr llvm::StringLiteral SlopAnnotationPrefix = "dsu_slop=";

private:
  std::string ineligible(clang::ASTContext &Ctx, const clang::RecordDecl *RD) const;
  void decide(clang::ASTContext &Ctx, clang::RecordDecl *RD, WrapInfo &W);
  void notWrapped(clang::ASTContext &Ctx, const clang::RecordDecl *RD, WrapInfo &W,
                  std::string Why);
  void wrap(clang::ASTContext &Ctx, clang::RecordDecl *RD, WrapInfo &W, uint64_t UserAlign,
            uint64_t Align);
  bool fitToBase(clang::ASTContext &Ctx, const clang::RecordDecl *RD, WrapInfo &W,
                 uint64_t UserAlign, uint64_t BaseSize, uint64_t BaseAlign);

  unsigned SlopPercent;
  bool Remarks;
  const BaseLayouts *Base = nullptr;
  llvm::DenseMap<const clang::RecordDecl *, WrapInfo> Decisions;
  /// Anonymous file-scope structs whose declaration is not finished yet.
  llvm::SmallVector<clang::RecordDecl *, 4> Pending;
};

} // namespace dsu

#endif
