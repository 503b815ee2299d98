//===--- StopFlow.h - A task stopped twice on one path --------------------===//
//
// kthread_stop() waits for the thread to exit; kernel threads are reaped at
// once, so when it returns the task_struct may already be freed unless the
// caller pinned it with get_task_struct(). A second kthread_stop() on the
// same pointer, on a path without a re-assignment in between, is then a
// use-after-free. On a pinned task it never returns: kthread_stop() waits
// for the completion the thread's exit signals once (complete(), in
// complete_vfork_done()), and the first stop consumed it. The shape is
// bugprone-use-after-move's: the stop is the move, a store to the pointer is
// the re-initialisation.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_STOPFLOW_H
#define KTHREAD_TIDY_LIB_STOPFLOW_H

#include "StopSites.h"
#include <string>
#include <vector>

namespace kthread {

struct DoubleStopFinding {
  /// The task pointer as written at the second stop.
  std::string Pointer;
  StopSite First;
  StopSite Second;
  /// Where the task is pinned, if it is: then the task_struct outlives the
  /// thread, but the first stop consumed the exit completion that
  /// kthread_stop() waits for, which the exit signals only once, so the
  /// second stop never returns.
  clang::SourceLocation PinLoc;
  /// Where the place stopped second was copied from the one stopped first
  /// (or back), when the copy came before both stops.
  clang::SourceLocation CopyLoc;
};

class FactModel;

/// The double stops of the model's file (FactModel::doubleStops() runs it
/// once).
std::vector<DoubleStopFinding> findDoubleStops(const FactModel &Model);

} // namespace kthread

#endif
