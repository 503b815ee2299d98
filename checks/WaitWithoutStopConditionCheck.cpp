//===--- WaitWithoutStopConditionCheck.cpp --------------------------------===//

#include "WaitWithoutStopConditionCheck.h"
#include "WaitStop.h"

using namespace clang;

namespace kthread {

WaitWithoutStopConditionCheck::WaitWithoutStopConditionCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ThreadCheck(Name, Context),
      InterruptibleWaitsEndOnStop(
          parseFlag(Options.get("InterruptibleWaitsEndOnStop", "true"))) {}

// Read as text: the stock clang-tidy does not export the bool accessor, and
// the plugin links no clang-tidy library of its own.
bool WaitWithoutStopConditionCheck::parseFlag(StringRef Value) {
  if (Value.equals_insensitive("true") || Value == "1")
    return true;
  if (Value.equals_insensitive("false") || Value == "0")
    return false;
  configurationDiag("invalid InterruptibleWaitsEndOnStop value '%0': "
                    "expected true or false; using true")
      << Value;
  return true;
}

void WaitWithoutStopConditionCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  ThreadCheck::storeOptions(Opts);
  Options.store(Opts, "InterruptibleWaitsEndOnStop",
                InterruptibleWaitsEndOnStop ? "true" : "false");
}

void WaitWithoutStopConditionCheck::analyseFile(
    ASTContext &Context, llvm::ArrayRef<const FunctionDecl *> Functions) {
  WaitStopOptions FlowOptions{threadOptions(), InterruptibleWaitsEndOnStop};
  for (const WaitFinding &F :
       findWaitsWithoutStop(Context, Functions, FlowOptions)) {
    switch (F.WaitKind) {
    case WaitFinding::Hangs:
      diag(F.Loc, "'%0' sleeps until its condition is true, and the "
                  "condition does not test kthread_should_stop(): "
                  "kthread_stop() sets the stop flag and wakes the thread, "
                  "which sleeps again, so kthread_stop() hangs; add "
                  "'|| kthread_should_stop()' to the condition")
          << F.Macro;
      break;
    case WaitFinding::HangsKillable:
      diag(F.Loc, "'%0' ends only on its condition or a fatal signal, and "
                  "kthread_stop() sends no signal: the condition does not "
                  "test kthread_should_stop(), so kthread_stop() hangs; add "
                  "'|| kthread_should_stop()' to the condition")
          << F.Macro;
      break;
    case WaitFinding::HangsInterruptible:
      diag(F.Loc, "'%0' does not test kthread_should_stop() in its "
                  "condition; with InterruptibleWaitsEndOnStop off (kernels "
                  "whose kthread_stop() does not interrupt sleeps), "
                  "kthread_stop() hangs; add '|| kthread_should_stop()' to "
                  "the condition")
          << F.Macro;
      break;
    case WaitFinding::InterruptionIgnored:
      diag(F.Loc, "the result of '%0' is ignored and its condition does not "
                  "test kthread_should_stop(): when kthread_stop() interrupts "
                  "the sleep, the code below runs as if the condition held; "
                  "test the result, or add '|| kthread_should_stop()' to the "
                  "condition")
          << F.Macro;
      break;
    case WaitFinding::Delays:
      diag(F.Loc, "'%0' does not test kthread_should_stop() in its "
                  "condition: kthread_stop() wakes the thread, which sleeps "
                  "again, so the stop waits until the timeout expires; add "
                  "'|| kthread_should_stop()' to the condition")
          << F.Macro;
      break;
    }
    noteThread(F.Loc, F.Place);
  }
}

} // namespace kthread
