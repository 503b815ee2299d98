//===--- DoubleStopCheck.cpp - kthread-double-stop ------------------------===//

#include "DoubleStopCheck.h"

using namespace clang;

namespace kthread {
namespace {

/// "'kthread_stop'" or "'stop_rx' (which calls 'kthread_stop')".
std::string describe(const StopSite &Site) {
  if (Site.Inner.empty())
    return "'" + Site.Stopper + "'";
  return "'" + Site.Stopper + "' (which calls '" + Site.Inner + "')";
}

} // namespace

void DoubleStopCheck::checkModel(FactModel &Model) {
  if (!reports(Likelihood::Certain))
    return;
  for (const DoubleStopFinding &F : Model.doubleStops()) {
    diag(F.Second.Loc, "%0 stops '%1' again after %2 stopped it")
        << describe(F.Second) << F.Pointer << describe(F.First);
    if (F.CopyLoc.isValid())
      diag(F.CopyLoc, "both places hold the same task from this copy on",
           DiagnosticIDs::Note);
    if (F.PinLoc.isValid()) {
      diag(F.PinLoc,
           "the task is pinned here, so its task_struct stays "
           "allocated",
           DiagnosticIDs::Note);
      diag(F.First.Loc,
           "the first stop consumed the completion the "
           "thread's exit signals once",
           DiagnosticIDs::Note);
    } else {
      diag(F.First.Loc,
           "the first stop returns once the thread has exited, "
           "and its task_struct may then be freed",
           DiagnosticIDs::Note);
    }
    if (F.First.InnerLoc.isValid())
      diag(F.First.InnerLoc, "'%0' stops it here", DiagnosticIDs::Note)
          << F.First.Stopper;
    if (F.Second.InnerLoc.isValid())
      diag(F.Second.InnerLoc, "'%0' stops it again here", DiagnosticIDs::Note)
          << F.Second.Stopper;
    diag(F.Second.Loc,
         F.PinLoc.isValid()
             ? "so this stop waits for that completion forever: the caller "
               "hangs"
             : "so this stop may use the freed task_struct: a use-after-free",
         DiagnosticIDs::Note);
    noteLikelihood(F.Second.Loc, Likelihood::Certain);
  }
}

} // namespace kthread
