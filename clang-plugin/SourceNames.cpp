//===- SourceNames.cpp - file names as the manifest spells them ------------===//
//
// Part of dsu.  See SourceNames.h.
//
//===----------------------------------------------------------------------===//
#include "SourceNames.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace llvm;

namespace dsu {

std::string projectFileName(StringRef SourceRoot, StringRef Given) {
  SmallString<256> Abs(Given);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  StringRef Rel = Abs.str();
  if (!SourceRoot.empty() && Rel.consume_front(SourceRoot) && Rel.consume_front("/"))
    return Rel.str();
  // Outside the source root: keep the path as the compiler was given it.
  SmallString<256> Clean(Given);
  sys::path::remove_dots(Clean, /*remove_dot_dot=*/false);
  return Clean.str().str();
}

FileLine fileLine(const SourceManager &SM, SourceLocation Loc, StringRef SourceRoot) {
  PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (PL.isInvalid())
    return {"<unknown>", 0};
  return {projectFileName(SourceRoot, PL.getFilename()), PL.getLine()};
}

} // namespace dsu
