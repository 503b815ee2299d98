//===--- PointerFlow.cpp --------------------------------------------------===//

#include "PointerFlow.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace kthread {

bool holdsKey(const Holder &H, const LocationKey &Key) {
  if (Key.comparable() && !H.Path.empty())
    return Key.Path == H.Path;
  return Key.Slot && Key.Slot == H.Slot;
}

int HolderSet::find(const LocationKey &Key) const {
  for (unsigned I = 0; I < Holders.size(); ++I)
    if (holdsKey(Holders[I], Key))
      return I;
  return -1;
}

void HolderSet::assign(const LocationKey &Target, const Expr *Value) {
  if (Target.comparable()) {
    // `t[i]` and `p->task` name other storage once `i` or `p` changes.
    std::string Index = "[" + Target.Path + "]";
    std::string Member = Target.Path + ".";
    llvm::erase_if(Holders, [&](const Holder &H) {
      return H.Path.find(Index) != std::string::npos ||
             llvm::StringRef(H.Path).starts_with(Member);
    });
  }
  std::optional<LocationKey> Source = Value ? keyOf(Value) : std::nullopt;
  if (Source && find(*Source) >= 0) {
    if (find(Target) < 0)
      Holders.push_back({Target.Path, Target.Slot});
    return;
  }
  int Overwritten = find(Target);
  if (Overwritten >= 0)
    Holders.erase(Holders.begin() + Overwritten);
}

std::string HolderSet::signature() const {
  std::string Sig;
  for (const Holder &H : Holders)
    Sig += "|" + H.Path;
  return Sig;
}

llvm::SmallVector<Store, 1> storesOf(const Stmt *S) {
  llvm::SmallVector<Store, 1> Out;
  if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
    if (Binary->isCompoundAssignmentOp())
      Out.push_back({keyOf(Binary->getLHS()), nullptr});
    else if (Binary->getOpcode() == BO_Assign)
      Out.push_back({keyOf(Binary->getLHS()), Binary->getRHS()});
  } else if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
    if (Unary->isIncrementDecrementOp())
      Out.push_back({keyOf(Unary->getSubExpr()), nullptr});
  } else if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (Var && Var->getInit() && !Var->getLocation().isMacroID())
        Out.push_back({keyOfVariable(Var), Var->getInit()});
    }
  }
  return Out;
}

bool isNoReturnCall(const Stmt *S) {
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->isNoReturn();
}

std::string spelledText(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (Range.isInvalid())
    return "";
  return Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).str();
}

} // namespace kthread
