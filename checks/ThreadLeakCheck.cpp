//===--- ThreadLeakCheck.cpp - kthread-thread-leak ------------------------===//

#include "ThreadLeakCheck.h"

using namespace clang;

namespace kthread {

void ThreadLeakCheck::checkModel(FactModel &Model) {
  for (const ThreadLeakFinding &F : Model.threadLeaks()) {
    if (F.FindingKind == ThreadLeakFinding::ErrorPath)
      reportErrorPath(F);
    else
      reportNeverStopped(F);
  }
}

/// What nothing runs after \p F's function fails.
static const char *teardownSkipped(const ThreadLeakFinding &F) {
  switch (F.EntryKind) {
  case ThreadLeakFinding::ModuleInit:
    return "a module whose init fails is unloaded without its exit: the "
           "thread keeps running in the freed module text";
  case ThreadLeakFinding::Probe:
    return "after a failed probe nothing calls remove: the thread keeps "
           "running on the device data";
  case ThreadLeakFinding::Open:
    return "after a failed open nothing calls close: the thread keeps "
           "running, and the next open starts another";
  }
  return "";
}

void ThreadLeakCheck::reportErrorPath(const ThreadLeakFinding &F) {
  if (!reports(Likelihood::ErrorPath))
    return;
  diag(F.Loc, "'%0' returns an error with the thread it started in '%1' "
              "still running")
      << F.Function << F.Task;
  diag(F.CreationLoc, "'%0' starts the thread here", DiagnosticIDs::Note)
      << F.CreateApi;
  if (F.ErrorTestLoc.isValid())
    diag(F.ErrorTestLoc, "the error is detected here, and no stop follows",
         DiagnosticIDs::Note);
  if (F.FreeLoc.isValid())
    diag(F.FreeLoc, "'%0' frees the data the thread uses while it runs",
         DiagnosticIDs::Note)
        << F.FreeCall;
  diag(F.Loc, teardownSkipped(F), DiagnosticIDs::Note);
  diag(F.Loc, "stop it (kthread_stop()) on the error path before returning",
       DiagnosticIDs::Note);
  noteLikelihood(F.Loc, Likelihood::ErrorPath);
}

void ThreadLeakCheck::reportNeverStopped(const ThreadLeakFinding &F) {
  if (!reports(Likelihood::Certain))
    return;
  diag(F.Loc, "the thread '%0' starts in '%1' is never stopped: it loops "
              "until kthread_should_stop(), which nothing makes true")
      << F.CreateApi << F.Function;
  diag(F.ExitLoc,
       F.EntryKind == ThreadLeakFinding::ModuleInit
           ? "the module's exit '%0' returns with it running: after the "
             "unload it runs in the freed module text"
           : "the driver's remove '%0' returns with it running: after the "
             "unbind it runs on the device data and in the driver's text",
       DiagnosticIDs::Note)
      << F.ExitFunction;
  diag(F.ExitLoc, "stop '%0' with kthread_stop() in '%1'", DiagnosticIDs::Note)
      << F.Task << F.ExitFunction;
  noteLikelihood(F.Loc, Likelihood::Certain);
}

} // namespace kthread
