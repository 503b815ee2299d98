//===--- BranchCondition.h - What a branch tests about a pointer ----------===//
//
// Recognises, through the kernel's wrappers (`unlikely()`, `!!`, comparisons
// with 0), the two tests that matter for creation results: a NULL test and an
// ERR_PTR test (`IS_ERR()` and friends, or a comparison with an ERR_PTR).
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_BRANCHCONDITION_H
#define KTHREAD_TIDY_LIB_BRANCHCONDITION_H

#include "KthreadApi.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"

namespace kthread {

/// Strips what does not change which pointer is tested: parentheses, casts,
/// `__builtin_expect`, `!!`, and `x != 0` / `x == 0`. \p Negated flips once per
/// logical negation removed.
const clang::Expr *peelCondition(const clang::Expr *E, bool &Negated,
                                 const KthreadApi &Api);

struct BranchCondition {
  /// PartialErrTest: a test for one error code only (`p == ERR_PTR(-ENOMEM)`,
  /// `PTR_ERR(p) == -ENOMEM`), which other failures pass.
  enum Kind { Other, NullTest, ErrTest, PartialErrTest };
  Kind TestKind = Other;
  /// The tested pointer expression.
  const clang::Expr *Pointer = nullptr;
  /// The innermost expression doing the test: the pointer itself for a NULL
  /// test, the call or comparison for an ERR_PTR test.
  const clang::Expr *Core = nullptr;
  /// For NullTest: the branch taken when the pointer is non-NULL.
  /// For ErrTest: the branch taken when the pointer is an ERR_PTR (or, for
  /// IS_ERR_OR_NULL, NULL); for PartialErrTest, the one taken when it is the
  /// tested error. 0 = true successor, 1 = false successor.
  unsigned Successor = 0;
};

/// Classifies the condition \p Cond of a two-way branch.
BranchCondition classifyCondition(const clang::Expr *Cond,
                                  const KthreadApi &Api);

/// The successor a valid pointer (non-NULL, not an ERR_PTR) takes at a
/// NULL or ERR_PTR test (0 = true, 1 = false), or -1 for other conditions.
int validSuccessor(const BranchCondition &Cond);

/// The branch condition of \p B if it has two successors, classified.
BranchCondition branchOf(const clang::CFGBlock *B, const KthreadApi &Api);

} // namespace kthread

#endif
