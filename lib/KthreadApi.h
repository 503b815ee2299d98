//===--- KthreadApi.h - The kernel-thread API, one table by role ----------===//
//
// Every function and macro of the kthread, worker, wait, completion and
// task-reference API that the analyses know, each with its role, in the
// spirit of the Static Analyzer's CallDescriptionMap: the analyses ask "what
// does this call do" of the table, never of the callee's name. A project's
// own functions are added by role through the checks' options; a built-in
// name keeps its built-in role.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_KTHREADAPI_H
#define KTHREAD_TIDY_LIB_KTHREADAPI_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace kthread {

enum class Role {
  /// Creates a thread that sleeps until woken (kthread_create*): returns the
  /// task, or an ERR_PTR (never NULL). The thread function is argument 0.
  CreateSleeping,
  /// Creates and wakes a thread (kthread_run*).
  CreateRunning,
  /// Creates a kthread_worker, whose thread runs at once.
  CreateWorker,
  /// Wakes the task (wake_up_process): a created thread starts.
  Wake,
  /// Stops the task and waits for its thread to exit (kthread_stop).
  Stop,
  /// kthread_stop() and then put_task_struct(): for pinned tasks.
  StopPut,
  /// Takes a reference to the task (get_task_struct).
  Pin,
  /// Drops a reference (put_task_struct).
  Unpin,
  Park,
  Unpark,
  /// Binds a thread that must not run yet to a CPU (kthread_bind).
  Bind,
  /// Ends the calling kernel thread without returning (kthread_exit).
  Exit,
  /// True once kthread_stop() was called (kthread_should_stop).
  ShouldStop,
  /// True while a park is requested (kthread_should_park).
  ShouldPark,
  /// Parks the calling thread while a park is requested.
  ParkMe,
  /// Tells an ERR_PTR apart (IS_ERR).
  ErrCheck,
  /// Makes an ERR_PTR (ERR_PTR(-ENOMEM)).
  MakeErr,
  /// The error code an ERR_PTR holds (PTR_ERR).
  ErrValue,
  /// Other functions that dereference the task or worker they are given.
  TaskUse,
  /// Queues work on, flushes or destroys a kthread_worker.
  WorkerUse,
  /// Waits for the work queued on a kthread_worker (kthread_flush_worker).
  FlushWorker,
  DestroyWorker,
  /// Lets signals reach the calling kernel thread (allow_signal).
  AllowSignal,
  /// Tests the calling task for a pending signal (signal_pending), or is
  /// true only with one pending (msleep_interruptible()'s early return).
  SignalPending,
  /// Sleeps until a condition holds: the wait_event*() macros.
  WaitEvent,
  /// Signals a completion (complete, complete_all).
  Complete,
  /// Waits for a completion with no timeout and no signal to end it.
  WaitCompletion,
  /// Enters atomic context: takes a spinlock or rwlock (the lock is
  /// argument 0), disables interrupts, bottom halves or preemption, or
  /// enters an RCU read-side section. Its AtomicKind says which.
  AtomicEnter,
  /// Leaves what the AtomicEnter of the same kind (and lock) entered.
  AtomicExit,
  /// Takes the lock in argument 0 only when it returns non-zero
  /// (spin_trylock).
  AtomicTry,
  /// Registers the function in argument Arg as a callback that runs in
  /// atomic context (request_irq's handler, timer_setup's callback).
  AtomicCallback,
  /// A project's own function that may sleep (the SleepingFunctions option).
  Sleep,
  /// Sleeps in the state the caller set (schedule); with Timeout, at most
  /// that long (schedule_timeout).
  Schedule,
  /// Sleeps for a while, whatever happens meanwhile (msleep).
  Delay,
  /// Takes a sleeping lock (mutex_lock, down_read, cpus_read_lock): the
  /// lock is argument 0 unless its SleepLockKind is a global one. Its
  /// LockTaken says on which result it holds the lock, its State how a
  /// wait for it ends (none for a trylock, which does not wait).
  SleepLock,
  /// Releases a sleeping lock the SleepLock of the same family took.
  SleepUnlock,
  /// Allocates a zeroed object (kzalloc, alloc_netdev): its fields are
  /// NULL until written.
  ZeroAlloc,
  /// The private area of the object in argument Arg, allocated and zeroed
  /// with it (netdev_priv).
  PrivateArea,
  /// Frees the object in argument Arg (kfree, free_netdev).
  Free,
  /// Registers the function in argument Arg to run when the device goes
  /// (devm_add_action): a cleanup that may stop a thread.
  CleanupAction,
  /// Removes the callback registered on the object in argument Arg
  /// (del_timer_sync's timer, free_irq's interrupt line): until it returns,
  /// the callback may still run.
  Unregister,
};

/// What a SleepLock or SleepUnlock is about.
enum class SleepLockKind {
  None,
  Mutex,
  Semaphore,
  RwsemRead,
  RwsemWrite,
  /// cpus_read_lock(): the reader side of the CPU-hotplug lock, one global
  /// percpu rw-semaphore.
  HotplugRead,
  HotplugWrite,
};

/// "mutex", "semaphore", "rw_semaphore (read)", "CPU-hotplug lock (read)".
llvm::StringRef describeSleepLock(SleepLockKind Kind);
/// Whether two holders of the same lock in these modes exclude each
/// other; readers exclude each other only behind a queued writer.
bool excludes(SleepLockKind Held, SleepLockKind Wanted);
/// Whether the lock has no argument: one lock for the whole kernel.
bool isGlobalLock(SleepLockKind Kind);

/// On which result a SleepLock holds its lock.
enum class LockTaken { Always, OnZero, OnNonZero };

/// What an AtomicEnter, AtomicExit, AtomicTry or AtomicCallback is about.
enum class AtomicKind {
  None,
  Spinlock, // spin_lock*, raw_spin_lock*
  Rwlock,   // read_lock*, write_lock*
  IrqsOff,  // local_irq_save, local_irq_disable
  BhOff,    // local_bh_disable
  PreemptOff,
  Rcu,     // rcu_read_lock
  HardIrq, // an interrupt handler
  Timer,   // a timer callback (softirq)
  Tasklet, // a tasklet (softirq)
};

/// "spinlock", "interrupts disabled", "an interrupt handler", ...
llvm::StringRef describeAtomic(AtomicKind Kind);

/// Whether the role's calls dereference the task in their argument Arg
/// without stopping it: wakes, pins and puts, parks, binds, TaskUse.
bool dereferencesTask(Role R);

/// Whether the role's calls sleep, so that atomic context must not reach
/// them: stops, parks, worker flushes and destroys, SleepingFunctions.
bool roleSleeps(Role R);

/// How a sleep ends, as set_current_state() and the wait macros name it.
enum class SleepState {
  None,
  /// TASK_INTERRUPTIBLE: ends on any signal, kthread_stop()'s
  /// TIF_NOTIFY_SIGNAL included (Linux 6.1).
  Interruptible,
  /// TASK_INTERRUPTIBLE | TASK_FREEZABLE: as interruptible.
  Freezable,
  /// TASK_KILLABLE: ends only on a fatal signal, which kthread_stop() does
  /// not send.
  Killable,
  /// TASK_UNINTERRUPTIBLE: no signal ends it.
  Uninterruptible,
  /// TASK_IDLE: uninterruptible, without counting as load.
  Idle,
  /// A state the call takes as an argument (wait_event_state()).
  Given,
};

/// Whether kthread_stop() ends a sleep in \p State by itself (in Linux 6.1
/// it sets TIF_NOTIFY_SIGNAL, which interruptible sleeps see).
bool stopEndsSleep(SleepState State, bool InterruptibleEndsOnStop);

struct ApiEntry {
  Role What;
  /// The task, worker or condition argument the role is about.
  unsigned Arg = 0;
  /// For WaitEvent: how it sleeps, and whether a timeout ends it.
  SleepState State = SleepState::None;
  bool Timeout = false;
  /// For Exit: it completes the completion in argument 0 first
  /// (kthread_complete_and_exit).
  bool AlsoCompletes = false;
  AtomicKind Atomic = AtomicKind::None;
  SleepLockKind Lock = SleepLockKind::None;
  LockTaken Taken = LockTaken::Always;
};

/// A project's own functions, added by role (the checks' options).
struct ApiOptions {
  std::vector<std::string> CreateFunctions; // Role::CreateSleeping
  std::vector<std::string> RunFunctions;    // Role::CreateRunning
  std::vector<std::string> CreateWorkerFunctions;
  std::vector<std::string> StopFunctions;
  std::vector<std::string> StopCheckFunctions; // Role::ShouldStop
  std::vector<std::string> ErrCheckFunctions;
  std::vector<std::string> WakeFunctions;
  std::vector<std::string> LockFunctions;     // Role::AtomicEnter, Spinlock
  std::vector<std::string> UnlockFunctions;   // Role::AtomicExit, Spinlock
  std::vector<std::string> SleepingFunctions; // Role::Sleep
  /// Role::SleepLock and SleepUnlock, as mutex_lock() and mutex_unlock().
  std::vector<std::string> SleepingLockFunctions;
  std::vector<std::string> SleepingUnlockFunctions;
  /// The tree index (TreeIndex.h) to read other files' facts from; empty:
  /// the file alone.
  std::string FactsDatabase;

  /// A key that is the same exactly when two option sets give the same
  /// table.
  std::string fingerprint() const;
};

class KthreadApi {
public:
  explicit KthreadApi(const ApiOptions &Extra = {});

  /// The row of a function or macro name, or null.
  const ApiEntry *lookup(llvm::StringRef Name) const;
  /// The row of the function \p Call calls directly, or null.
  const ApiEntry *lookup(const clang::CallExpr *Call) const;
  bool is(const clang::CallExpr *Call, Role R) const;
  bool isCreation(Role R) const {
    return R == Role::CreateSleeping || R == Role::CreateRunning ||
           R == Role::CreateWorker;
  }
  /// Every name with one of \p Roles, sorted.
  std::vector<std::string> namesOf(std::initializer_list<Role> Roles) const;

private:
  void add(llvm::StringRef Name, ApiEntry Entry, bool Replace);
  llvm::StringMap<ApiEntry> Rows;
};

/// The function \p Call calls directly, by name, or "".
llvm::StringRef calleeName(const clang::CallExpr *Call);

/// The name the user wrote for \p Call: the outermost macro with the same
/// role (spin_lock_irqsave for _raw_spin_lock_irqsave, mutex_lock for
/// mutex_lock_nested), or the callee.
std::string nameAsWritten(const clang::CallExpr *Call, const KthreadApi &Api,
                          const clang::ASTContext &Ctx);

} // namespace kthread

#endif
