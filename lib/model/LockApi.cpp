//===--- LockApi.cpp - Sleeping locks -------------------------------------===//
//
// Mutexes, binary semaphores, rw_semaphores and the CPU-hotplug lock, with
// the kernel's fairness where it decides a deadlock: a reader that finds a
// writer queued waits behind it (rwsem's handoff, percpu_rw_semaphore's
// readers_block), so two readers can deadlock through a third task. A task
// that cannot take a lock sleeps uninterruptibly, or interruptibly for the
// _interruptible forms, which kthread_stop()'s TIF_NOTIFY_SIGNAL ends with
// -EINTR (Linux 6.1); killable waits ignore it. Taking a lock is a
// preemption point, so the explorer tries the schedules in which another
// task takes it first.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <algorithm>

extern "C" {
#include "include/model/abi.h"
}

using namespace kthread_model;

char model_cpu_hotplug_lock;

namespace kthread_model {

bool SleepingLock::free(bool Shared) const {
  if (Writer)
    return false;
  if (!Shared)
    return Readers.empty();
  return std::none_of(Waiters.begin(), Waiters.end(),
                      [](const auto &W) { return !W.second; });
}

/// Whether \p T holds the lock at \p Lock, and where it took it.
static const Site *heldBy(const Task *T, const void *Lock) {
  for (const auto &[Held, Where] : T->Locks)
    if (Held == Lock)
      return &Where;
  return nullptr;
}

bool Kernel::reportLockDeadlock(Task *T) {
  Task *Stopper = T->Stopper;
  const Site *Taken =
      T->WaitsForLock && Stopper ? heldBy(Stopper, T->WaitsForLock) : nullptr;
  if (!Taken)
    return false;
  Report("stop-deadlock", "kthread_stop() at " + T->StopSite.str() +
                              " never returns: " + describe(T) + " waits in '" +
                              T->SleepApi + "' at " + T->LockWaitSite.str() +
                              " for the lock its stopper took at " +
                              Taken->str())
      .site("site", T->StopSite)
      .stack("site", T->StopStack)
      .site("site", *Taken)
      .site("site", T->LockWaitSite)
      .stack("site", T->LockWaitStack)
      .emit();
  return true;
}

} // namespace kthread_model

extern "C" {

int model_lock(const void *Lock, int Shared, int Wait, const char *Api,
               const char *File, int Line) {
  Kernel &K = Kernel::get();
  Task *Me = K.Current;
  Site S = at(File, Line);
  K.preemptPoint();
  SleepingLock &L = K.Locks[Lock];
  for (;;) {
    if (L.free(Shared)) {
      if (Shared)
        L.Readers.push_back(Me);
      else
        L.Writer = Me;
      Me->Locks.emplace_back(Lock, S);
      return Wait == MODEL_WAIT_TRY ? 1 : 0;
    }
    if (Wait == MODEL_WAIT_TRY)
      return 0;
    unsigned State = Wait == MODEL_WAIT_INTERRUPTIBLE ? TaskInterruptible
                     : Wait == MODEL_WAIT_KILLABLE
                         ? TaskUninterruptible | TaskWakekill
                         : TaskUninterruptible;
    if (K.signalPendingState(State, Me))
      return -EIntr;
    L.Waiters.emplace_back(Me, Shared != 0);
    Me->WaitsForLock = Lock;
    Me->LockWaitSite = S;
    Me->LockWaitStack = captureStack();
    Me->Ts->__state = State;
    Me->SleepApi = Api;
    Me->SleepSite = S;
    K.log("waits for a lock in %s at %s\n", Api, S.str().c_str());
    K.block();
    Me->Ts->__state = TaskRunning;
    Me->WaitsForLock = nullptr;
    auto Mine = std::find_if(L.Waiters.begin(), L.Waiters.end(),
                             [&](const auto &W) { return W.first == Me; });
    if (Mine != L.Waiters.end())
      L.Waiters.erase(Mine);
  }
}

void model_unlock(const void *Lock, const char *File, int Line) {
  Kernel &K = Kernel::get();
  Task *Me = K.Current;
  SleepingLock &L = K.Locks[Lock];
  if (L.Writer == Me)
    L.Writer = nullptr;
  else if (auto It = std::find(L.Readers.begin(), L.Readers.end(), Me);
           It != L.Readers.end())
    L.Readers.erase(It);
  auto Held = std::find_if(Me->Locks.rbegin(), Me->Locks.rend(),
                           [&](const auto &H) { return H.first == Lock; });
  if (Held != Me->Locks.rend())
    Me->Locks.erase(std::next(Held).base());
  // Every waiter tries again, in order; those that still cannot take it
  // sleep again.
  for (const auto &[Waiter, Reads] : L.Waiters)
    K.tryToWake(Waiter, TaskNormal);
}

} // extern "C"
