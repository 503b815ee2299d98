//===--- BindAfterStart.h - kthread_bind() of a thread that runs ----------===//
//
// kthread_bind() and kthread_bind_mask() are for a thread that was created
// and not yet woken: __kthread_bind_mask() (kernel/kthread.c, Linux 6.1)
// first waits for the task to be off the CPU in TASK_UNINTERRUPTIBLE
// (wait_task_inactive()); a task that was woken is not, so the bind WARNs
// and returns, and the thread stays where the scheduler put it. The walk
// follows, path by path, the places that hold a started task: a
// kthread_run() result, a task after wake_up_process(), their copies. A
// bind of a field or global that no path here started is reported when
// every creation the file stores there is a kthread_run().
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_BINDAFTERSTART_H
#define KTHREAD_TIDY_LIB_BINDAFTERSTART_H

#include "Creation.h"
#include "FunctionCfg.h"
#include "clang/AST/ASTContext.h"
#include <optional>
#include <string>
#include <vector>

namespace kthread {

struct BindAfterStartFinding {
  clang::SourceLocation Loc;
  /// "kthread_bind", "kthread_bind_mask".
  std::string Bind;
  /// The task as written.
  std::string Task;
  /// What started it: the creation or the wake-up, and where.
  std::string StartApi;
  clang::SourceLocation StartLoc;
  /// The start is in another function (through the field or global).
  std::string StartFunction;
  /// The fix, when certainly right: `kthread_run` -> `kthread_create` at
  /// RunName, and `wake_up_process(<task>);` after the bind's statement.
  struct Fix {
    clang::CharSourceRange RunName;
    clang::SourceLocation AfterBind;
    std::string Wake;
  };
  std::optional<Fix> FixIt;
};

std::vector<BindAfterStartFinding>
findBindsAfterStart(clang::ASTContext &Ctx, const KthreadApi &Api,
                    const CreationRecognizer &Creations,
                    llvm::ArrayRef<FunctionCfg> Functions);

} // namespace kthread

#endif
