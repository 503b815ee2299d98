//===--- Creation.h - Recognising kthread creation expressions ------------===//
//
// A creation reaches the AST in several shapes: a call of
// kthread_create_on_node() spelled as the kthread_create() macro, the
// kthread_run() statement expression whose value is its private `__k`, an
// inline kthread_run_on_cpu(), or a function of the file that returns one of
// these.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_CREATION_H
#define KTHREAD_TIDY_LIB_CREATION_H

#include "KthreadApi.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>

namespace kthread {

struct Creation {
  /// What the user wrote, e.g. "kthread_run".
  std::string Api;
  /// CreateSleeping, CreateRunning or CreateWorker.
  Role Kind = Role::CreateSleeping;
  /// The file's function through which the result came, if any.
  std::string Helper;
  /// The call of the creation function itself; null through a helper.
  const clang::CallExpr *ApiCall = nullptr;

  bool makesWorker() const { return Kind == Role::CreateWorker; }
  /// Whether the thread sleeps until someone wakes it.
  bool startsAsleep() const { return Kind == Role::CreateSleeping; }
  bool operator==(const Creation &O) const {
    return Api == O.Api && Kind == O.Kind && Helper == O.Helper &&
           ApiCall == O.ApiCall;
  }
};

/// Creations that the file's own functions return.
using CreationHelpers = llvm::DenseMap<const clang::FunctionDecl *, Creation>;

class CreationRecognizer {
public:
  CreationRecognizer(const clang::ASTContext &Ctx, const KthreadApi &Api)
      : Ctx(Ctx), Api(Api) {}

  /// The creation that \p E evaluates to, ignoring parentheses and casts.
  std::optional<Creation>
  recognize(const clang::Expr *E,
            const CreationHelpers *Helpers = nullptr) const;

  /// The thread function a creation starts, when it names one directly.
  static const clang::FunctionDecl *threadFunction(const Creation &C);

private:
  /// The innermost creation macro whose expansion produced \p Loc.
  const ApiEntry *creationMacroAt(clang::SourceLocation Loc,
                                  llvm::StringRef &Name) const;

  const clang::ASTContext &Ctx;
  const KthreadApi &Api;
};

} // namespace kthread

#endif
