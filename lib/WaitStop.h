//===--- WaitStop.h - Sleeps that kthread_stop() cannot end ---------------===//
//
// kthread_stop() sets the stop flag, wakes the thread and waits for it to
// return. A wait_event*() in the thread whose condition does not test the
// flag re-checks its condition after the wake-up and sleeps again: the stop
// hangs (uninterruptible and killable forms) or waits out the timeout. In
// Linux 6.1 kthread_stop() also sets TIF_NOTIFY_SIGNAL, so interruptible and
// freezable forms do end on stop; an option restores the older rule.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_WAITSTOP_H
#define KTHREAD_TIDY_LIB_WAITSTOP_H

#include "StoppedThreads.h"
#include <string>
#include <vector>

namespace kthread {

struct WaitFinding {
  enum Kind {
    Hangs,
    HangsKillable,
    HangsInterruptible,
    Delays,
    /// Interrupted by the stop, its result ignored, and the code below then
    /// trusts the condition.
    InterruptionIgnored,
  };
  Kind WaitKind;
  clang::SourceLocation Loc;
  /// The wait macro as written, e.g. "wait_event_timeout".
  std::string Macro;
  ThreadPlace Place;
};

class FactModel;

/// The waits without a stop test in the model's stopped threads; with
/// \p InterruptibleEndsOnStop (Linux 6.1), kthread_stop() interrupts
/// interruptible and freezable sleeps (FactModel::waitsWithoutStop() runs it
/// once per value).
std::vector<WaitFinding> findWaitsWithoutStop(const FactModel &Model,
                                              bool InterruptibleEndsOnStop);

} // namespace kthread

#endif
