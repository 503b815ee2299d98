//===--- StopDeadlockCheck.cpp - kthread-stop-deadlock --------------------===//

#include "StopDeadlockCheck.h"

using namespace clang;

namespace kthread {
namespace {

/// "mutex 'd->lock'", "the CPU-hotplug lock (read)".
std::string lockName(const LockAcquisition &A) {
  std::string Kind = describeSleepLock(A.Kind).str();
  return A.Lock.empty() ? "the " + Kind : Kind + " '" + A.Lock + "'";
}

/// "'d->lock'", "the CPU-hotplug lock".
std::string lockShort(const LockAcquisition &A) {
  return A.Lock.empty() ? "the CPU-hotplug lock" : "'" + A.Lock + "'";
}

const char *whyThere(StopDeadlockFinding::Path How) {
  switch (How) {
  case StopDeadlockFinding::AfterStop:
    return ", after it saw the stop: it waits for the lock, kthread_stop() "
           "for the thread";
  case StopDeadlockFinding::AfterSleep:
    return ", after a sleep that the stop ends and before it tests the stop "
           "again: it waits for the lock, kthread_stop() for the thread";
  case StopDeadlockFinding::WhileRunning:
    break;
  }
  return "; a stop that comes while the thread runs before this point "
         "waits for a thread that waits for the lock";
}

} // namespace

void StopDeadlockCheck::checkModel(FactModel &Model) {
  for (const StopDeadlockFinding &F : Model.stopDeadlocks()) {
    if (!reports(F.Chance))
      continue;
    std::string Callee = "'" + F.Callee + "'";
    if (!F.Inner.empty())
      Callee += " (which calls '" + F.Inner + "')";
    diag(F.Loc, "%0 waits for thread '%1' to exit while %2 is held, which "
                "the thread takes")
        << Callee << F.ThreadFunction << lockName(F.Held);
    diag(F.Held.Loc, "'%0' takes %1 here", DiagnosticIDs::Note)
        << F.Held.Api << lockShort(F.Held);
    if (F.InnerLoc.isValid())
      diag(F.InnerLoc, "'%0' calls '%1' here", DiagnosticIDs::Note)
          << F.Callee << F.Inner;
    diag(F.CreationLoc, "'%0' starts thread function '%1' here",
         DiagnosticIDs::Note)
        << F.CreateName << F.ThreadFunction;
    const LockAcquisition &W = F.Wanted;
    bool InHelper = W.CallLoc.isValid();
    if (InHelper)
      diag(W.CallLoc, "'%0' calls '%1' here%2", DiagnosticIDs::Note)
          << F.ThreadFunction << W.Called << whyThere(F.How);
    diag(W.Loc, "'%0' takes %1 with '%2' here%3", DiagnosticIDs::Note)
        << (InHelper ? W.Helper : F.ThreadFunction) << lockShort(W) << W.Api
        << (InHelper ? "" : whyThere(F.How));
    if (!excludes(F.Held.Kind, W.Kind))
      diag(W.Loc,
           "both only read: readers wait for each other behind a queued "
           "writer (a CPU hotplug, a down_write())",
           DiagnosticIDs::Note);
    noteLikelihood(F.Loc, F.Chance);
  }
}

} // namespace kthread
