// Naming.cpp - see Naming.h.
#include "Naming.h"
#include "Options.h"

#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <cstdio>

using namespace llvm;

namespace dsu {

std::string hex16(uint64_t V) {
  char Buf[17];
  snprintf(Buf, sizeof Buf, "%016llx", (unsigned long long)V);
  return Buf;
}

std::string hashHex(StringRef S) {
  return hex16(xxh3_64bits(ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(S.data()), S.size())));
}

/// The source root: -dsu-source-root or the working directory, absolute and
/// without "." / ".." components, so prefix comparison is meaningful.
static std::string sourceRoot() {
  SmallString<256> Root;
  if (!OptSourceRoot.empty()) {
    Root = OptSourceRoot;
    sys::fs::make_absolute(Root);
  } else if (sys::fs::current_path(Root)) {
    return "";
  }
  sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  return std::string(Root);
}

/// The work tree of the version-control checkout holding @Dir (the nearest
/// ancestor with a ".git" entry), or "" when there is none.
static std::string enclosingWorkTree(StringRef Dir) {
  SmallString<256> D(Dir);
  while (!D.empty()) {
    SmallString<256> Git(D);
    sys::path::append(Git, ".git");
    if (sys::fs::exists(Git))
      return std::string(D);
    StringRef Parent = sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return "";
}

/// @P (absolute, normalised) relative to @Root, or "" when it is not below it.
static std::string below(StringRef P, StringRef Root) {
  if (Root.empty())
    return "";
  StringRef PS(P);
  if (PS.consume_front(Root) && PS.consume_front("/") && !PS.empty())
    return PS.str();
  return "";
}

std::string relativeToRoot(StringRef Path) {
  // A relative path is relative to the working directory, which is the
  // default root: keep it as given (less any "./") unless another root was
  // named, so `dsu-cc ./a.c` and `dsu-cc a.c` name the same TU.
  if (!sys::path::is_absolute(Path) && OptSourceRoot.empty()) {
    SmallString<256> R(Path);
    sys::path::remove_dots(R, /*remove_dot_dot=*/false);
    return std::string(R);
  }
  SmallString<256> P(Path);
  sys::fs::make_absolute(P);
  sys::path::remove_dots(P, true);
  std::string Rel = below(P, sourceRoot());
  if (!Rel.empty() || !OptSourceRoot.empty())
    return Rel.empty() ? std::string(P) : Rel;
  // An absolute path outside the working directory (CMake compiles from its
  // build directory): two checkouts of the same project must still agree,
  // so fall back to the path within the source's own work tree.
  Rel = below(P, enclosingWorkTree(sys::path::parent_path(P)));
  return Rel.empty() ? std::string(P) : Rel;
}

std::string debugFileId(StringRef Directory, StringRef Filename) {
  // A filename relative to the working directory (make, or clang run in
  // the source directory) is named the way TU ids are, "./" dropped.
  SmallString<256> Cwd;
  if (sys::path::is_absolute(Filename) || Directory.empty() ||
      (!sys::fs::current_path(Cwd) && Cwd == Directory))
    return relativeToRoot(Filename);
  // Relative to another directory: Clang split an absolute path at the
  // common prefix of the source and the working directory (CMake).
  SmallString<256> P(Directory);
  sys::path::append(P, Filename);
  return relativeToRoot(P);
}

std::string computeTUId(const Module &M) {
  if (!OptTUId.empty())
    return OptTUId;
  return relativeToRoot(M.getSourceFileName());
}

bool isRuntimeName(StringRef Name) {
  return Name.starts_with("dsu_") || Name.starts_with("__dsu_");
}

bool isCompilerGlobalName(StringRef Name) {
  return Name.starts_with("llvm.") || Name.starts_with("__dsu_");
}

std::string identity(const GlobalValue &GV, StringRef TUId) {
  if (GV.hasLocalLinkage())
    return (TUId + ":" + GV.getName()).str();
  return GV.getName().str();
}

std::string exportedName(StringRef IRName, StringRef TUH, bool IsStatic) {
  if (!IsStatic)
    return IRName.str();
  return ("__dsu_s." + TUH + "." + IRName).str();
}

} // namespace dsu

namespace dsu {

bool claimName(GlobalValue &GV, StringRef Name) {
  GlobalValue *Old = GV.getParent()->getNamedValue(Name);
  if (Old && Old != &GV) {
    if (!Old->isDeclaration())
      return false;
    Old->replaceAllUsesWith(&GV);
    Old->eraseFromParent();
  }
  GV.setName(Name);
  return GV.getName() == Name;
}

} // namespace dsu
