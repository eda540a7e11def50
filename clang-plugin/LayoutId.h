//===- LayoutId.h - the layout id of a wrapped struct ---------------------===//
//
// Part of dsu.  The version tag of a wrapped object holds the layout id of
// the layout its bytes are in (wrap contract, "Layout ids").  The id is a
// hash of the type's own layout as the manifest describes it, so every TU
// that includes the same header computes the same id, and a change to a
// nested struct changes only that struct's id (a field of struct type
// contributes its type's spelling, not its fields).  Only the plugin
// computes ids; everything else reads them from the manifest.
//
//===----------------------------------------------------------------------===//
#ifndef DSU_CLANG_PLUGIN_LAYOUTID_H
#define DSU_CLANG_PLUGIN_LAYOUTID_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <cstdint>
#include <string>

namespace dsu {

/// The canonical text hashed for a layout: "<name>\n<size>\n<align>\n", then
/// one line "name:type:offset:size[:bit_offset:bit_width]\n" per user field
/// of @Fields (manifest field records, in order).
std::string layoutText(llvm::StringRef Name, uint64_t Size, uint64_t Align,
                       const llvm::json::Array &Fields);

/// Low 32 bits of xxh3_64(layoutText(...)); 1 instead of 0 (tag 0 means
/// "the layout of the base binary").
uint32_t layoutId(llvm::StringRef Name, uint64_t Size, uint64_t Align,
                  const llvm::json::Array &Fields);

/// @Id as 8 lowercase hex digits, the manifest's "layout_id".
std::string layoutIdHex(uint32_t Id);

} // namespace dsu

#endif
