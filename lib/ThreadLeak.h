//===--- ThreadLeak.h - Threads left running when their creator fails -----===//
//
// After a module's init fails, the module is unloaded without its exit;
// after a driver's probe or a device's open fails, remove or close never
// runs. A thread such a function started and does not stop on its error
// path keeps running: on the device data the error path frees, or, after
// the unload, in the module's freed text. The walk follows each entry
// function (module_init's, a table's probe/open) path by path with the
// places holding a running thread it started (kthread_run(), or a created
// task after wake_up_process()), drops a place when the path stops it
// (directly or through a file helper, StopSites), hands it to devm (a
// devm_add_action() may stop it), or leaves the thread's creation failed
// (IS_ERR), and reports an error return that still holds one. Also a
// thread that loops until kthread_should_stop() and leaves only then, kept
// where only this file can stop it (a static global a module's init
// starts, a field of the file's own struct a probe starts), which no
// function of the file stops although the module has an exit or the
// driver a remove.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_THREADLEAK_H
#define KTHREAD_TIDY_LIB_THREADLEAK_H

#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace kthread {

class FactModel;

struct ThreadLeakFinding {
  enum Kind {
    /// An error return of an entry function with the thread running.
    ErrorPath,
    /// A module's or a probe's thread that no function of the file stops.
    NeverStopped,
  };
  Kind FindingKind = ErrorPath;
  enum Entry { ModuleInit, Probe, Open };
  Entry EntryKind = ModuleInit;
  /// The error return (ErrorPath) or the creation (NeverStopped).
  clang::SourceLocation Loc;
  /// The task as written where it is stored.
  std::string Task;
  std::string CreateApi;
  clang::SourceLocation CreationLoc;
  /// The entry function, and for a table's, the field that stores it.
  std::string Function;
  std::string Field;
  /// The test that sent the path to the error (`if (ret)`), if any.
  clang::SourceLocation ErrorTestLoc;
  /// A call on the path that frees the thread's data (kfree(priv)).
  std::string FreeCall;
  clang::SourceLocation FreeLoc;
  /// NeverStopped: the module's exit function, or the driver's remove.
  std::string ExitFunction;
  clang::SourceLocation ExitLoc;
};

/// The leaked threads of the model's file.
std::vector<ThreadLeakFinding> findThreadLeaks(const FactModel &Model);

} // namespace kthread

#endif
