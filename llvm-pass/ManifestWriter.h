// ManifestWriter.h - the TU manifest JSON and the dsu_tu record global
// (docs/manifest.md section 2).
#ifndef DSU_PASS_MANIFESTWRITER_H
#define DSU_PASS_MANIFESTWRITER_H

#include "TUInfo.h"
#include "llvm/ADT/StringRef.h"

namespace llvm {
class Module;
}

namespace dsu {

/// The TU manifest of Info and M (for ir_types), as JSON text.
std::string writeManifest(const llvm::Module &M, const TUInfo &Info);

/// Adds the record (magic, lengths, manifest, bitcode, padding) to M as a
/// private constant in section dsu_tu, 8-aligned, kept by llvm.used.
void embedTURecord(llvm::Module &M, const TUInfo &Info, llvm::StringRef Manifest,
                   llvm::StringRef Bitcode);

} // namespace dsu

#endif
