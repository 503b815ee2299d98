//===--- LostWakeupCheck.cpp - kthread-lost-wakeup ------------------------===//

#include "LostWakeupCheck.h"

using namespace clang;

namespace kthread {

void LostWakeupCheck::checkModel(FactModel &Model) {
  if (!reports(Likelihood::Race))
    return;
  for (const LostWakeupFinding &F : Model.lostWakeups()) {
    bool Stop = F.What == LostWakeupFinding::StopLost;
    diag(F.SetStateLoc, "'%0' comes after the test that decides to sleep, "
                        "and '%1' sleeps without testing again")
        << F.SetState << F.Schedule;
    diag(F.TestLoc,
         "%select{the thread tests for work here|the thread tests "
         "kthread_should_stop() here}0, before it sets its state",
         DiagnosticIDs::Note)
        << Stop;
    std::string Lost =
        Stop ? "kthread_stop()'s wake-up between the test and the state "
               "change is lost, and this state ignores TIF_NOTIFY_SIGNAL: "
             : "a wake-up between the test and the state change finds the "
               "thread running and is lost: ";
    if (Stop)
      Lost += F.Timed ? "kthread_stop() waits until the timeout"
                      : "the thread sleeps on, and kthread_stop() hangs";
    else
      Lost += F.Timed ? "the work waits until the timeout"
                      : "the thread sleeps with its work pending";
    diag(F.ScheduleLoc, Lost, DiagnosticIDs::Note);
    noteThread(F.SetStateLoc, F.Place);
    diag(F.SetStateLoc,
         "set the state first, then test, then sleep (or use wait_event*())",
         DiagnosticIDs::Note);
    noteLikelihood(F.SetStateLoc, Likelihood::Race);
  }
}

} // namespace kthread
