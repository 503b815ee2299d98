//===--- Locations.cpp ----------------------------------------------------===//

#include "Locations.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace kthread {

StorageLocation StorageLocation::ofVariable(const VarDecl *VD) {
  StorageLocation L;
  L.Root = VD;
  return L;
}

std::optional<StorageLocation> StorageLocation::of(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
      return ofVariable(VD);
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    std::optional<StorageLocation> Base = of(Member->getBase());
    StorageLocation L;
    if (Base)
      L = *Base;
    else
      L.Unknown = true; // `call()->field`: shared only through its slot.
    L.Steps.push_back({Step::Field, Field, 0});
    return L;
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    std::optional<StorageLocation> Base = of(Subscript->getBase());
    if (!Base)
      return std::nullopt;
    const Expr *Index = Subscript->getIdx()->IgnoreParenImpCasts();
    Step S{Step::UnknownIndex, nullptr, 0};
    if (const auto *Literal = dyn_cast<IntegerLiteral>(Index))
      S = {Step::ConstantIndex, nullptr, Literal->getValue().getLimitedValue()};
    else if (const auto *IndexRef = dyn_cast<DeclRefExpr>(Index))
      S = {Step::VariableIndex, IndexRef->getDecl(), 0};
    Base->Steps.push_back(S);
    return Base;
  }
  return std::nullopt;
}

bool StorageLocation::comparable() const {
  return Root && !Unknown && llvm::none_of(Steps, [](const Step &S) {
           return S.StepKind == Step::UnknownIndex;
         });
}

const ValueDecl *StorageLocation::slot() const {
  for (auto It = Steps.rbegin(); It != Steps.rend(); ++It)
    if (It->StepKind == Step::Field)
      return It->Decl;
  const auto *Var = dyn_cast_or_null<VarDecl>(Root);
  return Var && Var->hasGlobalStorage() ? Var : nullptr;
}

bool StorageLocation::sameStorage(const StorageLocation &O) const {
  return comparable() && O.comparable() && *this == O;
}

bool StorageLocation::sameAs(const StorageLocation &O) const {
  if (comparable() && O.comparable())
    return *this == O;
  return slot() && slot() == O.slot();
}

bool StorageLocation::isWithin(const StorageLocation &Prefix) const {
  return Prefix.comparable() && Root == Prefix.Root && !Unknown &&
         Steps.size() >= Prefix.Steps.size() &&
         std::equal(Prefix.Steps.begin(), Prefix.Steps.end(), Steps.begin());
}

bool StorageLocation::dependsOn(const StorageLocation &W) const {
  if (!W.comparable())
    return false;
  if (isWithin(W) && Steps.size() > W.Steps.size())
    return true;
  return W.Steps.empty() && llvm::any_of(Steps, [&](const Step &S) {
           return S.StepKind == Step::VariableIndex && S.Decl == W.Root;
         });
}

StorageLocation StorageLocation::rebased(const StorageLocation &From,
                                         const StorageLocation &To) const {
  StorageLocation L = To;
  L.Steps.append(Steps.begin() + From.Steps.size(), Steps.end());
  return L;
}

void StorageLocation::print(llvm::raw_ostream &OS) const {
  if (const auto *Named = dyn_cast_or_null<NamedDecl>(Root))
    OS << Named->getName();
  else
    OS << "?";
  for (const Step &S : Steps) {
    switch (S.StepKind) {
    case Step::Field:
      OS << "->" << cast<NamedDecl>(S.Decl)->getName();
      break;
    case Step::ConstantIndex:
      OS << "[" << S.Index << "]";
      break;
    case Step::VariableIndex:
      OS << "[" << cast<NamedDecl>(S.Decl)->getName() << "]";
      break;
    case Step::UnknownIndex:
      OS << "[?]";
      break;
    }
  }
}

bool isTaskPointer(QualType T) {
  const auto *Pointer = T->getAs<PointerType>();
  const auto *Record =
      Pointer ? Pointer->getPointeeType()->getAsRecordDecl() : nullptr;
  return Record && Record->getName() == "task_struct";
}

const ValueDecl *slotOfFirstArgument(const CallExpr *Call) {
  if (Call->getNumArgs() == 0)
    return nullptr;
  const Expr *Arg = Call->getArg(0)->IgnoreParenCasts();
  if (const auto *Addr = dyn_cast<UnaryOperator>(Arg);
      Addr && Addr->getOpcode() == UO_AddrOf)
    Arg = Addr->getSubExpr();
  std::optional<StorageLocation> Place = StorageLocation::of(Arg);
  return Place ? Place->slot() : nullptr;
}

std::optional<StorageLocation> lockArgument(const clang::CallExpr *Call) {
  if (Call->getNumArgs() == 0)
    return std::nullopt;
  const clang::Expr *Arg = Call->getArg(0)->IgnoreParenImpCasts();
  // spin_lock_irqsave(l, f) passes spinlock_check(l) on.
  if (const auto *Check = llvm::dyn_cast<clang::CallExpr>(Arg);
      Check && Check->getNumArgs())
    if (const clang::FunctionDecl *Callee = Check->getDirectCallee();
        Callee && Callee->getIdentifier() &&
        Callee->getName() == "spinlock_check")
      Arg = Check->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Address = llvm::dyn_cast<clang::UnaryOperator>(Arg);
      Address && Address->getOpcode() == clang::UO_AddrOf)
    Arg = Address->getSubExpr();
  return StorageLocation::of(Arg);
}

} // namespace kthread
