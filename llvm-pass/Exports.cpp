// Exports.cpp - see Exports.h.
#include "Exports.h"
#include "Naming.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace dsu {

/// Makes GV external under Sym.  unnamed_addr is dropped: a patch may compare
/// the address it reaches by name with one the program stored.
static void exportAs(GlobalValue &GV, StringRef Sym) {
  if (!claimName(GV, Sym))
    report_fatal_error(Twine("dsu: cannot export static as ") + Sym + ": the TU already defines that name",
                       false);
  GV.setLinkage(GlobalValue::ExternalLinkage);
  GV.setVisibility(GlobalValue::DefaultVisibility);
  GV.setUnnamedAddr(GlobalValue::UnnamedAddr::None);
}

void exportStatics(TUInfo &Info) {
  for (FunctionRecord &R : Info.Functions)
    if (R.IsStatic)
      exportAs(*R.F, R.Sym);
  for (GlobalRecord &R : Info.Globals)
    if (R.IsStatic)
      exportAs(*R.GV, R.Sym);
}

} // namespace dsu
