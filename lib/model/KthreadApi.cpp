//===--- KthreadApi.cpp - kthread_*, task references and sleeping ---------===//
//
// The kernel-thread API with Linux 6.1's semantics:
//  - a created thread sleeps in kthread() until its first wake-up; a stop
//    before that ends it with -EINTR without running its function;
//  - kthread_stop() pins the task, sets the stop flag, unparks it, sets
//    TIF_NOTIFY_SIGNAL (so interruptible sleeps end: signal_pending() is
//    true for the rest of the thread's life), wakes it and waits for the
//    completion its exit signals once, then drops its pin: a second stop of
//    a pinned, exited task waits for good;
//  - an exited task that nobody pins is freed at once; a freed task is
//    poisoned, and every later use is a verdict naming why it was freed.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>

extern "C" {
#include "include/model/abi.h"
}

using namespace kthread_model;

namespace {

bool isStop(const char *Api) { return strncmp(Api, "kthread_stop", 12) == 0; }

std::string formatName(const char *Fmt, va_list Ap) {
  char Buf[64];
  vsnprintf(Buf, sizeof(Buf), Fmt, Ap);
  return Buf;
}

} // namespace

namespace kthread_model {

/// The evidence that an ERR_PTR came from this run's failed creation: the
/// creation, and the path the creating task took from there.
void addFaultEvidence(Report &R, std::string &Why) {
  Kernel &K = Kernel::get();
  if (!K.FaultSeen)
    return;
  Why = " (the ERR_PTR of the failed '" + std::string(K.FaultApi) + "' at " +
        K.FaultSite.str() + ")";

  if (K.Current == K.FaultTask) {
    R.pcs("errpath", K.FaultTask->pathSince(K.FaultSeq, 512));
    R.stack("fn", K.FaultStack);
  }
}

void reportErrPtr(const void *P, const char *Api, const char *What, Site S) {
  Report R("err-ptr-task", "");
  std::string Why;
  addFaultEvidence(R, Why);
  R.Message = "'" + std::string(Api) + "' at " + S.str() +
              " is given ERR_PTR(" + std::to_string(reinterpret_cast<long>(P)) +
              ") as a " + What + Why +
              ": the kernel dereferences it and oopses";
  R.site("site", S).stack("site", captureStack()).emit();
}

Task *Kernel::lookup(struct task_struct *Ts, const char *Api, Site S) {
  if (!Ts) {
    Report("null-task", "'" + std::string(Api) + "' at " + S.str() +
                            " is given a NULL task: the kernel oopses")
        .site("site", S)
        .stack("site", captureStack())
        .emit();
    return nullptr;
  }
  if (isErr(Ts)) {
    reportErrPtr(Ts, Api, "task", S);
    return nullptr;
  }
  auto It = ByTs.find(Ts);
  if (It == ByTs.end() || !It->second->IsKthread) {
    Report("bad-task", "'" + std::string(Api) + "' at " + S.str() +
                           " is given a pointer that is not a kernel thread")
        .site("site", S)
        .stack("site", captureStack())
        .emit();
    return nullptr;
  }
  Task *T = It->second;
  if (!T->Freed)
    return T;
  std::string Use = "'" + std::string(Api) + "' at " + S.str();
  if (T->Cause == FreeCause::AfterStop && isStop(Api)) {
    Report("double-stop",
           Use + " stops " + describe(T) + " again: the kthread_stop() at " +
               T->FreeSite.str() +
               " already waited for it to exit, and its task_struct was "
               "freed then (use-after-free)")
        .site("site", S)
        .stack("site", captureStack())
        .site("first", T->FreeSite)
        .stack("first", T->FreeStack)
        .emit();
  } else if (T->Cause == FreeCause::SelfExit) {
    std::string How =
        T->ExitApi
            ? "called '" + std::string(T->ExitApi) + "' at " + T->ExitSite.str()
            : "returned " + std::to_string(T->Result) + " from its function";
    Report R(isStop(Api) ? "stop-after-exit" : "use-after-free",
             Use + " uses the task_struct of " + describe(T) +
                 ", which was freed when the thread " + How + " at jiffy " +
                 std::to_string(T->ExitJiffies) +
                 " before any kthread_stop() (use-after-free)");
    if (T->ExitApi)
      R.site("site", T->ExitSite).stack("site", T->ExitStack);
    R.pcs("path", T->ExitPath)
        .pcs("fn", {reinterpret_cast<uintptr_t>(T->Fn)})
        .site("use", S)
        .stack("use", captureStack())
        .emit();
  } else if (T->FreedByStop) {
    Report("use-after-stop", Use + " uses the task_struct of " + describe(T) +
                                 ", freed when the kthread_stop() at " +
                                 T->FreeSite.str() +
                                 " returned (use-after-free)")
        .site("site", S)
        .stack("site", captureStack())
        .stack("freed", T->FreeStack)
        .emit();
  } else {
    Report("use-after-free", Use + " uses the freed task_struct of " +
                                 describe(T) + " (freed at " +
                                 T->FreeSite.str() + ")")
        .site("site", S)
        .stack("site", captureStack())
        .emit();
  }
  return nullptr;
}

void Kernel::maybeFree(Task *T, FreeCause Cause, Site S) {
  if (!T->Exited || T->Pins > 0 || T->Freed)
    return;
  T->Freed = true;
  T->Cause = Cause;
  T->FreeSite = S;
  if (Cause == FreeCause::AfterStop)
    T->FreeStack = captureStack();
  void *Keep = T->Ts->model_task;
  memset(const_cast<task_struct *>(T->Ts), 0x6b, sizeof(task_struct));
  T->Ts->model_task = Keep;
  log("%s freed\n", describe(T).c_str());
}

int Kernel::stop(Task *T, Site S, const char *Api) {
  Task *Me = Current;
  ++T->Pins;
  T->ShouldStop = true;
  if (StopInterruptsSleep)
    T->NotifySignal = true;
  T->ShouldPark = false;
  if (T->Parked)
    tryToWake(T, TaskParked);
  T->Stopper = Me;
  T->StopSite = S;
  T->StopStart = Jiffies;
  T->StopStartSteps = T->Steps;
  T->StopSeq = Seq;
  T->StopStack = captureStack();
  T->ReSleepApi = nullptr;
  tryToWake(T, TaskNormal);
  Me->Awaiting = T;
  // wait_for_completion(&kthread->exited): returns once the exit has
  // completed it, and takes the completion with it (done--). An exited
  // thread whose completion an earlier stop took completes it never again.
  bool Consumed = false;
  bool NeverCompleted = false;
  for (;;) {
    if (T->ExitDone) {
      --T->ExitDone;
      Consumed = true;
      break;
    }
    if (T->Hung)
      break;
    if (T->Exited) {
      NeverCompleted = true;
      break;
    }
    Me->Ts->__state = TaskUninterruptible;
    Me->SleepApi = "kthread_stop";
    Me->SleepSite = S;
    block();
  }
  Me->Ts->__state = TaskRunning;
  Me->Awaiting = nullptr;
  T->Stopper = nullptr;
  int Ret = -EIntr;
  if (Consumed) {
    T->ExitConsumedApi = Api;
    T->ExitConsumedSite = S;
    T->ExitConsumedStack = captureStack();
    Ret = T->Result;
    if (T->ReSleepApi && T->ExitJiffies > T->StopStart) {
      bool Wait = strncmp(T->ReSleepApi, "wait_event", 10) == 0;
      Report(Wait ? "stop-delayed-wait" : "stop-delayed-sleep",
             "kthread_stop() at " + S.str() + " waited " +
                 std::to_string(T->ExitJiffies - T->StopStart) +
                 " jiffies: after the stop woke " + describe(T) +
                 ", it slept again in '" + T->ReSleepApi + "' at " +
                 T->ReSleepSite.str() + " until its time-out")
          .site("site", T->ReSleepSite)
          .stack("site", T->ReSleepStack)
          .emit();
    }
  } else if (NeverCompleted) {
    // A hang like the others: reported, not waited for. The stop then
    // returns -EINTR and drops its pin as if it had returned.
    std::string First = T->ExitConsumedApi
                            ? "the " + std::string(T->ExitConsumedApi) +
                                  "() at " + T->ExitConsumedSite.str()
                            : "another kthread_stop()";
    Report("stop-hang-exited",
           std::string(Api) + "() at " + S.str() + " never returns: " +
               describe(T) + " already exited, and " + First +
               " consumed its exit completion, which the exit signals only "
               "once")
        .site("site", S)
        .stack("site", captureStack())
        .site("first", T->ExitConsumedSite)
        .stack("first", T->ExitConsumedStack)
        .emit();
  }
  --T->Pins;
  maybeFree(T, FreeCause::AfterStop, S);
  T->FreedByStop = T->Freed;
  return Ret;
}

} // namespace kthread_model

extern "C" {

struct task_struct *model_kthread_create(int (*Fn)(void *), void *Data, int Cpu,
                                         const char *Api, const char *File,
                                         int Line, const char *NameFmt, ...) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Site S = at(File, Line);
  if (K.faultPoint(Api, S)) {
    int Error = K.creationError(Api, S);
    K.log("%s at %s fails with %d\n", Api, S.str().c_str(), -Error);
    return reinterpret_cast<struct task_struct *>(-static_cast<long>(Error));
  }
  va_list Ap;
  va_start(Ap, NameFmt);
  std::string Name = formatName(NameFmt, Ap);
  va_end(Ap);
  Task *T = K.newTask(Name, true);
  T->Fn = Fn;
  T->Data = Data;
  T->CreateApi = Api;
  T->CreateSite = S;
  T->CreateStack = captureStack();
  T->Creator = K.Current;
  T->CreateSeq = K.Seq;
  T->Ts->__state = TaskUninterruptible;
  T->Blocked = true;
  K.log("%s creates %s at %s\n", Api, describe(T).c_str(), S.str().c_str());
  return T->Ts;
}

int model_wake_up_process(struct task_struct *Ts, const char *File, int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Task *T = K.lookup(Ts, "wake_up_process", at(File, Line));
  if (T && !T->WakeSite)
    T->WakeSite = at(File, Line);
  return T ? K.tryToWake(T, TaskNormal) : 0;
}

void model_kthread_bind(struct task_struct *Ts, unsigned int Cpu,
                        const char *File, int Line) {
  Kernel &K = Kernel::get();
  Site S = at(File, Line);
  Task *T = K.lookup(Ts, "kthread_bind", S);
  // __kthread_bind_mask(): wait_task_inactive(p, TASK_UNINTERRUPTIBLE) is 0
  // unless the task is off the CPU in that state, and then it WARNs and
  // leaves the task unbound. A created task sleeps so in kthread() until
  // its first wake-up.
  if (!T || !T->Woken ||
      (T->Blocked && (T->Ts->__state & TaskUninterruptible)))
    return;
  Report("bind-after-start",
         "kthread_bind() at " + S.str() + " of " + describe(T) +
             ", woken at " + T->WakeSite.str() +
             " and not asleep in TASK_UNINTERRUPTIBLE: WARNING in "
             "__kthread_bind_mask(), the thread stays unbound")
      .site("site", S)
      .stack("site", captureStack())
      .site("start", T->WakeSite)
      .emit();
}

int model_kthread_stop(struct task_struct *Ts, int Put, const char *File,
                       int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Site S = at(File, Line);
  const char *Api = Put ? "kthread_stop_put" : "kthread_stop";
  K.mightSleepIn(Api, S);
  Task *T = K.lookup(Ts, Api, S);
  if (!T)
    return -EIntr;
  int Ret = K.stop(T, S, Api);
  if (Put)
    model_put_task_struct(Ts, File, Line);
  return Ret;
}

int model_kthread_should_stop(const char *File, int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Task *T = K.Current;
  if (!T || !T->IsKthread)
    return 0;
  T->LastStopTestSeq = K.Seq;
  T->InterruptedSite = Site();
  return T->ShouldStop;
}

int model_kthread_freezable_should_stop(bool *WasFrozen, const char *File,
                                        int Line) {
  if (WasFrozen)
    *WasFrozen = false;
  return model_kthread_should_stop(File, Line);
}

int model_kthread_should_park(const char *File, int Line) {
  Task *T = Kernel::get().Current;
  return T && T->ShouldPark;
}

void *model_kthread_data(struct task_struct *Ts, const char *File, int Line) {
  Task *T = Kernel::get().lookup(Ts, "kthread_data", at(File, Line));
  return T ? T->Data : nullptr;
}

void model_kthread_parkme(const char *File, int Line) {
  Kernel &K = Kernel::get();
  Task *T = K.Current;
  while (T->ShouldPark) {
    T->Parked = true;
    T->Ts->__state = TaskParked;
    T->SleepApi = "kthread_parkme";
    for (auto &Other : K.Tasks)
      if (Other->Awaiting == T)
        K.enqueue(Other.get());
    K.block();
  }
  T->Parked = false;
  T->Ts->__state = TaskRunning;
}

int model_kthread_park(struct task_struct *Ts, const char *File, int Line) {
  Kernel &K = Kernel::get();
  Site S = at(File, Line);
  K.mightSleepIn("kthread_park", S);
  Task *T = K.lookup(Ts, "kthread_park", S);
  if (!T)
    return -EIntr;
  if (T->Exited)
    return -ENoSys;
  if (T->ShouldPark)
    return -16;
  T->ShouldPark = true;
  Task *Me = K.Current;
  if (T == Me)
    return 0;
  K.tryToWake(T, TaskNormal);
  Me->Awaiting = T;
  // wait_for_completion(&kthread->parked): only __kthread_parkme()
  // completes it, so a thread that exits instead of parking leaves the
  // caller asleep for good.
  int Ret = 0;
  while (!T->Parked && !T->Hung) {
    if (T->Exited) {
      std::string How = T->ExitApi ? "called '" + std::string(T->ExitApi) +
                                         "' at " + T->ExitSite.str()
                                   : "returned " + std::to_string(T->Result) +
                                         " from its function";
      Report("park-hang-exited",
             "kthread_park() at " + S.str() + " never returns: " + describe(T) +
                 " " + How +
                 " without parking, and only kthread_parkme() completes "
                 "the completion kthread_park() waits for")
          .site("site", S)
          .stack("site", captureStack())
          .emit();
      Ret = -EIntr;
      break;
    }
    Me->Ts->__state = TaskUninterruptible;
    Me->SleepApi = "kthread_park";
    Me->SleepSite = S;
    K.block();
  }
  Me->Ts->__state = TaskRunning;
  Me->Awaiting = nullptr;
  return Ret;
}

void model_kthread_unpark(struct task_struct *Ts, const char *File, int Line) {
  Kernel &K = Kernel::get();
  Task *T = K.lookup(Ts, "kthread_unpark", at(File, Line));
  if (!T)
    return;
  T->ShouldPark = false;
  if (T->Parked)
    K.tryToWake(T, TaskParked);
}

void model_kthread_exit(long Code, struct completion *Comp, const char *Api,
                        const char *File, int Line) {
  Kernel &K = Kernel::get();
  Task *T = K.Current;
  Site S = at(File, Line);
  if (!T->IsKthread) {
    Report("oops", "'" + std::string(Api) + "' at " + S.str() +
                       " runs outside a kernel thread")
        .site("site", S)
        .emit();
    K.ScenarioDone = true;
    K.exitCurrent(static_cast<int>(Code));
  }
  T->ExitApi = Api;
  T->ExitSite = S;
  T->ExitStack = captureStack();
  T->ExitPath = T->pathSince(T->LastStopTestSeq, 256);
  if (Comp)
    model_complete(Comp, 0, File, Line);
  K.exitCurrent(static_cast<int>(Code));
}

struct task_struct *model_get_task_struct(struct task_struct *Ts,
                                          const char *File, int Line) {
  Task *T = Kernel::get().lookup(Ts, "get_task_struct", at(File, Line));
  if (T) {
    ++T->Pins;
    ++T->Ts->usage;
  }
  return Ts;
}

void model_put_task_struct(struct task_struct *Ts, const char *File, int Line) {
  Kernel &K = Kernel::get();
  Site S = at(File, Line);
  Task *T = K.lookup(Ts, "put_task_struct", S);
  if (!T)
    return;
  if (T->Pins == 0) {
    Report("refcount-underflow", "put_task_struct() at " + S.str() +
                                     " drops a reference to " + describe(T) +
                                     " that nobody took")
        .site("site", S)
        .stack("site", captureStack())
        .emit();
    return;
  }
  --T->Pins;
  --T->Ts->usage;
  K.maybeFree(T, T->ShouldStop ? FreeCause::AfterStop : FreeCause::SelfExit, S);
}

void model_task_use(struct task_struct *Ts, const char *Api, const char *File,
                    int Line) {
  Kernel::get().lookup(Ts, Api, at(File, Line));
}

struct task_struct *model_get_current(void) {
  Task *T = Kernel::get().Current;
  return T ? T->Ts : nullptr;
}

void model_set_current_state(unsigned int State, const char *File, int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  K.Current->Ts->__state = State;
  if (State != TaskRunning) {
    K.Current->StateSite = at(File, Line);
    K.Current->StateStack = captureStack();
  }
}

static void noteSleep(const char *Api, Site S) {
  Task *T = Kernel::get().Current;
  // A schedule() inside a wait_event*() belongs to that wait.
  if (T->WaitApi && T->WaitSite.Line == S.Line && T->WaitSite.File && S.File &&
      strcmp(T->WaitSite.File, S.File) == 0)
    return;
  T->WaitApi = nullptr;
  T->SleepApi = Api;
  T->SleepSite = S;
}

void model_schedule(const char *File, int Line) {
  Kernel &K = Kernel::get();
  noteSleep("schedule", at(File, Line));
  K.schedule();
}

long model_schedule_timeout(long Timeout, int State, const char *File,
                            int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  if (State >= 0)
    K.Current->Ts->__state = State;
  noteSleep("schedule_timeout", at(File, Line));
  return K.scheduleTimeout(Timeout);
}

void model_msleep(unsigned int Msecs, const char *File, int Line) {
  Kernel &K = Kernel::get();
  long Timeout = (Msecs + 3) / 4 + 1;
  while (Timeout) {
    K.Current->Ts->__state = TaskUninterruptible;
    noteSleep("msleep", at(File, Line));
    Timeout = K.scheduleTimeout(Timeout);
  }
}

unsigned long model_msleep_interruptible(unsigned int Msecs, const char *File,
                                         int Line) {
  Kernel &K = Kernel::get();
  long Timeout = (Msecs + 3) / 4 + 1;
  while (Timeout && !K.Current->NotifySignal) {
    K.Current->Ts->__state = TaskInterruptible;
    noteSleep("msleep_interruptible", at(File, Line));
    Timeout = K.scheduleTimeout(Timeout);
  }
  return Timeout * 4;
}

int model_signal_pending(struct task_struct *Ts) {
  auto &ByTs = Kernel::get().ByTs;
  auto It = ByTs.find(Ts);
  return It != ByTs.end() && It->second->NotifySignal;
}

int model_fatal_signal_pending(struct task_struct *Ts) { return 0; }

void model_atomic_enter(const char *What, const char *File, int Line) {
  Kernel &K = Kernel::get();
  if (K.Current)
    K.Current->Atomic.emplace_back(What, at(File, Line));
}

void model_atomic_exit(const char *File, int Line) {
  Kernel &K = Kernel::get();
  if (K.Current && !K.Current->Atomic.empty())
    K.Current->Atomic.pop_back();
}

void model_sleeping_call(const char *Api, const char *File, int Line) {
  Kernel::get().mightSleepIn(Api, at(File, Line));
}

void model_might_sleep(const char *File, int Line) {
  Kernel::get().preemptPoint();
}

unsigned long model_jiffies(void) { return Kernel::get().Jiffies; }

int model_printk(const char *Fmt, ...) {
  if (!Kernel::get().Verbose)
    return 0;
  va_list Ap;
  va_start(Ap, Fmt);
  fprintf(stderr, "printk: ");
  int N = vfprintf(stderr, Fmt, Ap);
  va_end(Ap);
  return N;
}

} // extern "C"
