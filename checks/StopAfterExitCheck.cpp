//===--- StopAfterExitCheck.cpp - kthread-stop-after-exit -----------------===//

#include "StopAfterExitCheck.h"

using namespace clang;

namespace kthread {

void StopAfterExitCheck::checkModel(FactModel &Model) {
  // Whether the thread exits first or is stopped first is up to timing.
  if (!reports(Likelihood::Race))
    return;
  for (const EarlyExitFinding &F : Model.stopsAfterExit()) {
    diag(F.Loc, "thread function '%0' can %select{return here|run off its "
                "end|end here through '%2'}1 before kthread_should_stop() is "
                "true")
        << F.ThreadFunction << int(F.ExitKind) << F.ExitFunction;
    diag(F.CreationLoc, "'%0' starts the thread here", DiagnosticIDs::Note)
        << F.CreateName;
    for (const EarlyExitFinding::StopPlace &Stop : F.Stops)
      diag(Stop.Loc, "'%0' is stopped here with '%1'", DiagnosticIDs::Note)
          << Stop.Task << Stop.Stopper;
    diag(F.Loc,
         "if the thread has exited by then, kthread_stop() uses its "
         "freed task_struct: a use-after-free",
         DiagnosticIDs::Note);
    diag(F.Loc,
         "leave only once kthread_should_stop() is true, or pin the "
         "task with get_task_struct() after creating it",
         DiagnosticIDs::Note);
    noteLikelihood(F.Loc, Likelihood::Race);
  }
  // The thread function is in another file: the finding sits at the stop.
  for (const ForeignExitFinding &F : Model.stopsOfForeignThreads()) {
    diag(F.StopLoc, "'%0' is stopped here, but its thread function '%1' can "
                    "return before kthread_should_stop() is true")
        << F.Task << F.ThreadFunction;
    diag(F.ExitLoc,
         "'%0' can return here before kthread_should_stop() is "
         "true (from the tree index)",
         DiagnosticIDs::Note)
        << F.ThreadFunction;
    diag(F.CreationLoc, "'%0' starts the thread here", DiagnosticIDs::Note)
        << F.CreateName;
    diag(F.StopLoc,
         "if the thread has exited by then, '%0' uses its freed "
         "task_struct: a use-after-free",
         DiagnosticIDs::Note)
        << F.Stopper;
    diag(F.StopLoc,
         "let the thread leave only once kthread_should_stop() is true, or "
         "pin the task with get_task_struct() after creating it",
         DiagnosticIDs::Note);
    noteLikelihood(F.StopLoc, Likelihood::Race);
  }
}

} // namespace kthread
