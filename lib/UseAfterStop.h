//===--- UseAfterStop.h - A task used after kthread_stop() let it go ------===//
//
// kthread_stop() returns once the thread has exited, and a kernel thread's
// task_struct is freed then unless someone pinned it with
// get_task_struct(). A later wake, park, unpark, bind or dereference of a
// pointer that still holds the task uses freed memory: later on the stop's
// own path, or in another function that finds the pointer still stored in
// a struct field and trusts its NULL test. Another function runs after the
// stop only for a reason the code shows:
//  - the stopper failed: a callback of one ops table (a net_device's open)
//    stops the thread on its error path, the object stays registered, and
//    the callbacks of its other tables (ethtool's) still run;
//  - the stopper removes a waker only after the stop (del_timer_sync() of a
//    timer, free_irq() of an interrupt), and the waker's callback reaches
//    the use in between.
// The stopper's own stop again on the same path is kthread-double-stop's.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_USEAFTERSTOP_H
#define KTHREAD_TIDY_LIB_USEAFTERSTOP_H

#include "TreeIndex.h"
#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace kthread {

struct UseAfterStopFinding {
  enum Kind {
    /// Later on the path of the stop.
    SamePath,
    /// In another function, through the field the stop left holding it.
    StaleField,
  };
  /// For StaleField: why the other function can run after the stop.
  enum class Why {
    None,
    /// The stopper returned an error, and other tables' callbacks run.
    ErrorReturn,
    /// The stopper removes the waker only after the stop.
    WakerLater,
  };
  Kind FindingKind = SamePath;
  Why Reason = Why::None;
  /// The use: the call, or the dereference.
  clang::SourceLocation Loc;
  /// The pointer as written at the use, and what uses it ("" for `->`).
  std::string Pointer, Use;
  /// The stop, its callee, and the function it is in.
  clang::SourceLocation StopLoc;
  std::string StopApi, Stopper;
  /// The function of the use, and the NULL test it passed.
  std::string User;
  clang::SourceLocation NullTestLoc;
  /// ErrorReturn: the error return; WakerLater: the call removing the waker.
  clang::SourceLocation ReasonLoc;
  std::string ReasonCall;
  /// WakerLater: the waker's callback and the call registering it.
  std::string Callback, RegisterCall;
  clang::SourceLocation RegisterLoc;
  /// ErrorReturn: the record types of the stopper's and the user's tables.
  std::string StopperTable, UserTable;
  /// The stop is in another file of the tree (from the tree index).
  bool External = false;
  /// How many more uses of the same stale pointer follow in the file (only
  /// the first is reported).
  unsigned LaterUses = 0;
};

struct UseAfterStopResults {
  std::vector<UseAfterStopFinding> Findings;
  /// The error-path stops that leave a field stale, for the other files of
  /// the tree.
  std::vector<StaleStop> Stale;
};

class FactModel;

/// The uses after a stop of the model's file (FactModel::usesAfterStop()
/// runs it once).
UseAfterStopResults findUsesAfterStop(const FactModel &Model);

} // namespace kthread

#endif
