//===--- StopAfterExitCheck.cpp - kthread-stop-after-exit -----------------===//

#include "StopAfterExitCheck.h"
#include "ThreadExit.h"

using namespace clang;

namespace kthread {

void StopAfterExitCheck::analyseFile(
    ASTContext &Context, llvm::ArrayRef<const FunctionDecl *> Functions) {
  for (const EarlyExitFinding &F :
       findStopAfterExit(Context, Functions, threadOptions())) {
    diag(F.Loc, "thread function '%0' can %select{return here|run off its "
                "end|end here through '%2'}1 before kthread_should_stop() is "
                "true, yet '%3' is stopped with '%4': if the thread has "
                "already exited, the stop uses its freed task_struct "
                "(use-after-free); wait until kthread_should_stop() before "
                "leaving, or pin the task with get_task_struct() after "
                "creating it")
        << F.ThreadFunction << int(F.ExitKind) << F.ExitFunction << F.Task
        << F.StopFunction;
    diag(F.CreationLoc, "'%0' starts the thread here", DiagnosticIDs::Note)
        << F.CreateName;
    for (SourceLocation Stop : F.StopLocs)
      diag(Stop, "the thread is stopped here", DiagnosticIDs::Note);
  }
}

} // namespace kthread
