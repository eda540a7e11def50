//===- Plugin.cpp - dsu's clang plugin: registration and options ----------===//
//
// Part of dsu.  Loaded with `-fplugin=dsu-plugin.so` (dsu-cc does this).  It
// runs before the main action, records the layout of every struct and union
// defined outside system headers and leaves it in the object as the global
// __dsu_ast_types, which dsu's LLVM pass moves into the TU manifest.  With
// wrapping on it also stamps allocations of wrapped structs (AllocStamps.h)
// and leaves the wrapped types each function uses concretely in the global
// __dsu_ast_uses (ConcreteUses.h), which the pass reads and erases too, and
// looks for abstraction-violating aliases of wrapped structs (AliasAnalysis.h),
// which warn and appear in the type records ("pinned").
//
// Arguments (-fplugin-arg-dsu-ARG):
//   off               record nothing, emit no global (as if not loaded)
//   source-root=DIR   make file names relative to DIR (default:
//                     $DSU_SOURCE_ROOT, else the working directory; the same
//                     rule dsu-cc applies to the pass's TU ids)
//   wrap              wrap updateable structs: version tag + slop
//                     (docs/type-wrapping.md; nothing checks tags yet)
//   slop=PERCENT      slop of a wrapped struct, as a percentage of its
//                     unwrapped sizeof (default 100: room to double)
//   wrap-remarks      warn about each struct that is not wrapped, and why
//   base=FILE         keep the wrapped sizes and alignments of a base build
//                     (JSON written by dsu-cc --dsu-base, BaseLayouts.h);
//                     only matters with wrap
//   ava-errors        abstraction-violating aliases of wrapped structs
//                     (AliasAnalysis.h) are errors, not warnings; only
//                     matters with wrap
//
//===----------------------------------------------------------------------===//
#include "AliasAnalysis.h"
#include "AllocStamps.h"
#include "BaseLayouts.h"
#include "ConcreteUses.h"
#include "ManifestDecl.h"
#include "TypeRecorder.h"
#include "WrapChecks.h"
#include "Wrapper.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclGroup.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <memory>
#include <optional>

using namespace clang;

namespace {

/// Feeds struct/union definitions to the recorder and, once the whole TU is
/// parsed, emits the recorded layouts for CodeGen.
class DsuConsumer : public ASTConsumer {
public:
  DsuConsumer(CompilerInstance &CI, std::string SourceRoot, std::optional<unsigned> WrapSlop,
              bool WrapRemarks, bool AVAErrors, std::shared_ptr<const dsu::BaseLayouts> Base)
      : CI(CI), Recorder(SourceRoot), Base(std::move(Base)) {
    if (WrapSlop) {
      Wrap.emplace(*WrapSlop, WrapRemarks);
      Wrap->setBase(this->Base.get());
      Recorder.setWrapper(&*Wrap);
      Stamper.emplace(*Wrap);
      Uses.emplace(*Wrap);
      Aliases.emplace(*Wrap, std::move(SourceRoot), AVAErrors);
      Recorder.setAliases(&*Aliases);
    }
  }

  // The layout of a wrapped struct changes here, before anything asks for it.
  void HandleTagDeclDefinition(TagDecl *TD) override {
    if (auto *RD = dyn_cast<RecordDecl>(TD); RD && Wrap)
      Wrap->handleDefinition(CI.getASTContext(), RD);
    Recorder.add(CI.getASTContext(), TD);
  }

  // `typedef struct { ... } T;` is wrapped here, once T exists and before
  // the parser goes on (Wrapper.h).  This consumer runs before CodeGen's.
  // Function bodies are rewritten here too (AllocStamps.h): CodeGen's
  // consumer gets each top-level declaration after this one.
  bool HandleTopLevelDecl(DeclGroupRef G) override {
    if (!Wrap)
      return true;
    ASTContext &Ctx = CI.getASTContext();
    Wrap->handleTopLevelDecl(Ctx, G);
    if (CI.getDiagnostics().hasErrorOccurred())
      return true;
    for (Decl *D : G)
      if (auto *FD = dyn_cast<FunctionDecl>(D); FD && FD->doesThisDeclarationHaveABody())
        Uses->addFunction(Ctx, FD, Stamper->stampFunction(Ctx, FD));
    return true;
  }

  // Runs before CodeGen's HandleTranslationUnit: this action is added before
  // the main action, and the multiplexer calls consumers in order.
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Wrap && !CI.getDiagnostics().hasErrorOccurred())
      dsu::checkWrappedUses(Ctx, *Wrap);
    // Aliases of wrapped structs pin them; the records say so below.
    if (Aliases && !CI.getDiagnostics().hasErrorOccurred())
      Aliases->run(Ctx);
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    emitJSON(dsu::ASTTypesGlobal, llvm::json::Value(Recorder.toJSON(Ctx)));
    if (Uses)
      emitJSON(dsu::ASTUsesGlobal, llvm::json::Value(Uses->toJSON()));
  }

private:
  void emitJSON(const char *Global, const llvm::json::Value &V) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    OS << V;
    dsu::emitStringGlobal(CI, Global, OS.str());
  }

  CompilerInstance &CI;
  dsu::TypeRecorder Recorder;
  std::shared_ptr<const dsu::BaseLayouts> Base;
  std::optional<dsu::Wrapper> Wrap;
  std::optional<dsu::AllocStamper> Stamper;
  std::optional<dsu::ConcreteUses> Uses;
  std::optional<dsu::AliasAnalysis> Aliases;
};

class DsuAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) override {
    if (Off)
      return std::make_unique<ASTConsumer>();
    return std::make_unique<DsuConsumer>(CI, SourceRoot, WrapSlop, WrapRemarks, AVAErrors, Base);
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
      } else if (Arg == "wrap") {
        WrapSlop = WrapSlop.value_or(100);
      } else if (Arg.consume_front("base=")) {
        auto B = std::make_shared<dsu::BaseLayouts>();
        if (std::string Why = B->load(Arg); !Why.empty()) {
          D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "dsu-plugin: base file '%0': %1"))
              << Arg << Why;
          return false;
        }
        Base = std::move(B);
      } else if (Arg == "wrap-remarks") {
        WrapRemarks = true;
      } else if (Arg == "ava-errors") {
        AVAErrors = true;
      } else if (Arg.consume_front("slop=")) {
        unsigned P;
        if (Arg.getAsInteger(10, P)) {
          D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "dsu-plugin: slop=%0: not a percentage"))
              << Arg;
          return false;
        }
        SlopPercent = P;
      } else {
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "dsu-plugin: unknown argument '%0' (known: off, source-root=DIR, "
                                   "wrap, wrap-remarks, slop=PERCENT, base=FILE, ava-errors)"))
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
    if (WrapSlop && SlopPercent)
      WrapSlop = *SlopPercent;
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  bool Off = false;
  std::string SourceRoot;
  std::optional<unsigned> WrapSlop;    // set: wrap, with this slop percentage
  std::optional<unsigned> SlopPercent; // slop=PERCENT, whatever the order of the arguments
  bool WrapRemarks = false;
  bool AVAErrors = false; // ava-errors
  std::shared_ptr<const dsu::BaseLayouts> Base; // base=FILE
};

} // namespace

static FrontendPluginRegistry::Add<DsuAction> X("dsu", "record struct layouts for dsu's manifest");
