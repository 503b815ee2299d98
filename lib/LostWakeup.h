//===--- LostWakeup.h - Sleeps decided before the state is set ------------===//
//
// A thread that sleeps on a condition must set its state before it tests
// the condition: set_current_state(TASK_*), test, schedule(). A wake-up
// that lands after the test but before set_current_state() finds the thread
// still running, does nothing, and the thread then sleeps: the wake-up is
// lost. The analysis walks the code of the file's threads and finds each
// set_current_state() followed by schedule() with no test in between, whose
// sleep a test made before it decided (the test has a branch that does not
// sleep).
//
// A lost wake-up needs a waker: work is reported only for a thread whose
// task the file wakes (wake_up_process()); a polling thread that only its
// timeout wakes loses nothing. A state set while a spinlock is still held
// from before the test is ordered against a waker that takes the lock
// (the workqueue's and qedi's protocol): not reported.
//
// What is lost depends on the state (Linux 6.1): kthread_stop() sets
// TIF_NOTIFY_SIGNAL, so an interruptible sleep still ends on a stop, and only
// a test of the stop flag alone loses nothing; uninterruptible, idle and
// killable sleeps ignore it, and then even the stop's wake-up can be lost.
// A schedule_timeout() bounds the sleep: the wake-up is delayed, not lost.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_LOSTWAKEUP_H
#define KTHREAD_TIDY_LIB_LOSTWAKEUP_H

#include "KthreadApi.h"
#include "StoppedThreads.h"
#include "clang/AST/ASTContext.h"
#include <string>
#include <vector>

namespace kthread {

struct LostWakeupFinding {
  enum Kind {
    /// The test was of the thread's work: its wake-up is lost.
    WorkLost,
    /// The test was of the stop flag only, and the state ignores
    /// TIF_NOTIFY_SIGNAL: kthread_stop()'s wake-up is lost.
    StopLost,
  };
  Kind What;
  clang::SourceLocation SetStateLoc;
  /// "set_current_state(TASK_UNINTERRUPTIBLE)", as written.
  std::string SetState;
  SleepState State;
  clang::SourceLocation TestLoc;
  clang::SourceLocation ScheduleLoc;
  std::string Schedule;
  /// schedule_timeout(): the sleep ends at the timeout (a stop is then
  /// only delayed, and not reported).
  bool Timed;
  ThreadPlace Place;
};

std::vector<LostWakeupFinding>
findLostWakeups(const clang::ASTContext &Ctx, const KthreadApi &Api,
                const StopChecks &Checks, llvm::ArrayRef<FunctionCfg> Functions,
                llvm::ArrayRef<ThreadCode> Code);

} // namespace kthread

#endif
