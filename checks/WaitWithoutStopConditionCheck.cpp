//===--- WaitWithoutStopConditionCheck.cpp --------------------------------===//

#include "WaitWithoutStopConditionCheck.h"

using namespace clang;

namespace kthread {

WaitWithoutStopConditionCheck::WaitWithoutStopConditionCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ThreadCheck(Name, Context), InterruptibleWaitsEndOnStop(Options.get(
                                      "InterruptibleWaitsEndOnStop", true)) {}

void WaitWithoutStopConditionCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  ThreadCheck::storeOptions(Opts);
  Options.store(Opts, "InterruptibleWaitsEndOnStop",
                InterruptibleWaitsEndOnStop);
}

namespace {

/// What kthread_stop() meets in a wait of kind \p K.
const char *consequence(WaitFinding::Kind K) {
  switch (K) {
  case WaitFinding::Hangs:
    return "kthread_stop() wakes the thread, which sleeps again: "
           "kthread_stop() hangs";
  case WaitFinding::HangsKillable:
    return "only a fatal signal ends this sleep, and kthread_stop() sends "
           "none: kthread_stop() hangs";
  case WaitFinding::HangsInterruptible:
    return "with InterruptibleWaitsEndOnStop off (kernels whose "
           "kthread_stop() does not interrupt sleeps), kthread_stop() hangs";
  case WaitFinding::Delays:
    return "kthread_stop() wakes the thread, which sleeps again: the stop "
           "waits until the timeout expires";
  case WaitFinding::InterruptionIgnored:
    return "kthread_stop() interrupts the sleep, and the code below runs as "
           "if the condition held";
  }
  return "";
}

} // namespace

void WaitWithoutStopConditionCheck::checkModel(FactModel &Model) {
  if (!reports(Likelihood::Certain))
    return;
  for (const WaitFinding &F :
       Model.waitsWithoutStop(InterruptibleWaitsEndOnStop)) {
    if (F.WaitKind == WaitFinding::InterruptionIgnored)
      diag(F.Loc, "the result of '%0' is ignored, and its condition does not "
                  "test kthread_should_stop()")
          << F.Macro;
    else
      diag(F.Loc, "the condition of '%0' does not test kthread_should_stop()")
          << F.Macro;
    diag(F.Loc, consequence(F.WaitKind), DiagnosticIDs::Note);
    diag(F.Loc,
         F.WaitKind == WaitFinding::InterruptionIgnored
             ? "test the result, or add '|| kthread_should_stop()' to the "
               "condition"
             : "add '|| kthread_should_stop()' to the condition",
         DiagnosticIDs::Note);
    noteThread(F.Loc, F.Place);
    noteLikelihood(F.Loc, Likelihood::Certain);
  }
}

} // namespace kthread
