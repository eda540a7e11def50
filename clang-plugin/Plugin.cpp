//===- Plugin.cpp - dsu's clang plugin: registration and options ----------===//
//
// Part of dsu.  Loaded with `-fplugin=dsu-plugin.so` (dsu-cc does this).  It
// runs before the main action, records the layout of every struct and union
// defined outside system headers and leaves it in the object as the global
// __dsu_ast_types, which dsu's LLVM pass moves into the TU manifest.
//
// Arguments (-fplugin-arg-dsu-ARG):
//   off               record nothing, emit no global (as if not loaded)
//   source-root=DIR   make file names relative to DIR (default:
//                     $DSU_SOURCE_ROOT, else the working directory; the same
//                     rule dsu-cc applies to the pass's TU ids)
//
//===----------------------------------------------------------------------===//
#include "ManifestDecl.h"
#include "TypeRecorder.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace clang;

namespace {

/// Feeds struct/union definitions to the recorder and, once the whole TU is
/// parsed, emits the recorded layouts for CodeGen.
class DsuConsumer : public ASTConsumer {
public:
  DsuConsumer(CompilerInstance &CI, std::string SourceRoot)
      : CI(CI), Recorder(std::move(SourceRoot)) {}

  void HandleTagDeclDefinition(TagDecl *TD) override { Recorder.add(CI.getASTContext(), TD); }

  // Runs before CodeGen's HandleTranslationUnit: this action is added before
  // the main action, and the multiplexer calls consumers in order.
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    llvm::json::Value Types(Recorder.toJSON(Ctx));
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    OS << Types;
    dsu::emitStringGlobal(CI, dsu::ASTTypesGlobal, OS.str());
  }

private:
  CompilerInstance &CI;
  dsu::TypeRecorder Recorder;
};

class DsuAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) override {
    if (Off)
      return std::make_unique<ASTConsumer>();
    return std::make_unique<DsuConsumer>(CI, SourceRoot);
  }

  bool ParseArgs(const CompilerInstance &CI, const std::vector<std::string> &Args) override {
    DiagnosticsEngine &D = CI.getDiagnostics();
    std::string Root;
    for (const std::string &A : Args) {
      llvm::StringRef Arg(A);
      if (Arg == "off") {
        Off = true;
      } else if (Arg.consume_front("source-root=")) {
        Root = Arg.str();
      } else {
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "dsu-plugin: unknown argument '%0' (known: off, source-root=DIR)"))
            << A;
        return false;
      }
    }
    if (Root.empty())
      if (const char *Env = std::getenv("DSU_SOURCE_ROOT"); Env && *Env)
        Root = Env;
    if (Root.empty())
      Root = ".";
    llvm::SmallString<256> Real;
    if (std::error_code EC = llvm::sys::fs::real_path(Root, Real)) {
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "dsu-plugin: source root '%0': %1"))
          << Root << EC.message();
      return false;
    }
    SourceRoot = Real.str().str();
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  bool Off = false;
  std::string SourceRoot;
};

} // namespace

static FrontendPluginRegistry::Add<DsuAction> X("dsu", "record struct layouts for dsu's manifest");
