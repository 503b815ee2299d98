//===--- Creation.cpp -----------------------------------------------------===//

#include "Creation.h"
#include "BranchCondition.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace kthread {

CreationRecognizer::CreationRecognizer(const ASTContext &Ctx,
                                       llvm::ArrayRef<std::string> Functions)
    : Ctx(Ctx) {
  for (const std::string &Name : Functions)
    Names.insert(Name);
}

/// The innermost creation macro (`kthread_run`, `kthread_create`) whose
/// expansion produced \p Loc, so that messages name what the user wrote.
StringRef CreationRecognizer::creationMacroAt(SourceLocation Loc) const {
  const SourceManager &SM = Ctx.getSourceManager();
  while (Loc.isMacroID()) {
    StringRef Name = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    if (Names.contains(Name))
      return Name;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return {};
}

std::optional<Creation>
CreationRecognizer::recognize(const Expr *E,
                              const CreationHelpers *Helpers) const {
  E = E->IgnoreParenCasts();
  // kthread_run() is ({ struct task_struct *__k = kthread_create(...);
  // if (!IS_ERR(__k)) wake_up_process(__k); __k; }): its value is __k's.
  if (const auto *StmtE = dyn_cast<StmtExpr>(E)) {
    const CompoundStmt *Body = StmtE->getSubStmt();
    const auto *Last =
        Body->body_empty() ? nullptr : dyn_cast<Expr>(Body->body_back());
    const auto *Ref =
        Last ? dyn_cast<DeclRefExpr>(Last->IgnoreParenCasts()) : nullptr;
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || !Var->getInit())
      return std::nullopt;
    std::optional<Creation> Inner = recognize(Var->getInit(), Helpers);
    StringRef Macro = creationMacroAt(StmtE->getBeginLoc());
    if (Inner && !Macro.empty())
      Inner->Api = Macro.str();
    return Inner;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return std::nullopt;
  if (Helpers) {
    auto Helper = Helpers->find(Callee->getCanonicalDecl());
    if (Helper != Helpers->end())
      return Creation{Helper->second.Api, Callee->getName().str(), nullptr};
  }
  StringRef Name = calleeName(Call);
  if (!Names.contains(Name))
    return std::nullopt;
  StringRef Macro = creationMacroAt(Call->getBeginLoc());
  return Creation{Macro.empty() ? Name.str() : Macro.str(), "", Call};
}

const FunctionDecl *CreationRecognizer::threadFunction(const Creation &C) {
  if (!C.ApiCall || C.ApiCall->getNumArgs() == 0)
    return nullptr;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(C.ApiCall->getArg(0)->IgnoreParenImpCasts());
  return Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

} // namespace kthread
