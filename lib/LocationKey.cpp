//===--- LocationKey.cpp --------------------------------------------------===//

#include "LocationKey.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace kthread {
namespace {

bool isSharedVariable(const VarDecl *VD) { return VD->hasGlobalStorage(); }

std::string declToken(const Decl *D) {
  std::string Text;
  llvm::raw_string_ostream(Text) << static_cast<const void *>(D);
  return Text;
}

} // namespace

LocationKey keyOfVariable(const VarDecl *VD) {
  return LocationKey{declToken(VD), isSharedVariable(VD) ? VD : nullptr};
}

std::optional<LocationKey> keyOf(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
      return keyOfVariable(VD);
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    std::optional<LocationKey> Base = keyOf(Member->getBase());
    std::string Path;
    if (Base && Base->comparable())
      Path = Base->Path + "." + declToken(Field);
    return LocationKey{Path, Field};
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    std::optional<LocationKey> Base = keyOf(Subscript->getBase());
    if (!Base)
      return std::nullopt;
    const Expr *Index = Subscript->getIdx()->IgnoreParenImpCasts();
    std::string IndexText;
    if (const auto *Literal = dyn_cast<IntegerLiteral>(Index))
      IndexText = std::to_string(Literal->getValue().getLimitedValue());
    else if (const auto *IndexRef = dyn_cast<DeclRefExpr>(Index))
      IndexText = declToken(IndexRef->getDecl());
    std::string Path;
    if (Base->comparable() && !IndexText.empty())
      Path = Base->Path + "[" + IndexText + "]";
    return LocationKey{Path, Base->Slot};
  }
  return std::nullopt;
}

} // namespace kthread
