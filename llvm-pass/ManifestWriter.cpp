// ManifestWriter.cpp - see ManifestWriter.h.
#include "ManifestWriter.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace dsu {

static std::string structBody(StructType *ST) {
  if (ST->isOpaque())
    return "opaque";
  std::string S;
  raw_string_ostream OS(S);
  OS << (ST->isPacked() ? "<{ " : "{ ");
  bool First = true;
  for (Type *E : ST->elements()) {
    if (!First)
      OS << ", ";
    First = false;
    E->print(OS, false, true);
  }
  OS << (ST->isPacked() ? " }>" : " }");
  if (ST->getNumElements() == 0)
    return ST->isPacked() ? "<{}>" : "{}";
  return OS.str();
}

static void stringArray(json::OStream &J, const std::set<std::string> &S) {
  J.array([&] {
    for (const std::string &X : S)
      J.value(X);
  });
}

/// A "restrict" object: the names old code may still use concretely.
static void restrictObject(json::OStream &J, const NameSet &S) {
  J.attributeObject("restrict", [&] {
    J.attributeBegin("functions");
    stringArray(J, S.Functions);
    J.attributeEnd();
    J.attributeBegin("globals");
    stringArray(J, S.Globals);
    J.attributeEnd();
    J.attributeBegin("types");
    stringArray(J, S.Types);
    J.attributeEnd();
  });
}

std::string writeManifest(const Module &M, const TUInfo &Info) {
  std::string Out;
  raw_string_ostream OS(Out);
  json::OStream J(OS);
  J.object([&] {
    J.attribute("format", 1);
    J.attribute("tu", Info.TUId);
    J.attribute("tu_hash", Info.TUH);
    J.attribute("opt_level", Info.OptLevel);
    J.attribute("size_level", Info.SizeLevel);
    J.attributeArray("functions", [&] {
      for (const FunctionRecord &R : Info.Functions)
        J.object([&] {
          J.attribute("id", R.Id);
          J.attribute("sym", R.Sym);
          J.attribute("ir_name", R.IRName);
          J.attribute("static", R.IsStatic);
          J.attribute("hash", R.Hash);
          J.attribute("type", R.Type);
          J.attribute("varargs", R.Varargs);
          J.attribute("slot", R.Slot);
          if (R.Entry.empty())
            J.attribute("entry", nullptr);
          else
            J.attribute("entry", R.Entry);
          J.attributeBegin("direct_callees");
          stringArray(J, R.DirectCallees);
          J.attributeEnd();
          J.attributeBegin("slot_callees");
          stringArray(J, R.SlotCallees);
          J.attributeEnd();
          J.attributeBegin("globals_used");
          stringArray(J, R.GlobalsUsed);
          J.attributeEnd();
          if (Info.WrapOn) {
            J.attributeBegin("types_used");
            stringArray(J, R.TypesUsed);
            J.attributeEnd();
            if (!R.ReturnsAlias.empty()) {
              J.attributeBegin("returns_field_alias");
              stringArray(J, R.ReturnsAlias);
              J.attributeEnd();
            }
          }
          J.attribute("update_points", R.UpdatePoints);
          J.attribute("file", R.File);
          J.attribute("line", R.Line);
          restrictObject(J, R.Restrict);
        });
    });
    J.attributeArray("globals", [&] {
      for (const GlobalRecord &R : Info.Globals)
        J.object([&] {
          J.attribute("id", R.Id);
          J.attribute("sym", R.Sym);
          J.attribute("ir_name", R.IRName);
          J.attribute("static", R.IsStatic);
          J.attribute("type", R.Type);
          J.attribute("size", (int64_t)R.Size);
          J.attribute("constant", R.Constant);
          J.attribute("init_hash", R.InitHash);
        });
    });
    // Validated when it was read from __dsu_ast_types; copied as the plugin
    // wrote it (re-serialising would sort its keys).
    J.attributeBegin("types");
    J.rawValue(Info.TypesJSON);
    J.attributeEnd();
    J.attributeObject("ir_types", [&] {
      for (StructType *ST : M.getIdentifiedStructTypes())
        if (ST->hasName())
          J.attribute(ST->getName(), structBody(ST));
    });
    J.attributeArray("update_points", [&] {
      for (const UpdatePointRecord &U : Info.UpdatePoints)
        J.object([&] {
          J.attribute("index", U.Index);
          J.attribute("function", U.Function);
          J.attribute("file", U.File);
          J.attribute("line", U.Line);
          restrictObject(J, U.Restrict);
        });
    });
    if (Info.WrapOn)
      J.attributeArray("pinned_types", [&] {
        for (const PinnedType &P : Info.PinnedTypes)
          J.object([&] {
            J.attribute("type", P.Type);
            J.attribute("why", P.Why);
          });
      });
  });
  OS.flush();
  return Out;
}

static void putLE32(std::string &S, uint32_t V) {
  for (int I = 0; I < 4; ++I)
    S.push_back(char((V >> (8 * I)) & 0xff));
}

void embedTURecord(Module &M, const TUInfo &Info, StringRef Manifest, StringRef Bitcode) {
  if (Manifest.size() > UINT32_MAX || Bitcode.size() > UINT32_MAX)
    report_fatal_error("dsu: manifest or bitcode of " + Twine(Info.TUId) + " exceeds 4 GiB", false);
  std::string Rec = "DSUTU001";
  putLE32(Rec, Manifest.size());
  putLE32(Rec, Bitcode.size());
  Rec += Manifest;
  Rec += Bitcode;
  while (Rec.size() % 8)
    Rec.push_back('\0');
  Constant *Init = ConstantDataArray::getRaw(Rec, Rec.size(), Type::getInt8Ty(M.getContext()));
  auto *GV = new GlobalVariable(M, Init->getType(), true, GlobalValue::PrivateLinkage, Init,
                                "__dsu_tu." + Info.TUH);
  GV->setSection("dsu_tu");
  GV->setAlignment(Align(8));
  // llvm.used marks the section SHF_GNU_RETAIN, so --gc-sections keeps it.
  appendToUsed(M, {GV});
}

} // namespace dsu
