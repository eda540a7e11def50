//===- LayoutId.cpp - the layout id of a wrapped struct -------------------===//
//
// Part of dsu.  See LayoutId.h.
//
//===----------------------------------------------------------------------===//
#include "LayoutId.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace dsu {

std::string layoutText(StringRef Name, uint64_t Size, uint64_t Align, const json::Array &Fields) {
  std::string S;
  raw_string_ostream OS(S);
  OS << Name << '\n' << Size << '\n' << Align << '\n';
  for (const json::Value &V : Fields) {
    const json::Object *F = V.getAsObject();
    if (!F)
      continue;
    OS << F->getString("name").value_or("") << ':' << F->getString("type").value_or("") << ':'
       << F->getInteger("offset").value_or(0) << ':' << F->getInteger("size").value_or(0);
    if (std::optional<int64_t> BW = F->getInteger("bit_width"))
      OS << ':' << F->getInteger("bit_offset").value_or(0) << ':' << *BW;
    OS << '\n';
  }
  return OS.str();
}

uint32_t layoutId(StringRef Name, uint64_t Size, uint64_t Align, const json::Array &Fields) {
  std::string Text = layoutText(Name, Size, Align, Fields);
  uint32_t Id = static_cast<uint32_t>(xxh3_64bits(StringRef(Text)));
  return Id ? Id : 1;
}

std::string layoutIdHex(uint32_t Id) {
  std::string S;
  raw_string_ostream OS(S);
  OS << format_hex_no_prefix(Id, 8, /*Upper=*/false);
  return OS.str();
}

} // namespace dsu
