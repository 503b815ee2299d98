//===--- ThreadExit.h - Threads that exit on their own, then are stopped --===//
//
// kthread_stop() may only be used on a thread that is still running, or whose
// task the caller pinned: once a kernel thread's function returns, the thread
// is reaped and its task_struct freed. A thread function that can return
// before kthread_should_stop() is true (an early `return -ENOMEM`, a `break`
// out of its loop on an error), started by a creation whose task the file
// later passes to kthread_stop(), lets that kthread_stop() use freed memory.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_THREADEXIT_H
#define KTHREAD_TIDY_LIB_THREADEXIT_H

#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace kthread {

struct EarlyExitFinding {
  enum Kind { Return, FallsOffEnd, ExitCall };
  Kind ExitKind;
  clang::SourceLocation Loc;
  /// For ExitCall: the function that ends the thread (kthread_exit, ...).
  std::string ExitFunction;
  std::string ThreadFunction;
  std::string CreateName;
  clang::SourceLocation CreationLoc;
  /// Every stop of the task in the file: where, the task as written
  /// there, and the stop function or the file's helper that stops it.
  struct StopPlace {
    clang::SourceLocation Loc;
    std::string Task;
    std::string Stopper;
  };
  std::vector<StopPlace> Stops;
};

/// A stop in this file of a thread whose function another file defines,
/// and which the tree index says can return before a stop check.
struct ForeignExitFinding {
  clang::SourceLocation StopLoc;
  /// The task as written at the stop, and what stops it.
  std::string Task, Stopper;
  std::string ThreadFunction;
  std::string CreateName;
  clang::SourceLocation CreationLoc;
  /// The exit, in the thread function's file.
  clang::SourceLocation ExitLoc;
};

class FactModel;
struct FunctionCfg;

/// The exits before a stop check of the model's stopped, unpinned threads
/// (FactModel::stopsAfterExit() runs it once).
std::vector<EarlyExitFinding> findStopAfterExit(const FactModel &Model);

/// The exits of \p Thread, a function of the model's file with a thread
/// function's shape, that a path reaches before a stop check, judged
/// without its stopper, as another file that starts it needs them: no
/// handshake, and a task field it clears is its own.
std::vector<clang::SourceLocation>
exitsBeforeStopCheck(const FactModel &Model, const FunctionCfg &Thread);

/// The stops of threads started here with another file's thread function
/// that can exit before a stop check (FactModel::stopsOfForeignThreads()).
std::vector<ForeignExitFinding> findForeignThreadExits(const FactModel &Model);

} // namespace kthread

#endif
