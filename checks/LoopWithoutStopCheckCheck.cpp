//===--- LoopWithoutStopCheckCheck.cpp - kthread-loop-without-stop-check --===//

#include "LoopWithoutStopCheckCheck.h"

using namespace clang;

namespace kthread {

void LoopWithoutStopCheckCheck::checkModel(FactModel &Model) {
  if (!reports(Likelihood::Certain))
    return;
  for (const LoopFinding &F : Model.loopsWithoutStop()) {
    switch (F.LoopKind) {
    case LoopFinding::NoExit:
      diag(F.Loc, "no path leaves this loop of thread function '%0'")
          << F.Place.ThreadFunction;
      diag(F.Loc,
           "so the thread never returns, and kthread_stop() waits "
           "forever",
           DiagnosticIDs::Note);
      break;
    case LoopFinding::ParkOnlyExit:
      diag(F.Loc, "this loop of thread function '%0' is left only when "
                  "kthread_should_park() is true")
          << F.Place.ThreadFunction;
      diag(F.Loc,
           "kthread_stop() unparks the thread, so the thread never "
           "returns, and kthread_stop() waits forever",
           DiagnosticIDs::Note);
      break;
    case LoopFinding::RestartSpin:
      diag(F.Loc, "this loop repeats an interrupted sleep and never tests "
                  "kthread_should_stop()");
      diag(F.Loc,
           "kthread_stop() interrupts the sleep every time, so the "
           "thread spins and kthread_stop() never returns",
           DiagnosticIDs::Note);
      break;
    }
    diag(F.Loc, "leave the loop when kthread_should_stop() is true",
         DiagnosticIDs::Note);
    noteThread(F.Loc, F.Place);
    noteLikelihood(F.Loc, Likelihood::Certain);
  }
}

} // namespace kthread
