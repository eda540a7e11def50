// Options.cpp - the pass's cl::opts.  They live in the plugin, so clang only
// sees them when the .so is also given to -fplugin= (see docs/manifest.md).
#include "Options.h"

using namespace llvm;

namespace dsu {

cl::opt<Mode> OptMode(
    "dsu-mode", cl::desc("dsu pass mode"), cl::init(Mode::Build),
    cl::values(clEnumValN(Mode::Build, "build", "instrument a program TU"),
               clEnumValN(Mode::Patch, "patch", "compile one TU's share of a patch")));

cl::opt<std::string> OptPatchSpec("dsu-patch-spec",
                                  cl::desc("patch spec JSON written by dsu-diff (patch mode)"),
                                  cl::value_desc("file"));

cl::opt<std::string> OptTUId("dsu-tu-id", cl::desc("override the TU id (default: source path "
                                                   "relative to -dsu-source-root)"));

cl::opt<std::string> OptSourceRoot("dsu-source-root",
                                   cl::desc("directory TU ids are relative to (default: cwd)"));

cl::opt<unsigned> OptDirectMaxInsts(
    "dsu-direct-max-insts", cl::init(40),
    cl::desc("largest static/inline callee (IR instructions) whose calls stay direct; 0: none"));

} // namespace dsu
