//===--- StopDeadlock.h - Stops under a lock the stopped thread takes -----===//
//
// kthread_stop() waits until the thread exits. A stopper that holds a
// sleeping lock (a mutex, semaphore, rw_semaphore, the CPU-hotplug lock)
// while it waits deadlocks when the thread, before it can leave, waits for
// that lock: the thread waits for the stopper, the stopper for the thread.
// Lockdep does not see it (it does not model the wait for the exit).
//
// The stopper's side is path-sensitive, as the atomic-context walk is: a
// path holds what it took and a trylock holds on its success branch only;
// the file's helpers that reach a kthread_stop() (without first dropping a
// lock their caller holds) are stops too. The thread's side is its thread
// function and the file functions it calls; a lock is the same when it is
// the same global, or the same field of the same struct type.
//
// How likely: certain when the thread takes the lock after it saw the stop
// (on kthread_should_stop()'s stop branch, or on its way out) or after a
// sleep that the stop ends (interruptible, timed) and before it tests the
// stop again: the thread is at that sleep whenever it waits for work. A race
// when it takes the lock only while it runs between two tests, or when both
// sides only read (readers wait for each other only behind a queued writer).
// An acquisition that a stop ends (mutex_lock_interruptible(): 6.1's
// TIF_NOTIFY_SIGNAL), a trylock or a timed one cannot deadlock.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_STOPDEADLOCK_H
#define KTHREAD_TIDY_LIB_STOPDEADLOCK_H

#include "Likelihood.h"
#include "StoppedThreads.h"
#include "clang/AST/ASTContext.h"
#include <string>
#include <vector>

namespace kthread {

/// One acquisition of a sleeping lock.
struct LockAcquisition {
  clang::SourceLocation Loc;
  /// As written: "mutex_lock", "cpus_read_lock".
  std::string Api;
  SleepLockKind Kind = SleepLockKind::None;
  /// The lock as written ("d->lock"), empty for a global one such as the
  /// CPU-hotplug lock.
  std::string Lock;
  /// When the acquisition is in a file function the caller calls: that
  /// call and its callee, and the function that takes the lock (the callee
  /// or one it calls).
  clang::SourceLocation CallLoc;
  std::string Called;
  std::string Helper;
};

struct StopDeadlockFinding {
  /// Why the thread gets to its acquisition with the stopper waiting.
  enum Path {
    /// It takes the lock after kthread_should_stop() said stop.
    AfterStop,
    /// After a sleep that the stop ends, before the next test.
    AfterSleep,
    /// Only while it runs between tests: the stop must come then.
    WhileRunning,
  };
  /// The stop: kthread_stop(), or the file's helper that reaches one.
  clang::SourceLocation Loc;
  std::string Callee;
  std::string Inner;
  clang::SourceLocation InnerLoc;
  std::string Function;
  /// What the stopper holds, and where it took it.
  LockAcquisition Held;
  /// Where the thread takes it (in its thread function, or the call of the
  /// helper that does).
  LockAcquisition Wanted;
  Path How;
  std::string ThreadFunction;
  std::string CreateName;
  clang::SourceLocation CreationLoc;
  Likelihood Chance;
};

/// The stops of \p Functions that wait for a thread of the file while
/// holding a sleeping lock that the thread takes, one per stop and lock, in
/// source order.
std::vector<StopDeadlockFinding> findStopDeadlocks(
    clang::ASTContext &Ctx, const KthreadApi &Api, const StopChecks &Checks,
    llvm::ArrayRef<FunctionCfg> Functions, const StoppedThreads &Threads);

} // namespace kthread

#endif
