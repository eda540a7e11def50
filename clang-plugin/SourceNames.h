//===- SourceNames.h - file names as the manifest spells them --------------===//
//
// Part of dsu.  The manifest names files relative to the source root (the
// same rule dsu-cc applies to TU ids), so a record does not depend on where
// the build tree lives.  The type recorder and the alias analysis both name
// places this way; keeping the rule in one place keeps their "file" keys and
// the file:line in diagnostics the same.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_SOURCENAMES_H
#define DSU_CLANG_PLUGIN_SOURCENAMES_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang {
class SourceLocation;
class SourceManager;
} // namespace clang

namespace dsu {

/// @Given relative to the absolute directory @SourceRoot when it lies
/// below it, else @Given with its "." components removed.
std::string projectFileName(llvm::StringRef SourceRoot, llvm::StringRef Given);

/// A place in the program, as the manifest records it.
struct FileLine {
  std::string File; ///< projectFileName(), "<unknown>" for an invalid location
  unsigned Line = 0;
};

/// Where @Loc is (its macro expansion point, #line directives applied).
FileLine fileLine(const clang::SourceManager &SM, clang::SourceLocation Loc,
                  llvm::StringRef SourceRoot);

} // namespace dsu

#endif
