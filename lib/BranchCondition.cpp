//===--- BranchCondition.cpp ----------------------------------------------===//

#include "BranchCondition.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"

using namespace clang;

namespace kthread {
namespace {

/// `0`, and the kernel's `NULL`, which is `((void *)0)`.
bool isZero(const Expr *E) {
  if (const auto *Literal = dyn_cast<IntegerLiteral>(E->IgnoreParenCasts()))
    return Literal->getValue() == 0;
  return false;
}

bool isErrPtrCall(const Expr *E, const KthreadApi &Api) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  return Call && Api.is(Call, Role::MakeErr);
}

/// The pointer of `PTR_ERR(p)`, or null.
const Expr *errValueOf(const Expr *E, const KthreadApi &Api) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  if (!Call || Call->getNumArgs() != 1 || !Api.is(Call, Role::ErrValue))
    return nullptr;
  return Call->getArg(0)->IgnoreParenCasts();
}

} // namespace

const Expr *peelCondition(const Expr *E, bool &Negated, const KthreadApi &Api) {
  while (true) {
    E = E->IgnoreParenCasts();
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() != UO_LNot)
        return E;
      Negated = !Negated;
      E = Unary->getSubExpr();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      // likely(x) and unlikely(x) are __builtin_expect(!!(x), c).
      if (Call->getBuiltinCallee() != Builtin::BI__builtin_expect ||
          Call->getNumArgs() != 2)
        return E;
      E = Call->getArg(0);
      continue;
    }
    const auto *Binary = dyn_cast<BinaryOperator>(E);
    if (!Binary || !Binary->isEqualityOp())
      return E;
    // `p == ERR_PTR(-ENOMEM)` tests for one failure: treated as an ERR_PTR
    // test, so that the check never claims the result went unchecked.
    if (isErrPtrCall(Binary->getRHS(), Api) ||
        isErrPtrCall(Binary->getLHS(), Api)) {
      if (Binary->getOpcode() == BO_NE)
        Negated = !Negated;
      return Binary;
    }
    // `PTR_ERR(p) == -ENOMEM` is a test for one failure too.
    if (errValueOf(Binary->getLHS(), Api) ||
        errValueOf(Binary->getRHS(), Api)) {
      if (Binary->getOpcode() == BO_NE)
        Negated = !Negated;
      return Binary;
    }
    const Expr *Tested = isZero(Binary->getRHS())   ? Binary->getLHS()
                         : isZero(Binary->getLHS()) ? Binary->getRHS()
                                                    : nullptr;
    if (!Tested)
      return E;
    // `x == 0` is `!x`; `x != 0` is `x`.
    if (Binary->getOpcode() == BO_EQ)
      Negated = !Negated;
    E = Tested;
  }
}

BranchCondition classifyCondition(const Expr *Cond, const KthreadApi &Api) {
  BranchCondition Result;
  if (!Cond)
    return Result;
  bool Negated = false;
  const Expr *Core = peelCondition(Cond, Negated, Api);
  if (const auto *Compare = dyn_cast<BinaryOperator>(Core)) {
    // The comparison with one error code: a partial test.
    const Expr *Pointer = nullptr;
    if (isErrPtrCall(Compare->getRHS(), Api))
      Pointer = Compare->getLHS();
    else if (isErrPtrCall(Compare->getLHS(), Api))
      Pointer = Compare->getRHS();
    else if (const Expr *P = errValueOf(Compare->getLHS(), Api))
      Pointer = P;
    else if (const Expr *P = errValueOf(Compare->getRHS(), Api))
      Pointer = P;
    if (!Pointer || !Compare->isEqualityOp())
      return Result;
    Result.TestKind = BranchCondition::PartialErrTest;
    Result.Pointer = Pointer->IgnoreParenCasts();
    Result.Core = Compare;
    Result.Successor = Negated ? 1 : 0;
    return Result;
  }
  if (const auto *Call = dyn_cast<CallExpr>(Core)) {
    if (Call->getNumArgs() != 1 || !Api.is(Call, Role::ErrCheck))
      return Result;
    Result.TestKind = BranchCondition::ErrTest;
    Result.Pointer = Call->getArg(0)->IgnoreParenCasts();
    Result.Core = Call;
    Result.Successor = Negated ? 1 : 0;
    return Result;
  }
  if (!Core->getType()->isPointerType())
    return Result;
  Result.TestKind = BranchCondition::NullTest;
  Result.Pointer = Core;
  Result.Core = Core;
  Result.Successor = Negated ? 1 : 0;
  return Result;
}

int validSuccessor(const BranchCondition &Cond) {
  switch (Cond.TestKind) {
  case BranchCondition::NullTest:
    return Cond.Successor;
  case BranchCondition::ErrTest:
  case BranchCondition::PartialErrTest:
    return 1 - Cond.Successor;
  case BranchCondition::Other:
    return -1;
  }
  return -1;
}

BranchCondition branchOf(const CFGBlock *B, const KthreadApi &Api) {
  if (B->succ_size() != 2)
    return {};
  return classifyCondition(B->getLastCondition(), Api);
}

} // namespace kthread
