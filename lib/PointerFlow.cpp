//===--- PointerFlow.cpp --------------------------------------------------===//

#include "PointerFlow.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace kthread {

int HolderSet::find(const StorageLocation &L) const {
  for (unsigned I = 0; I < Holders.size(); ++I)
    if (Holders[I].sameAs(L))
      return I;
  return -1;
}

void HolderSet::add(const StorageLocation &L) {
  Holders.insert(llvm::upper_bound(Holders, L), L);
}

void HolderSet::assign(const StorageLocation &Target, const Expr *Value) {
  // `t[i]` and `p->task` name other storage once `i` or `p` changes.
  llvm::erase_if(Holders,
                 [&](const StorageLocation &H) { return H.dependsOn(Target); });
  std::optional<StorageLocation> Source =
      Value ? StorageLocation::of(Value) : std::nullopt;
  if (Source && holds(*Source)) {
    if (!holds(Target))
      add(Target);
    return;
  }
  int Overwritten = find(Target);
  if (Overwritten >= 0)
    Holders.erase(Holders.begin() + Overwritten);
}

void HolderSet::print(llvm::raw_ostream &OS) const {
  OS << "{";
  for (const StorageLocation &H : Holders) {
    OS << " ";
    H.print(OS);
  }
  OS << " }";
}

llvm::SmallVector<Store, 1> storesOf(const Stmt *S) {
  llvm::SmallVector<Store, 1> Out;
  if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
    if (Binary->isCompoundAssignmentOp())
      Out.push_back({StorageLocation::of(Binary->getLHS()), nullptr});
    else if (Binary->getOpcode() == BO_Assign)
      Out.push_back({StorageLocation::of(Binary->getLHS()), Binary->getRHS()});
  } else if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
    if (Unary->isIncrementDecrementOp())
      Out.push_back({StorageLocation::of(Unary->getSubExpr()), nullptr});
  } else if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (Var && Var->getInit() && !Var->getLocation().isMacroID())
        Out.push_back({StorageLocation::ofVariable(Var), Var->getInit()});
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
