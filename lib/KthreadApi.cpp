//===--- KthreadApi.cpp ---------------------------------------------------===//

#include "KthreadApi.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>

namespace kthread {
namespace {

struct Row {
  const char *Name;
  ApiEntry Entry;
};

using S = SleepState;
using A = AtomicKind;
using L = SleepLockKind;
using T = LockTaken;

constexpr ApiEntry sleepLock(SleepLockKind Kind, LockTaken Taken,
                             SleepState Wait, bool Timeout = false) {
  return {Role::SleepLock,  0,    Wait, Timeout, false,
          AtomicKind::None, Kind, Taken};
}

constexpr ApiEntry sleepUnlock(SleepLockKind Kind) {
  return {Role::SleepUnlock, 0,   SleepState::None, false, false,
          AtomicKind::None,  Kind};
}

constexpr ApiEntry atomic(Role R, AtomicKind Kind, unsigned Arg = 0) {
  return {R, Arg, SleepState::None, false, false, Kind};
}

// Linux 6.1's names. kthread_create() and kthread_run() are macros around
// kthread_create_on_node(); the macros are rows too, so that messages name
// what the user wrote.
const Row BuiltinRows[] = {
    // Creation.
    {"kthread_create", {Role::CreateSleeping, 0}},
    {"kthread_create_on_node", {Role::CreateSleeping, 0}},
    {"kthread_create_on_cpu", {Role::CreateSleeping, 0}},
    {"kthread_run", {Role::CreateRunning, 0}},
    {"kthread_run_on_cpu", {Role::CreateRunning, 0}},
    {"kthread_create_worker", {Role::CreateWorker, 0}},
    {"kthread_create_worker_on_cpu", {Role::CreateWorker, 0}},
    {"kthread_create_worker_on_node", {Role::CreateWorker, 0}},
    {"kthread_run_worker", {Role::CreateWorker, 0}},
    {"kthread_run_worker_on_cpu", {Role::CreateWorker, 0}},
    {"kthread_run_worker_on_node", {Role::CreateWorker, 0}},
    // The task's life.
    {"wake_up_process", {Role::Wake, 0}},
    {"wake_up_state", {Role::Wake, 0}},
    {"kthread_stop", {Role::Stop, 0}},
    {"kthread_stop_put", {Role::StopPut, 0}},
    {"get_task_struct", {Role::Pin, 0}},
    {"put_task_struct", {Role::Unpin, 0}},
    {"kthread_park", {Role::Park, 0}},
    {"kthread_unpark", {Role::Unpark, 0}},
    {"kthread_bind", {Role::Bind, 0}},
    {"kthread_bind_mask", {Role::Bind, 0}},
    {"kthread_exit", {Role::Exit, 0}},
    {"kthread_complete_and_exit",
     {Role::Exit, 0, SleepState::None, false, /*AlsoCompletes=*/true}},
    {"module_put_and_kthread_exit", {Role::Exit, 0}},
    {"do_exit", {Role::Exit, 0}},
    {"kthread_should_stop", {Role::ShouldStop, 0}},
    {"kthread_freezable_should_stop", {Role::ShouldStop, 0}},
    {"kthread_should_park", {Role::ShouldPark, 0}},
    {"kthread_parkme", {Role::ParkMe, 0}},
    {"IS_ERR", {Role::ErrCheck, 0}},
    {"IS_ERR_OR_NULL", {Role::ErrCheck, 0}},
    {"PTR_ERR_OR_ZERO", {Role::ErrCheck, 0}},
    {"ERR_PTR", {Role::MakeErr, 0}},
    {"PTR_ERR", {Role::ErrValue, 0}},
    {"kthread_data", {Role::TaskUse, 0}},
    {"sched_setscheduler", {Role::TaskUse, 0}},
    {"sched_setscheduler_nocheck", {Role::TaskUse, 0}},
    {"sched_set_fifo", {Role::TaskUse, 0}},
    {"sched_set_fifo_low", {Role::TaskUse, 0}},
    {"sched_set_normal", {Role::TaskUse, 0}},
    {"set_user_nice", {Role::TaskUse, 0}},
    {"set_cpus_allowed_ptr", {Role::TaskUse, 0}},
    {"task_pid_nr", {Role::TaskUse, 0}},
    {"send_sig", {Role::TaskUse, 1}},
    {"kthread_queue_work", {Role::WorkerUse, 0}},
    {"kthread_queue_delayed_work", {Role::WorkerUse, 0}},
    {"kthread_mod_delayed_work", {Role::WorkerUse, 0}},
    {"kthread_flush_worker", {Role::FlushWorker, 0}},
    {"kthread_destroy_worker", {Role::DestroyWorker, 0}},
    {"allow_signal", {Role::AllowSignal, 0}},
    {"allow_kernel_signal", {Role::AllowSignal, 0}},
    {"signal_pending", {Role::SignalPending, 0}},
    // Returns early (non-zero) only when a signal is pending.
    {"msleep_interruptible", {Role::SignalPending, 0}},
    {"schedule", {Role::Schedule, 0}},
    {"io_schedule", {Role::Schedule, 0}},
    {"freezable_schedule", {Role::Schedule, 0}},
    {"schedule_timeout", {Role::Schedule, 0, S::None, /*Timeout=*/true}},
    {"io_schedule_timeout", {Role::Schedule, 0, S::None, true}},
    {"freezable_schedule_timeout", {Role::Schedule, 0, S::None, true}},
    {"schedule_hrtimeout", {Role::Schedule, 0, S::None, true}},
    {"schedule_hrtimeout_range", {Role::Schedule, 0, S::None, true}},
    {"msleep", {Role::Delay, 0}},
    {"ssleep", {Role::Delay, 0}},
    {"fsleep", {Role::Delay, 0}},
    {"usleep_range", {Role::Delay, 0}},
    {"usleep_range_state", {Role::Delay, 0}},
    // They set their own state, so a set_current_state() before them is
    // not theirs.
    {"schedule_timeout_interruptible", {Role::Delay, 0}},
    {"schedule_timeout_uninterruptible", {Role::Delay, 0}},
    {"schedule_timeout_killable", {Role::Delay, 0}},
    {"schedule_timeout_idle", {Role::Delay, 0}},
    {"complete", {Role::Complete, 0}},
    {"complete_all", {Role::Complete, 0}},
    {"wait_for_completion", {Role::WaitCompletion, 0}},
    {"wait_for_completion_io", {Role::WaitCompletion, 0}},
    // Waits: the condition is argument 1 of every form.
    {"wait_event", {Role::WaitEvent, 1, S::Uninterruptible}},
    {"wait_event_timeout", {Role::WaitEvent, 1, S::Uninterruptible, true}},
    {"wait_event_cmd", {Role::WaitEvent, 1, S::Uninterruptible}},
    {"wait_event_exclusive_cmd", {Role::WaitEvent, 1, S::Uninterruptible}},
    {"wait_event_hrtimeout", {Role::WaitEvent, 1, S::Uninterruptible, true}},
    {"wait_event_lock_irq", {Role::WaitEvent, 1, S::Uninterruptible}},
    {"wait_event_lock_irq_cmd", {Role::WaitEvent, 1, S::Uninterruptible}},
    {"wait_event_lock_irq_timeout",
     {Role::WaitEvent, 1, S::Uninterruptible, true}},
    {"io_wait_event", {Role::WaitEvent, 1, S::Uninterruptible}},
    {"wait_event_idle", {Role::WaitEvent, 1, S::Idle}},
    {"wait_event_idle_exclusive", {Role::WaitEvent, 1, S::Idle}},
    {"wait_event_idle_timeout", {Role::WaitEvent, 1, S::Idle, true}},
    {"wait_event_idle_exclusive_timeout", {Role::WaitEvent, 1, S::Idle, true}},
    {"wait_event_interruptible", {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_timeout",
     {Role::WaitEvent, 1, S::Interruptible, true}},
    {"wait_event_interruptible_hrtimeout",
     {Role::WaitEvent, 1, S::Interruptible, true}},
    {"wait_event_interruptible_exclusive",
     {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_locked", {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_locked_irq",
     {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_exclusive_locked",
     {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_exclusive_locked_irq",
     {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_lock_irq",
     {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_lock_irq_cmd",
     {Role::WaitEvent, 1, S::Interruptible}},
    {"wait_event_interruptible_lock_irq_timeout",
     {Role::WaitEvent, 1, S::Interruptible, true}},
    {"wait_event_freezable", {Role::WaitEvent, 1, S::Freezable}},
    {"wait_event_freezable_exclusive", {Role::WaitEvent, 1, S::Freezable}},
    {"wait_event_freezable_timeout", {Role::WaitEvent, 1, S::Freezable, true}},
    {"wait_event_killable", {Role::WaitEvent, 1, S::Killable}},
    {"wait_event_killable_exclusive", {Role::WaitEvent, 1, S::Killable}},
    {"wait_event_killable_timeout", {Role::WaitEvent, 1, S::Killable, true}},
    {"wait_event_state", {Role::WaitEvent, 1, S::Given}},
    // Sleeping locks. With CONFIG_DEBUG_LOCK_ALLOC the names are macros
    // around the _nested functions, which are rows too.
    {"mutex_lock", sleepLock(L::Mutex, T::Always, S::Uninterruptible)},
    {"mutex_lock_nested", sleepLock(L::Mutex, T::Always, S::Uninterruptible)},
    {"mutex_lock_io", sleepLock(L::Mutex, T::Always, S::Uninterruptible)},
    {"mutex_lock_io_nested",
     sleepLock(L::Mutex, T::Always, S::Uninterruptible)},
    {"_mutex_lock_nest_lock",
     sleepLock(L::Mutex, T::Always, S::Uninterruptible)},
    {"mutex_lock_interruptible",
     sleepLock(L::Mutex, T::OnZero, S::Interruptible)},
    {"mutex_lock_interruptible_nested",
     sleepLock(L::Mutex, T::OnZero, S::Interruptible)},
    {"mutex_lock_killable", sleepLock(L::Mutex, T::OnZero, S::Killable)},
    {"mutex_lock_killable_nested", sleepLock(L::Mutex, T::OnZero, S::Killable)},
    {"mutex_trylock", sleepLock(L::Mutex, T::OnNonZero, S::None)},
    {"mutex_unlock", sleepUnlock(L::Mutex)},
    {"down", sleepLock(L::Semaphore, T::Always, S::Uninterruptible)},
    {"down_interruptible",
     sleepLock(L::Semaphore, T::OnZero, S::Interruptible)},
    {"down_killable", sleepLock(L::Semaphore, T::OnZero, S::Killable)},
    {"down_timeout",
     sleepLock(L::Semaphore, T::OnZero, S::Uninterruptible, true)},
    {"down_trylock", sleepLock(L::Semaphore, T::OnZero, S::None)},
    {"up", sleepUnlock(L::Semaphore)},
    {"down_read", sleepLock(L::RwsemRead, T::Always, S::Uninterruptible)},
    {"down_read_nested",
     sleepLock(L::RwsemRead, T::Always, S::Uninterruptible)},
    {"down_read_interruptible",
     sleepLock(L::RwsemRead, T::OnZero, S::Interruptible)},
    {"down_read_killable", sleepLock(L::RwsemRead, T::OnZero, S::Killable)},
    {"down_read_trylock", sleepLock(L::RwsemRead, T::OnNonZero, S::None)},
    {"up_read", sleepUnlock(L::RwsemRead)},
    {"down_write", sleepLock(L::RwsemWrite, T::Always, S::Uninterruptible)},
    {"down_write_nested",
     sleepLock(L::RwsemWrite, T::Always, S::Uninterruptible)},
    {"down_write_killable", sleepLock(L::RwsemWrite, T::OnZero, S::Killable)},
    {"down_write_trylock", sleepLock(L::RwsemWrite, T::OnNonZero, S::None)},
    {"up_write", sleepUnlock(L::RwsemWrite)},
    {"cpus_read_lock",
     sleepLock(L::HotplugRead, T::Always, S::Uninterruptible)},
    {"cpus_read_trylock", sleepLock(L::HotplugRead, T::OnNonZero, S::None)},
    {"cpus_read_unlock", sleepUnlock(L::HotplugRead)},
    {"cpus_write_lock",
     sleepLock(L::HotplugWrite, T::Always, S::Uninterruptible)},
    {"cpus_write_unlock", sleepUnlock(L::HotplugWrite)},
    // Zeroing allocations (6.12's _noprof names are what the macros call).
    {"kzalloc", {Role::ZeroAlloc, 0}},
    {"kzalloc_noprof", {Role::ZeroAlloc, 0}},
    {"kzalloc_node", {Role::ZeroAlloc, 0}},
    {"kcalloc", {Role::ZeroAlloc, 0}},
    {"kvzalloc", {Role::ZeroAlloc, 0}},
    {"vzalloc", {Role::ZeroAlloc, 0}},
    {"vzalloc_noprof", {Role::ZeroAlloc, 0}},
    {"devm_kzalloc", {Role::ZeroAlloc, 0}},
    {"devm_kcalloc", {Role::ZeroAlloc, 0}},
    {"alloc_netdev_mqs", {Role::ZeroAlloc, 0}},
    {"alloc_etherdev_mqs", {Role::ZeroAlloc, 0}},
    {"devm_alloc_etherdev_mqs", {Role::ZeroAlloc, 0}},
    {"netdev_priv", {Role::PrivateArea, 0}},
    {"kfree", {Role::Free, 0}},
    {"kvfree", {Role::Free, 0}},
    {"vfree", {Role::Free, 0}},
    {"kfree_sensitive", {Role::Free, 0}},
    {"free_netdev", {Role::Free, 0}},
    {"del_timer", {Role::Unregister, 0}},
    {"del_timer_sync", {Role::Unregister, 0}},
    {"timer_delete", {Role::Unregister, 0}},
    {"timer_delete_sync", {Role::Unregister, 0}},
    {"timer_shutdown", {Role::Unregister, 0}},
    {"timer_shutdown_sync", {Role::Unregister, 0}},
    {"free_irq", {Role::Unregister, 0}},
    {"tasklet_kill", {Role::Unregister, 0}},
    {"devm_add_action", {Role::CleanupAction, 1}},
    {"devm_add_action_or_reset", {Role::CleanupAction, 1}},
    {"__devm_add_action", {Role::CleanupAction, 1}},
    {"__devm_add_action_or_ireset", {Role::CleanupAction, 1}},
    // Atomic context. Macros and the functions they expand to are both
    // rows: the call is recognised by its callee, the message names the
    // macro the user wrote (spin_lock_irqsave, not _raw_spin_lock_irqsave).
    {"spin_lock", atomic(Role::AtomicEnter, A::Spinlock)},
    {"spin_lock_bh", atomic(Role::AtomicEnter, A::Spinlock)},
    {"spin_lock_irq", atomic(Role::AtomicEnter, A::Spinlock)},
    {"spin_lock_irqsave", atomic(Role::AtomicEnter, A::Spinlock)},
    {"spin_lock_nested", atomic(Role::AtomicEnter, A::Spinlock)},
    {"spin_lock_irqsave_nested", atomic(Role::AtomicEnter, A::Spinlock)},
    {"raw_spin_lock", atomic(Role::AtomicEnter, A::Spinlock)},
    {"raw_spin_lock_bh", atomic(Role::AtomicEnter, A::Spinlock)},
    {"raw_spin_lock_irq", atomic(Role::AtomicEnter, A::Spinlock)},
    {"raw_spin_lock_irqsave", atomic(Role::AtomicEnter, A::Spinlock)},
    {"raw_spin_lock_nested", atomic(Role::AtomicEnter, A::Spinlock)},
    {"_raw_spin_lock", atomic(Role::AtomicEnter, A::Spinlock)},
    {"_raw_spin_lock_bh", atomic(Role::AtomicEnter, A::Spinlock)},
    {"_raw_spin_lock_irq", atomic(Role::AtomicEnter, A::Spinlock)},
    {"_raw_spin_lock_irqsave", atomic(Role::AtomicEnter, A::Spinlock)},
    {"_raw_spin_lock_nested", atomic(Role::AtomicEnter, A::Spinlock)},
    {"_raw_spin_lock_irqsave_nested", atomic(Role::AtomicEnter, A::Spinlock)},
    {"read_lock", atomic(Role::AtomicEnter, A::Rwlock)},
    {"read_lock_bh", atomic(Role::AtomicEnter, A::Rwlock)},
    {"read_lock_irq", atomic(Role::AtomicEnter, A::Rwlock)},
    {"read_lock_irqsave", atomic(Role::AtomicEnter, A::Rwlock)},
    {"write_lock", atomic(Role::AtomicEnter, A::Rwlock)},
    {"write_lock_bh", atomic(Role::AtomicEnter, A::Rwlock)},
    {"write_lock_irq", atomic(Role::AtomicEnter, A::Rwlock)},
    {"write_lock_irqsave", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_read_lock", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_read_lock_bh", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_read_lock_irq", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_read_lock_irqsave", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_write_lock", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_write_lock_bh", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_write_lock_irq", atomic(Role::AtomicEnter, A::Rwlock)},
    {"_raw_write_lock_irqsave", atomic(Role::AtomicEnter, A::Rwlock)},
    {"spin_unlock", atomic(Role::AtomicExit, A::Spinlock)},
    {"spin_unlock_bh", atomic(Role::AtomicExit, A::Spinlock)},
    {"spin_unlock_irq", atomic(Role::AtomicExit, A::Spinlock)},
    {"spin_unlock_irqrestore", atomic(Role::AtomicExit, A::Spinlock)},
    {"raw_spin_unlock", atomic(Role::AtomicExit, A::Spinlock)},
    {"raw_spin_unlock_bh", atomic(Role::AtomicExit, A::Spinlock)},
    {"raw_spin_unlock_irq", atomic(Role::AtomicExit, A::Spinlock)},
    {"raw_spin_unlock_irqrestore", atomic(Role::AtomicExit, A::Spinlock)},
    {"_raw_spin_unlock", atomic(Role::AtomicExit, A::Spinlock)},
    {"_raw_spin_unlock_bh", atomic(Role::AtomicExit, A::Spinlock)},
    {"_raw_spin_unlock_irq", atomic(Role::AtomicExit, A::Spinlock)},
    {"_raw_spin_unlock_irqrestore", atomic(Role::AtomicExit, A::Spinlock)},
    {"read_unlock", atomic(Role::AtomicExit, A::Rwlock)},
    {"read_unlock_bh", atomic(Role::AtomicExit, A::Rwlock)},
    {"read_unlock_irq", atomic(Role::AtomicExit, A::Rwlock)},
    {"read_unlock_irqrestore", atomic(Role::AtomicExit, A::Rwlock)},
    {"write_unlock", atomic(Role::AtomicExit, A::Rwlock)},
    {"write_unlock_bh", atomic(Role::AtomicExit, A::Rwlock)},
    {"write_unlock_irq", atomic(Role::AtomicExit, A::Rwlock)},
    {"write_unlock_irqrestore", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_read_unlock", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_read_unlock_bh", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_read_unlock_irq", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_read_unlock_irqrestore", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_write_unlock", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_write_unlock_bh", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_write_unlock_irq", atomic(Role::AtomicExit, A::Rwlock)},
    {"_raw_write_unlock_irqrestore", atomic(Role::AtomicExit, A::Rwlock)},
    {"spin_trylock", atomic(Role::AtomicTry, A::Spinlock)},
    {"spin_trylock_bh", atomic(Role::AtomicTry, A::Spinlock)},
    {"raw_spin_trylock", atomic(Role::AtomicTry, A::Spinlock)},
    {"_raw_spin_trylock", atomic(Role::AtomicTry, A::Spinlock)},
    {"read_trylock", atomic(Role::AtomicTry, A::Rwlock)},
    {"write_trylock", atomic(Role::AtomicTry, A::Rwlock)},
    {"_raw_read_trylock", atomic(Role::AtomicTry, A::Rwlock)},
    {"_raw_write_trylock", atomic(Role::AtomicTry, A::Rwlock)},
    // local_irq_save() and friends are macros around the arch_ functions.
    {"local_irq_save", atomic(Role::AtomicEnter, A::IrqsOff)},
    {"local_irq_disable", atomic(Role::AtomicEnter, A::IrqsOff)},
    {"arch_local_irq_save", atomic(Role::AtomicEnter, A::IrqsOff)},
    {"arch_local_irq_disable", atomic(Role::AtomicEnter, A::IrqsOff)},
    {"local_irq_restore", atomic(Role::AtomicExit, A::IrqsOff)},
    {"local_irq_enable", atomic(Role::AtomicExit, A::IrqsOff)},
    {"arch_local_irq_restore", atomic(Role::AtomicExit, A::IrqsOff)},
    {"arch_local_irq_enable", atomic(Role::AtomicExit, A::IrqsOff)},
    {"local_bh_disable", atomic(Role::AtomicEnter, A::BhOff)},
    {"local_bh_enable", atomic(Role::AtomicExit, A::BhOff)},
    // preempt_disable() and get_cpu() are macros around these.
    {"preempt_disable", atomic(Role::AtomicEnter, A::PreemptOff)},
    {"get_cpu", atomic(Role::AtomicEnter, A::PreemptOff)},
    {"preempt_count_add", atomic(Role::AtomicEnter, A::PreemptOff)},
    {"__preempt_count_add", atomic(Role::AtomicEnter, A::PreemptOff)},
    {"preempt_enable", atomic(Role::AtomicExit, A::PreemptOff)},
    {"put_cpu", atomic(Role::AtomicExit, A::PreemptOff)},
    {"preempt_count_sub", atomic(Role::AtomicExit, A::PreemptOff)},
    {"__preempt_count_sub", atomic(Role::AtomicExit, A::PreemptOff)},
    {"__preempt_count_dec_and_test", atomic(Role::AtomicExit, A::PreemptOff)},
    {"rcu_read_lock", atomic(Role::AtomicEnter, A::Rcu)},
    {"rcu_read_lock_bh", atomic(Role::AtomicEnter, A::Rcu)},
    {"rcu_read_lock_sched", atomic(Role::AtomicEnter, A::Rcu)},
    {"rcu_read_unlock", atomic(Role::AtomicExit, A::Rcu)},
    {"rcu_read_unlock_bh", atomic(Role::AtomicExit, A::Rcu)},
    {"rcu_read_unlock_sched", atomic(Role::AtomicExit, A::Rcu)},
    // Callbacks that run in atomic context; Arg is the callback. A threaded
    // interrupt's thread function (request_threaded_irq's argument 2) may
    // sleep. timer_setup() expands to init_timer_key().
    {"request_irq", atomic(Role::AtomicCallback, A::HardIrq, 1)},
    {"request_threaded_irq", atomic(Role::AtomicCallback, A::HardIrq, 1)},
    {"devm_request_irq", atomic(Role::AtomicCallback, A::HardIrq, 2)},
    {"devm_request_threaded_irq", atomic(Role::AtomicCallback, A::HardIrq, 2)},
    {"timer_setup", atomic(Role::AtomicCallback, A::Timer, 1)},
    {"init_timer_key", atomic(Role::AtomicCallback, A::Timer, 1)},
    {"tasklet_init", atomic(Role::AtomicCallback, A::Tasklet, 1)},
    {"tasklet_setup", atomic(Role::AtomicCallback, A::Tasklet, 1)},
};

} // namespace

bool stopEndsSleep(SleepState State, bool InterruptibleEndsOnStop) {
  return InterruptibleEndsOnStop &&
         (State == SleepState::Interruptible || State == SleepState::Freezable);
}

llvm::StringRef describeAtomic(AtomicKind Kind) {
  switch (Kind) {
  case AtomicKind::Spinlock:
    return "spinlock";
  case AtomicKind::Rwlock:
    return "rwlock";
  case AtomicKind::IrqsOff:
    return "interrupts disabled";
  case AtomicKind::BhOff:
    return "bottom halves disabled";
  case AtomicKind::PreemptOff:
    return "preemption disabled";
  case AtomicKind::Rcu:
    return "RCU read-side section";
  case AtomicKind::HardIrq:
    return "interrupt handler";
  case AtomicKind::Timer:
    return "timer callback";
  case AtomicKind::Tasklet:
    return "tasklet";
  case AtomicKind::None:
    break;
  }
  return "";
}

llvm::StringRef describeSleepLock(SleepLockKind Kind) {
  switch (Kind) {
  case SleepLockKind::Mutex:
    return "mutex";
  case SleepLockKind::Semaphore:
    return "semaphore";
  case SleepLockKind::RwsemRead:
    return "rw_semaphore (read)";
  case SleepLockKind::RwsemWrite:
    return "rw_semaphore (write)";
  case SleepLockKind::HotplugRead:
    return "CPU-hotplug lock (read)";
  case SleepLockKind::HotplugWrite:
    return "CPU-hotplug lock (write)";
  case SleepLockKind::None:
    break;
  }
  return "";
}

bool excludes(SleepLockKind Held, SleepLockKind Wanted) {
  auto Reads = [](SleepLockKind K) {
    return K == SleepLockKind::RwsemRead || K == SleepLockKind::HotplugRead;
  };
  return !(Reads(Held) && Reads(Wanted));
}

bool isGlobalLock(SleepLockKind Kind) {
  return Kind == SleepLockKind::HotplugRead ||
         Kind == SleepLockKind::HotplugWrite;
}

bool dereferencesTask(Role R) {
  switch (R) {
  case Role::Wake:
  case Role::Pin:
  case Role::Unpin:
  case Role::Park:
  case Role::Unpark:
  case Role::Bind:
  case Role::TaskUse:
    return true;
  default:
    return false;
  }
}

bool roleSleeps(Role R) {
  return R == Role::Stop || R == Role::StopPut || R == Role::Park ||
         R == Role::FlushWorker || R == Role::DestroyWorker || R == Role::Sleep;
}

std::string ApiOptions::fingerprint() const {
  std::string Key;
  for (const std::vector<std::string> *List :
       {&CreateFunctions, &RunFunctions, &CreateWorkerFunctions, &StopFunctions,
        &StopCheckFunctions, &ErrCheckFunctions, &WakeFunctions, &LockFunctions,
        &UnlockFunctions, &SleepingFunctions, &SleepingLockFunctions,
        &SleepingUnlockFunctions})
    Key += llvm::join(*List, ";") + "|";
  return Key + FactsDatabase;
}

KthreadApi::KthreadApi(const ApiOptions &Extra) {
  for (const Row &R : BuiltinRows)
    add(R.Name, R.Entry, /*Replace=*/true);
  auto AddAll = [&](const std::vector<std::string> &Names, Role R) {
    for (const std::string &Name : Names)
      add(Name, {R, 0}, /*Replace=*/false);
  };
  AddAll(Extra.CreateFunctions, Role::CreateSleeping);
  AddAll(Extra.RunFunctions, Role::CreateRunning);
  AddAll(Extra.CreateWorkerFunctions, Role::CreateWorker);
  AddAll(Extra.StopFunctions, Role::Stop);
  AddAll(Extra.StopCheckFunctions, Role::ShouldStop);
  AddAll(Extra.ErrCheckFunctions, Role::ErrCheck);
  AddAll(Extra.WakeFunctions, Role::Wake);
  for (const std::string &Name : Extra.LockFunctions)
    add(Name, atomic(Role::AtomicEnter, AtomicKind::Spinlock),
        /*Replace=*/false);
  for (const std::string &Name : Extra.UnlockFunctions)
    add(Name, atomic(Role::AtomicExit, AtomicKind::Spinlock),
        /*Replace=*/false);
  AddAll(Extra.SleepingFunctions, Role::Sleep);
  for (const std::string &Name : Extra.SleepingLockFunctions)
    add(Name,
        sleepLock(SleepLockKind::Mutex, LockTaken::Always,
                  SleepState::Uninterruptible),
        /*Replace=*/false);
  for (const std::string &Name : Extra.SleepingUnlockFunctions)
    add(Name, sleepUnlock(SleepLockKind::Mutex), /*Replace=*/false);
}

void KthreadApi::add(llvm::StringRef Name, ApiEntry Entry, bool Replace) {
  if (Name.empty())
    return;
  auto [It, Inserted] = Rows.try_emplace(Name, Entry);
  if (!Inserted && Replace)
    It->second = Entry;
}

const ApiEntry *KthreadApi::lookup(llvm::StringRef Name) const {
  auto It = Rows.find(Name);
  return It == Rows.end() ? nullptr : &It->second;
}

const ApiEntry *KthreadApi::lookup(const clang::CallExpr *Call) const {
  llvm::StringRef Name = calleeName(Call);
  return Name.empty() ? nullptr : lookup(Name);
}

bool KthreadApi::is(const clang::CallExpr *Call, Role R) const {
  const ApiEntry *E = lookup(Call);
  return E && E->What == R;
}

std::vector<std::string>
KthreadApi::namesOf(std::initializer_list<Role> Roles) const {
  std::vector<std::string> Names;
  for (const auto &Entry : Rows)
    if (llvm::is_contained(Roles, Entry.second.What))
      Names.push_back(Entry.getKey().str());
  llvm::sort(Names);
  return Names;
}

llvm::StringRef calleeName(const clang::CallExpr *Call) {
  if (const clang::FunctionDecl *Callee = Call->getDirectCallee())
    if (const clang::IdentifierInfo *Name = Callee->getIdentifier())
      return Name->getName();
  return {};
}

std::string nameAsWritten(const clang::CallExpr *Call, const KthreadApi &Api,
                          const clang::ASTContext &Ctx) {
  const clang::SourceManager &SM = Ctx.getSourceManager();
  const ApiEntry *Entry = Api.lookup(Call);
  std::string Name = calleeName(Call).str();
  for (clang::SourceLocation Loc = Call->getBeginLoc(); Loc.isMacroID();
       Loc = SM.getImmediateMacroCallerLoc(Loc)) {
    llvm::StringRef Macro =
        clang::Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    const ApiEntry *Row = Api.lookup(Macro);
    if (Entry && Row && Row->What == Entry->What)
      Name = Macro.str();
  }
  return Name;
}

} // namespace kthread
