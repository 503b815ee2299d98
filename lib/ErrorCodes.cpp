//===--- ErrorCodes.cpp ---------------------------------------------------===//

#include "ErrorCodes.h"

using namespace clang;

namespace kthread {

const VarDecl *localInt(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return V && V->hasLocalStorage() && V->getType()->isIntegerType() ? V
                                                                    : nullptr;
}

bool isErrorCode(const Expr *E, llvm::ArrayRef<const VarDecl *> ErrorLocals,
                 const KthreadApi &Api, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const VarDecl *V = localInt(E))
    return llvm::is_contained(ErrorLocals, V);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const ApiEntry *Entry = Api.lookup(Call);
    return Entry && Entry->What == Role::ErrValue;
  }
  if (!E->getType()->isIntegerType() || E->isValueDependent())
    return false;
  Expr::EvalResult Value;
  return E->EvaluateAsInt(Value, Ctx) && Value.Val.getInt().isNegative();
}

void ErrorLocals::apply(const Store &W, const KthreadApi &Api,
                        const ASTContext &Ctx) {
  const auto *V = W.Target && W.Target->steps().empty()
                      ? dyn_cast_or_null<VarDecl>(W.Target->root())
                      : nullptr;
  if (V && V->hasLocalStorage() && V->getType()->isIntegerType())
    set(V, W.Value && holdsError(W.Value, Api, Ctx));
}

void ErrorLocals::set(const VarDecl *V, bool IsError) {
  llvm::erase(Vars, V);
  if (IsError) {
    Vars.push_back(V);
    llvm::sort(Vars);
  }
}

const VarDecl *errorLocalTested(const Expr *Peeled, const ASTContext &Ctx) {
  if (const VarDecl *V = localInt(Peeled))
    return V;
  const auto *Less = dyn_cast<BinaryOperator>(Peeled);
  if (Less && Less->getOpcode() == BO_LT &&
      Less->getRHS()->isIntegerConstantExpr(Ctx))
    return localInt(Less->getLHS());
  return nullptr;
}

} // namespace kthread
