// TUInfo.h - what the pass learns about a TU before changing it: the records
// the manifest is written from and the facts the kept-direct policy needs.
#ifndef DSU_PASS_TUINFO_H
#define DSU_PASS_TUINFO_H

#include "llvm/ADT/DenseMap.h"
#include <set>
#include <string>
#include <vector>

namespace llvm {
class Function;
class GlobalVariable;
class Module;
} // namespace llvm

namespace dsu {

/// Names old code may still use concretely: a "restrict" object of the
/// manifest (docs/manifest.md section 2, Updateability.h).
struct NameSet {
  std::set<std::string> Functions; ///< function ids called through a slot
  std::set<std::string> Globals;   ///< program global ids
  std::set<std::string> Types;     ///< C names of wrapped types
  /// Adds every name of O; returns true when this set grew.
  bool add(const NameSet &O);
};

/// A wrapped type a field alias may pin (manifest "pinned_types").
struct PinnedType {
  std::string Type, Why;
  bool operator<(const PinnedType &O) const {
    return Type != O.Type ? Type < O.Type : Why < O.Why;
  }
};

struct FunctionRecord {
  llvm::Function *F = nullptr;
  std::string IRName, Id, Sym, Hash, Type, File;
  unsigned Line = 0;
  bool IsStatic = false, Varargs = false;
  bool InlineLike = false; ///< static, inlinehint or linkonce_odr: may stay direct
  unsigned NumInsts = 0;
  unsigned UpdatePoints = 0;
  std::string Slot, Entry; ///< Entry empty: address not taken in this TU
  std::set<std::string> DirectCallees, SlotCallees;
  std::set<std::string> GlobalsUsed; ///< identities of program globals it refers to
  std::set<std::string> TypesUsed;   ///< C names of wrapped types it uses concretely
  NameSet Restrict; ///< names used after one of its calls returned
  /// Wrapped types it returns a field address of: its callers hold that
  /// address (manifest "returns_field_alias"; the runtime adds these types
  /// to the callers' summaries, across TUs too).
  std::set<std::string> ReturnsAlias;
};

struct GlobalRecord {
  llvm::GlobalVariable *GV = nullptr;
  std::string IRName, Id, Sym, Type, InitHash;
  bool IsStatic = false, Constant = false;
  uint64_t Size = 0;
};

struct UpdatePointRecord {
  unsigned Index = 0;
  std::string Function, File;
  unsigned Line = 0;
  NameSet Restrict; ///< names used after this point's call returned
};

struct TUInfo {
  std::string TUId, TUH;
  unsigned OptLevel = 0, SizeLevel = 0;
  std::string TypesJSON = "[]"; ///< from the clang plugin's __dsu_ast_types
  bool WrapOn = false; ///< wrapping info present: functions list "types_used"
  std::vector<FunctionRecord> Functions; ///< program functions, module order
  std::vector<GlobalRecord> Globals;     ///< program globals, module order
  std::vector<UpdatePointRecord> UpdatePoints;
  std::set<PinnedType> PinnedTypes; ///< field aliases that may outlive a call
  llvm::DenseMap<const llvm::Function *, unsigned> FunctionIndex;
  /// Update points per defined function (program or not), before lowering.
  llvm::DenseMap<const llvm::Function *, unsigned> UpdatePointCount;

  FunctionRecord *record(const llvm::Function *F) {
    auto It = FunctionIndex.find(F);
    return It == FunctionIndex.end() ? nullptr : &Functions[It->second];
  }
};

/// A function dsu gives a slot: defined here, not an intrinsic, not the
/// runtime's API, not available_externally (its real body is elsewhere).
bool isProgramFunction(const llvm::Function &F);

/// Is GV a global of the program (not the compiler's, not a string
/// literal)?  By name: call it before statics are exported (__dsu_s.*).
bool isProgramGlobal(const llvm::GlobalVariable &GV);

/// True when a call to F is an update point (a call of dsu_update()).
bool isUpdatePointCallee(const llvm::Function *F);

/// Fills Info (TUId/TUH must be set) from M, which must not yet be changed.
void collectTUInfo(llvm::Module &M, TUInfo &Info);

/// Reads and erases the clang plugin's __dsu_ast_types; returns the JSON
/// array text ("[]" when absent).  Sets Err when it is malformed.
std::string takeASTTypes(llvm::Module &M, std::string &Err);

/// Reads and erases the plugin's __dsu_ast_uses (JSON object: C function
/// name -> C names of wrapped types); "{}" when absent (Present false).
std::string takeASTUses(llvm::Module &M, std::string &Err, bool &Present);

} // namespace dsu

#endif
