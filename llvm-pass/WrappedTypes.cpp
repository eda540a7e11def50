// WrappedTypes.cpp - see WrappedTypes.h.
#include "WrappedTypes.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace dsu {

static constexpr const char *WrappedMD = "dsu.wrapped";

std::string WrappedType::descName() const {
  StringRef N = CName;
  if (N.consume_front("struct "))
    return "__dsu_type.s." + N.str();
  return "__dsu_type.t." + N.str();
}

void WrappedTypes::add(Module &M, WrappedType W) {
  if (!W.IRName.empty())
    W.ST = StructType::getTypeByName(M.getContext(), W.IRName);
  unsigned I = Types.size();
  if (W.ST)
    ByST[W.ST] = I;
  ByName[W.CName] = I;
  Types.push_back(std::move(W));
}

bool WrappedTypes::readJSON(Module &M, StringRef TypesJSON, std::string &Err) {
  Expected<json::Value> V = json::parse(TypesJSON);
  if (!V) {
    Err = "__dsu_ast_types: invalid JSON: " + toString(V.takeError());
    return false;
  }
  for (const json::Value &E : *V->getAsArray()) {
    const json::Object *O = E.getAsObject();
    if (!O || O->getBoolean("wrapped") != true)
      continue;
    WrappedType W;
    std::optional<StringRef> Name = O->getString("name");
    std::optional<StringRef> Id = O->getString("layout_id");
    std::optional<int64_t> Size = O->getInteger("size");
    if (!Name || !Size) {
      Err = "__dsu_ast_types: wrapped type record without \"name\" or \"size\"";
      return false;
    }
    if (!Id || Id->size() != 8 || Id->find_first_not_of("0123456789abcdef") != StringRef::npos ||
        Id->getAsInteger(16, W.ID) || W.ID == 0) {
      Err = ("__dsu_ast_types: wrapped type '" + *Name +
             "' has no valid \"layout_id\" (8 lowercase hex digits, not 0)")
                .str();
      return false;
    }
    W.CName = Name->str();
    W.Size = *Size;
    if (std::optional<StringRef> IR = O->getString("ir_name"))
      W.IRName = IR->str();
    add(M, std::move(W));
  }
  return true;
}

void WrappedTypes::writeMetadata(Module &M) const {
  if (NamedMDNode *Old = M.getNamedMetadata(WrappedMD))
    M.eraseNamedMetadata(Old);
  if (Types.empty())
    return;
  LLVMContext &Ctx = M.getContext();
  NamedMDNode *N = M.getOrInsertNamedMetadata(WrappedMD);
  for (const WrappedType &W : Types)
    N->addOperand(MDNode::get(
        Ctx, {MDString::get(Ctx, W.IRName), MDString::get(Ctx, W.CName),
              ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(Ctx), W.ID)),
              ConstantAsMetadata::get(ConstantInt::get(Type::getInt64Ty(Ctx), W.Size))}));
}

bool WrappedTypes::readMetadata(Module &M, std::string &Err) {
  NamedMDNode *N = M.getNamedMetadata(WrappedMD);
  if (!N)
    return true;
  for (MDNode *E : N->operands()) {
    auto Str = [&](unsigned I) -> MDString * {
      return E->getNumOperands() == 4 ? dyn_cast<MDString>(E->getOperand(I)) : nullptr;
    };
    auto Int = [&](unsigned I) -> ConstantInt * {
      return E->getNumOperands() == 4 ? mdconst::dyn_extract<ConstantInt>(E->getOperand(I)) : nullptr;
    };
    if (!Str(0) || !Str(1) || !Int(2) || !Int(3) || Int(2)->isZero()) {
      Err = "!dsu.wrapped: malformed entry (want !{!\"ir name\", !\"C name\", i32 ID, i64 size})";
      return false;
    }
    WrappedType W;
    W.IRName = Str(0)->getString().str();
    W.CName = Str(1)->getString().str();
    W.ID = Int(2)->getZExtValue();
    W.Size = Int(3)->getZExtValue();
    add(M, std::move(W));
  }
  return true;
}

const WrappedType *WrappedTypes::byStruct(const Type *T) const {
  auto It = ByST.find(T);
  return It == ByST.end() ? nullptr : &Types[It->second];
}

const WrappedType *WrappedTypes::byCName(StringRef Name) const {
  auto It = ByName.find(Name);
  return It == ByName.end() ? nullptr : &Types[It->second];
}

void collectTags(const WrappedTypes &WT, Type *T, const Module &M, uint64_t Base,
                 std::vector<std::pair<uint64_t, const WrappedType *>> &Out) {
  const DataLayout &DL = M.getDataLayout();
  if (auto *ST = dyn_cast<StructType>(T)) {
    if (ST->isOpaque())
      return;
    if (const WrappedType *W = WT.byStruct(ST))
      Out.push_back({Base, W});
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned I = 0, E = ST->getNumElements(); I != E; ++I)
      collectTags(WT, ST->getElementType(I), M, Base + SL->getElementOffset(I), Out);
  } else if (auto *AT = dyn_cast<ArrayType>(T)) {
    std::vector<std::pair<uint64_t, const WrappedType *>> One;
    collectTags(WT, AT->getElementType(), M, 0, One);
    if (One.empty())
      return;
    uint64_t Stride = DL.getTypeAllocSize(AT->getElementType());
    for (uint64_t I = 0, E = AT->getNumElements(); I != E; ++I)
      for (auto &P : One)
        Out.push_back({Base + I * Stride + P.first, P.second});
  }
}

} // namespace dsu
