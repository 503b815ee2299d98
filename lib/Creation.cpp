//===--- Creation.cpp -----------------------------------------------------===//

#include "Creation.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace kthread {

/// The innermost creation macro (`kthread_run`, `kthread_create`) whose
/// expansion produced \p Loc, so that messages name what the user wrote.
const ApiEntry *CreationRecognizer::creationMacroAt(SourceLocation Loc,
                                                    StringRef &Name) const {
  const SourceManager &SM = Ctx.getSourceManager();
  while (Loc.isMacroID()) {
    StringRef Macro = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    const ApiEntry *Entry = Api.lookup(Macro);
    if (Entry && Api.isCreation(Entry->What)) {
      Name = Macro;
      return Entry;
    }
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return nullptr;
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
    StringRef Macro;
    if (const ApiEntry *Entry = creationMacroAt(StmtE->getBeginLoc(), Macro);
        Inner && Entry) {
      Inner->Api = Macro.str();
      Inner->Kind = Entry->What;
    }
    return Inner;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return std::nullopt;
  if (Helpers) {
    auto Helper = Helpers->find(Callee->getCanonicalDecl());
    if (Helper != Helpers->end()) {
      Creation Through = Helper->second;
      Through.Helper = Callee->getName().str();
      Through.ApiCall = nullptr;
      return Through;
    }
  }
  const ApiEntry *Entry = Api.lookup(Call);
  if (!Entry || !Api.isCreation(Entry->What))
    return std::nullopt;
  Creation C{calleeName(Call).str(), Entry->What, "", Call};
  StringRef Macro;
  if (const ApiEntry *MacroEntry =
          creationMacroAt(Call->getBeginLoc(), Macro)) {
    C.Api = Macro.str();
    C.Kind = MacroEntry->What;
  }
  return C;
}

const FunctionDecl *CreationRecognizer::threadFunction(const Creation &C) {
  if (!C.ApiCall || C.ApiCall->getNumArgs() == 0)
    return nullptr;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(C.ApiCall->getArg(0)->IgnoreParenImpCasts());
  return Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

} // namespace kthread
