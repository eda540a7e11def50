// Options.h - command-line options of the dsu pass (-mllvm -dsu-... in clang).
#ifndef DSU_PASS_OPTIONS_H
#define DSU_PASS_OPTIONS_H

#include "llvm/Support/CommandLine.h"
#include <string>

namespace dsu {

enum class Mode { Build, Patch };

extern llvm::cl::opt<Mode> OptMode;
extern llvm::cl::opt<std::string> OptPatchSpec;
extern llvm::cl::opt<std::string> OptTUId;
extern llvm::cl::opt<std::string> OptSourceRoot;
extern llvm::cl::opt<unsigned> OptDirectMaxInsts;

} // namespace dsu

#endif
