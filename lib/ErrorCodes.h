//===--- ErrorCodes.h - Which returns of a function report a failure ------===//
//
// A kernel function reports failure with a negative error code: a constant
// (-ENOMEM), PTR_ERR() of an ERR_PTR, or a local that holds one (`ret`
// after `if (ret)` or `if (ret < 0)` was taken, or after a store of one of
// the former). The walks that judge error paths (a thread left running, a
// stopped task left stored) share this reading.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_ERRORCODES_H
#define KTHREAD_TIDY_LIB_ERRORCODES_H

#include "KthreadApi.h"
#include "PointerFlow.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"

namespace kthread {

/// The local integer variable \p E names, or null.
const clang::VarDecl *localInt(const clang::Expr *E);

/// Whether \p E is an error code: a negative constant, PTR_ERR(), or one of
/// \p ErrorLocals, the locals that hold one on the path.
bool isErrorCode(const clang::Expr *E,
                 llvm::ArrayRef<const clang::VarDecl *> ErrorLocals,
                 const KthreadApi &Api, const clang::ASTContext &Ctx);

/// The local integer variables that hold an error code on one path.
class ErrorLocals {
public:
  /// Applies the store \p W: a local integer it writes holds an error
  /// from now on exactly when the stored value is one.
  void apply(const Store &W, const KthreadApi &Api,
             const clang::ASTContext &Ctx);
  void set(const clang::VarDecl *V, bool IsError);
  /// Whether \p E is an error code on this path (isErrorCode()).
  bool holdsError(const clang::Expr *E, const KthreadApi &Api,
                  const clang::ASTContext &Ctx) const {
    return isErrorCode(E, Vars, Api, Ctx);
  }
  size_t size() const { return Vars.size(); }
  bool operator<(const ErrorLocals &O) const { return Vars < O.Vars; }

private:
  llvm::SmallVector<const clang::VarDecl *, 2> Vars;
};

/// The local that a branch condition \p Peeled (through peelCondition())
/// tests for an error: `err` or `err < 0`, whose true side has the error.
const clang::VarDecl *errorLocalTested(const clang::Expr *Peeled,
                                       const clang::ASTContext &Ctx);

} // namespace kthread

#endif
