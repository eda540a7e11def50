//===- BaseLayouts.cpp - wrapped layouts of the base build (base=FILE) ----===//
//
// Part of dsu.  See BaseLayouts.h.
//
//===----------------------------------------------------------------------===//
#include "BaseLayouts.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace dsu {

/**
 * load() - read the base file at @Path.
 *
 * Every record must have a name, a boolean "wrapped" and, when wrapped, a
 * positive size and alignment: a half-understood base would silently give
 * a type another size than the running program's.
 *
 * Return: "" on success, else what is wrong.
 */
std::string BaseLayouts::load(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return "cannot read it: " + Buf.getError().message();
  Expected<json::Value> V = json::parse((*Buf)->getBuffer());
  if (!V)
    return "invalid JSON: " + toString(V.takeError());
  const json::Object *Top = V->getAsObject();
  if (!Top)
    return "not a JSON object";
  std::optional<StringRef> Bin = Top->getString("binary");
  const json::Array *Arr = Top->getArray("types");
  if (!Bin || !Arr)
    return "needs \"binary\" (a string) and \"types\" (an array)";
  Binary = Bin->str();
  for (size_t I = 0; I < Arr->size(); ++I) {
    const json::Object *T = (*Arr)[I].getAsObject();
    std::optional<StringRef> Name = T ? T->getString("name") : std::nullopt;
    std::optional<bool> Wrapped = T ? T->getBoolean("wrapped") : std::nullopt;
    if (!Name || !Wrapped)
      return "types[" + std::to_string(I) + "]: needs \"name\" and \"wrapped\"";
    BaseType B;
    B.Wrapped = *Wrapped;
    if (B.Wrapped) {
      std::optional<int64_t> Size = T->getInteger("size"), Align = T->getInteger("align");
      if (!Size || !Align || *Size <= 0 || *Align <= 0 || *Size % *Align)
        return "types[" + std::to_string(I) + "] ('" + Name->str() +
               "'): a wrapped type needs a positive \"size\" that is a multiple of its \"align\"";
      B.Size = *Size;
      B.Align = *Align;
    }
    // Several TUs of the base describe the same header's types alike.  Two
    // wrapped layouts of one name would leave this version's size
    // undefined; a wrapped record wins over an unwrapped one of the same
    // name (a struct local to a function is never wrapped).
    auto [It, New] = Types.try_emplace(*Name, B);
    if (New || !B.Wrapped)
      continue;
    if (It->second.Wrapped && (It->second.Size != B.Size || It->second.Align != B.Align))
      return "'" + Name->str() + "' is described twice, with different wrapped sizes";
    It->second = B;
  }
  return "";
}

const BaseType *BaseLayouts::lookup(StringRef Name) const {
  auto It = Types.find(Name);
  return It == Types.end() ? nullptr : &It->second;
}

} // namespace dsu
