//===--- LoopStop.h - Thread loops that kthread_stop() cannot end ---------===//
//
// kthread_stop() waits until the thread function returns. A loop in a stopped
// thread that has no way out at all, whose only way out is a park request
// (which kthread_stop() clears), or that repeats an interrupted sleep without
// testing the stop flag, never lets it return.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_LOOPSTOP_H
#define KTHREAD_TIDY_LIB_LOOPSTOP_H

#include "StoppedThreads.h"
#include <string>
#include <vector>

namespace kthread {

struct LoopFinding {
  enum Kind {
    /// No path leaves the loop.
    NoExit,
    /// Only `kthread_should_park()` leads out of the loop; kthread_stop()
    /// unparks the thread, so that test stays false once it is stopped.
    ParkOnlyExit,
    /// `do { ret = wait_event_interruptible(...); } while (ret ==
    /// -ERESTARTSYS);` with no stop test: spins once the stop interrupts.
    RestartSpin,
  };
  Kind LoopKind;
  clang::SourceLocation Loc;
  ThreadPlace Place;
};

class FactModel;

/// The stop-proof loops of the model's stopped threads
/// (FactModel::loopsWithoutStop() runs it once).
std::vector<LoopFinding> findLoopsWithoutStop(const FactModel &Model);

} // namespace kthread

#endif
