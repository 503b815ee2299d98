//===--- Scheduler.cpp - Coroutines, run queue and virtual time -----------===//
//
// The scheduler runs in the host process's own context; each task is a
// coroutine that switches back to it whenever it sleeps, exits or is
// preempted. The next task is the head of a FIFO run queue (or, when the
// scenario lets the explorer vary the order, the one the choice names).
// Virtual time (jiffies) advances by one every StepsPerJiffy basic blocks of
// the case, and jumps to the next timer when no task can run.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

extern "C" {
#include "include/model/abi.h"
}

namespace kthread_model {

Kernel &Kernel::get() {
  static Kernel K;
  return K;
}

void Kernel::log(const char *Fmt, ...) {
  if (!Verbose)
    return;
  va_list Ap;
  va_start(Ap, Fmt);
  fprintf(stderr, "[%6ld] %s: ", Jiffies,
          Current ? Current->Name.c_str() : "-");
  vfprintf(stderr, Fmt, Ap);
  va_end(Ap);
}

static void taskEntry();

Task *Kernel::newTask(const std::string &Name, bool IsKthread) {
  auto Owned = std::make_unique<Task>();
  Task *T = Owned.get();
  T->Pid = NextPid++;
  T->Name = Name;
  T->IsKthread = IsKthread;
  // The task_struct is never reused: a freed one stays poisoned, so that a
  // later use is seen rather than hitting a new task.
  T->Ts = static_cast<struct task_struct *>(calloc(1, sizeof(task_struct)));
  T->Ts->pid = T->Pid;
  T->Ts->usage = 1;
  T->Ts->model_task = T;
  snprintf(T->Ts->comm, sizeof(T->Ts->comm), "%s", Name.c_str());
  T->StackSize = 256 * 1024;
  T->StackMem = mmap(nullptr, T->StackSize, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  // A guard page turns a stack overflow into a fault, not corruption.
  mprotect(T->StackMem, 4096, PROT_NONE);
  getcontext(&T->Ctx);
  T->Ctx.uc_stack.ss_sp = T->StackMem;
  T->Ctx.uc_stack.ss_size = T->StackSize;
  T->Ctx.uc_link = &SchedCtx;
  makecontext(&T->Ctx, taskEntry, 0);
  T->Ring.resize(RingSize);
  ByTs[T->Ts] = T;
  Tasks.push_back(std::move(Owned));
  return T;
}

/// Where every coroutine starts: the scenario's function, or kthread()'s
/// prologue (a stop before the first wake-up ends the thread with -EINTR
/// without running its function; a park request parks it first).
static void taskEntry() {
  Kernel &K = Kernel::get();
  Task *T = K.Current;
  T->Started = true;
  if (!T->IsKthread) {
    (reinterpret_cast<model_scenario_fn>(T->Data))();
    K.ScenarioDone = true;
    K.exitCurrent(0);
  }
  int Ret = -EIntr;
  if (!T->ShouldStop) {
    if (T->ShouldPark)
      model_kthread_parkme(nullptr, 0);
    T->LastStopTestSeq = K.Seq;
    Ret = T->Fn(T->Data);
    // The trace since the last stop test shows which return it was.
    T->ExitPath = T->pathSince(T->LastStopTestSeq, 256);
  }
  K.exitCurrent(Ret);
}

void Kernel::enqueue(Task *T) {
  if (T->InRunQueue || T == Current || T->Exited || T->Hung)
    return;
  T->Blocked = false;
  T->InRunQueue = true;
  RunQueue.push_back(T);
}

bool Kernel::tryToWake(Task *T, unsigned Mode) {
  if (T->Exited || T->Hung || !(T->Ts->__state & Mode))
    return false;
  T->Ts->__state = TaskRunning;
  if (T->IsKthread)
    T->Woken = true;
  if (T->Blocked || !T->Started)
    enqueue(T);
  return true;
}

void Kernel::switchTo(Task *T) {
  Current = T;
  SliceSteps = 0;
  swapcontext(&SchedCtx, &T->Ctx);
  Current = nullptr;
}

void Kernel::block() {
  Task *T = Current;
  T->Blocked = true;
  swapcontext(&T->Ctx, &SchedCtx);
}

void Kernel::yieldCpu() {
  Task *T = Current;
  T->InRunQueue = true;
  RunQueue.push_back(T);
  swapcontext(&T->Ctx, &SchedCtx);
}

void Kernel::exitCurrent(int Code) {
  Task *T = Current;
  T->Exited = true;
  T->Result = Code;
  T->ExitJiffies = Jiffies;
  T->Ts->__state = 0x0080; // TASK_DEAD: no wake-up reaches it any more.
  log("exits with %d\n", Code);
  if (T->IsKthread) {
    // do_exit() -> exit_mm() -> complete_vfork_done(): complete() of
    // kthread->exited, once.
    ++T->ExitDone;
    // A task_struct nobody pinned is freed at once (kthreadd ignores
    // SIGCHLD, so its children are reaped at exit); kthread_stop() pins it
    // while it waits.
    maybeFree(T, FreeCause::SelfExit, T->ExitSite);
    for (auto &Other : Tasks)
      if (Other->Awaiting == T)
        enqueue(Other.get());
  }
  setcontext(&SchedCtx);
  abort();
}

void Kernel::step(uintptr_t Pc) {
  Task *T = Current;
  if (!T)
    return;
  ++Seq;
  ++T->Steps;
  TraceEntry &E = T->Ring[T->RingNext++ % RingSize];
  E.Seq = Seq;
  E.Pc = Pc;
  if (!Invariants.empty())
    checkInvariants();
  if (++SliceSteps < StepsPerJiffy)
    return;
  // One jiffy of CPU: time passes, timers fire, and the task gives the CPU
  // to the others if any can run.
  SliceSteps = 0;
  ++Jiffies;
  fireTimers();
  checkStops();
  if (T->Hung) {
    block();
    return;
  }
  if (!RunQueue.empty())
    yieldCpu();
}

void Kernel::checkInvariants() {
  // The scenario's checks are instrumented code too: no recursion.
  static bool Checking = false;
  if (Checking)
    return;
  for (size_t I = 0; I < Invariants.size(); ++I) {
    Checking = true;
    bool Holds = Invariants[I].Holds(Invariants[I].Arg);
    Checking = false;
    if (Holds)
      continue;
    Invariant Inv = Invariants[I];
    Invariants.erase(Invariants.begin() + I);
    Task *T = Current;
    uintptr_t Here = T->Ring[(T->RingNext - 1) % RingSize].Pc;
    if (T->InterruptedSite) {
      Report("interrupted-wait-trusted",
             "'" + Inv.What + "' no longer holds in " + describe(T) +
                 ", which went on after a wait at " + T->InterruptedSite.str() +
                 " returned -ERESTARTSYS (kthread_stop() interrupted it) "
                 "with its condition false")
          .site("site", T->InterruptedSite)
          .stack("site", T->InterruptedStack)
          .pcs("at", {Here})
          .emit();
    } else {
      Report("invariant", "'" + Inv.What + "' (stated at " + Inv.Where.str() +
                              ") no longer holds in " + describe(T))
          .pcs("site", {Here})
          .emit();
    }
    return;
  }
}

void Kernel::preemptPoint() {
  if (!Current || Budget[int(ChoiceClass::Preempt)] == 0 || RunQueue.empty() ||
      !Current->Atomic.empty())
    return;
  if (choose(2, ChoiceClass::Preempt, "preempt " + Current->Name))
    yieldCpu();
}

void Kernel::mightSleepIn(const char *Api, Site S) {
  if (!Current || Current->Atomic.empty())
    return;
  const auto &[What, Where] = Current->Atomic.back();
  Report("stop-in-atomic",
         "'" + std::string(Api) + "' at " + S.str() +
             " sleeps in atomic context ('" + What + "' at " + Where.str() +
             "): BUG: sleeping function called from invalid context")
      .site("site", S)
      .stack("site", captureStack())
      .site("atomic", Where)
      .emit();
}

void Kernel::fireTimers() {
  for (auto &T : Tasks) {
    if (T->TimerExpiry >= 0 && T->TimerExpiry <= Jiffies) {
      T->TimerExpiry = -1;
      tryToWake(T.get(), TaskNormal);
    }
  }
}

/// Jumps to the earliest timer; false when no timer is pending.
bool Kernel::advanceTime() {
  long Next = -1;
  for (auto &T : Tasks)
    if (T->TimerExpiry >= 0 && !T->Hung && (Next < 0 || T->TimerExpiry < Next))
      Next = T->TimerExpiry;
  if (Next < 0)
    return false;
  // Timers due now were set after this jiffy's tick (each tick fires what
  // is due): the kernel's wheel runs them at the next tick.
  if (Next <= Jiffies)
    Next = Jiffies + 1;
  // Never jump over the moment a stop's budget runs out.
  for (auto &T : Tasks)
    if (T->Stopper && !T->Exited && !T->Hung &&
        T->StopStart + StopBudget < Next)
      Next = T->StopStart + StopBudget + 1;
  if (Next > Jiffies)
    Jiffies = Next;
  fireTimers();
  return true;
}

bool Kernel::signalPendingState(unsigned State, const Task *T) const {
  if (!(State & (TaskInterruptible | TaskWakekill)))
    return false;
  if (!T->NotifySignal)
    return false;
  // Only a fatal signal ends a killable sleep, and kthread_stop() sends none.
  return State & TaskInterruptible;
}

void Kernel::schedule() {
  Task *T = Current;
  unsigned State = T->Ts->__state;
  if (State == TaskRunning) {
    preemptPoint();
    return;
  }
  if (signalPendingState(State, T)) {
    T->Ts->__state = TaskRunning;
    return;
  }
  T->SleepStack = captureStack();
  if (T->Stopper && !T->ReSleepApi && T->ShouldStop) {
    // Asleep again after kthread_stop() woke it: the stop waits for this
    // sleep to end.
    T->ReSleepApi = T->SleepApi;
    T->ReSleepSite = T->SleepSite;
    T->ReSleepStack = T->SleepStack;
  }
  log("sleeps in %s at %s\n", T->SleepApi, T->SleepSite.str().c_str());
  block();
}

long Kernel::scheduleTimeout(long Timeout) {
  Task *T = Current;
  if (Timeout == MaxScheduleTimeout) {
    schedule();
    return Timeout;
  }
  if (Timeout < 0) {
    T->Ts->__state = TaskRunning;
    return 0;
  }
  long Expire = Jiffies + Timeout;
  T->TimerExpiry = Expire;
  schedule();
  T->TimerExpiry = -1;
  long Left = Expire - Jiffies;
  return Left < 0 ? 0 : Left;
}

void Kernel::checkStops() {
  for (auto &Owned : Tasks) {
    Task *T = Owned.get();
    if (!T->Stopper || T->Exited || T->Hung)
      continue;
    if (Jiffies - T->StopStart > StopBudget ||
        T->Steps - T->StopStartSteps > StopStepBudget)
      hang(T);
  }
}

/// The thread \p T will never see its stop: report how it ignores it, then
/// let kthread_stop() return so that the scenario goes on.
void Kernel::hang(Task *T) {
  Task *Stopper = T->Stopper;
  bool Asleep = T->Blocked && T->TimerExpiry < 0;
  if (Asleep && reportLockDeadlock(T)) {
    // Reported.
  } else if (Asleep && T->WaitApi && T->SleepSite.Line == T->WaitSite.Line) {
    Report("stop-hang-wait",
           "kthread_stop() at " + T->StopSite.str() +
               " never returns: " + describe(T) + " sleeps in '" + T->WaitApi +
               "' at " + T->WaitSite.str() +
               ", a wait that kthread_stop() does not end, and its "
               "condition stays false")
        .site("site", T->WaitSite)
        .stack("site", T->SleepStack)
        .emit();
  } else if (Asleep) {
    Report("stop-hang-sleep", "kthread_stop() at " + T->StopSite.str() +
                                  " never returns: " + describe(T) +
                                  " sleeps in '" + T->SleepApi + "' at " +
                                  T->SleepSite.str() + " and nothing wakes it")
        .site("site", T->SleepSite)
        .stack("site", T->SleepStack)
        .site("site", T->StateSite)
        .emit();
  } else {
    Report("stop-hang-loop",
           "kthread_stop() at " + T->StopSite.str() +
               " never returns: " + describe(T) + " keeps running (" +
               std::to_string(T->Steps - T->StopStartSteps) +
               " basic blocks, " + std::to_string(Jiffies - T->StopStart) +
               " jiffies after the stop) without leaving")
        .pcs("spin", T->pathSince(T->StopSeq, 2000))
        .emit();
  }
  T->Hung = true;
  if (T->InRunQueue) {
    for (auto It = RunQueue.begin(); It != RunQueue.end(); ++It)
      if (*It == T) {
        RunQueue.erase(It);
        break;
      }
    T->InRunQueue = false;
  }
  T->TimerExpiry = -1;
  if (Stopper)
    enqueue(Stopper);
}

/// No task can run and no timer is pending: every stop in progress hangs;
/// if none is, the scenario itself is stuck.
/// The scenario waits for good. A wait for a completion that only a thread
/// would signal is the case's bug when that thread's creation failed (a
/// NULL test took the ERR_PTR for a running thread), or a note when the
/// thread exited without signalling it; anything else means the scenario
/// or the model went wrong (\p BrokenKind).
void Kernel::reportStuck(const char *BrokenKind, const std::string &Why) {
  Task *S = ScenarioTask;
  bool ForCompletion =
      S->SleepApi && strncmp(S->SleepApi, "wait_for_completion", 19) == 0;
  const char *Kind = BrokenKind;
  std::string Because;
  if (ForCompletion && FaultSeen) {
    Kind = "missing-thread-wait";
    Because = " (the thread that would signal it was never created: '" +
              std::string(FaultApi) + "' at " + FaultSite.str() + " failed)";
  } else if (ForCompletion && anyThreadExited()) {
    Kind = "completion-hang-exited";
    Because = " (a thread that would signal it has exited)";
  }
  Report(Kind, "the scenario sleeps in '" +
                   std::string(S->SleepApi ? S->SleepApi : "?") + "' at " +
                   S->SleepSite.str() + ", and " + Why + Because)
      .site("site", S->SleepSite)
      .stack("site", S->SleepStack)
      .emit();
}

/// Whether a kernel thread of this run has exited.
bool Kernel::anyThreadExited() const {
  for (const auto &T : Tasks)
    if (T.get() != ScenarioTask && T->Exited)
      return true;
  return false;
}

void Kernel::handleIdle() {
  bool Any = false;
  for (auto &T : Tasks)
    if (T->Stopper && !T->Exited && !T->Hung) {
      hang(T.get());
      Any = true;
    }
  if (Any)
    return;
  reportStuck("deadlock", "no task or timer can wake it");
  ScenarioDone = true;
}

void Kernel::runScenario(model_scenario_fn Fn) {
  ScenarioTask = newTask("scenario", false);
  ScenarioTask->Data = reinterpret_cast<void *>(Fn);
  enqueue(ScenarioTask);
  while (!ScenarioDone) {
    if (Jiffies > RunBudget) {
      reportStuck("run-budget", "it did not finish within " +
                                    std::to_string(RunBudget / Hz) +
                                    " s of virtual time");
      break;
    }
    checkStops();
    if (RunQueue.empty()) {
      if (!advanceTime())
        handleIdle();
      continue;
    }
    size_t Index = 0;
    if (RunQueue.size() > 1 && Budget[int(ChoiceClass::Pick)] > 0)
      Index = choose(int(RunQueue.size()), ChoiceClass::Pick,
                     "run " + RunQueue[0]->Name + " first");
    Task *T = RunQueue[Index];
    RunQueue.erase(RunQueue.begin() + Index);
    T->InRunQueue = false;
    T->Blocked = false;
    switchTo(T);
  }
  endOfRun();
}

/// What is left when the scenario ends: threads created and never woken,
/// workers never destroyed, both leaking with their task_struct; and
/// threads still running that nothing stopped, which the scenario's end
/// (the module's unload, the device's removal) leaves behind.
void Kernel::endOfRun() {
  for (auto &T : Tasks) {
    if (!T->IsKthread || T->Exited || T->IsWorker || T->Hung)
      continue;
    if (T->Woken) {
      if (!T->ShouldStop)
        Report("thread-leak",
               describe(T.get()) + " started by '" + T->CreateApi + "' at " +
                   T->CreateSite.str() +
                   " still runs when the scenario ends, and nothing stops "
                   "it: it outlives its module and its data")
            .site("site", T->CreateSite)
            .stack("site", T->CreateStack)
            .pcs("path", T->Creator ? T->Creator->pathSince(T->CreateSeq, 512)
                                    : std::vector<uintptr_t>())
            .emit();
      continue;
    }
    Report("never-woken", describe(T.get()) + " created by '" + T->CreateApi +
                              "' at " + T->CreateSite.str() +
                              " was never woken nor stopped: it and its "
                              "task_struct leak")
        .site("site", T->CreateSite)
        .stack("site", T->CreateStack)
        .emit();
  }
  reportLeakedWorkers();
}

std::string describe(const Task *T) {
  return "thread '" + T->Name + "' (pid " + std::to_string(T->Pid) + ")";
}

std::vector<uintptr_t> Task::pathSince(uint64_t Since, size_t Max) const {
  std::vector<uintptr_t> Out;
  size_t N = RingNext < RingSize ? RingNext : RingSize;
  for (size_t I = 0; I < N; ++I) {
    const TraceEntry &E = Ring[(RingNext - N + I) % RingSize];
    if (E.Seq > Since && (Out.empty() || Out.back() != E.Pc))
      Out.push_back(E.Pc);
  }
  if (Out.size() > Max)
    Out.erase(Out.begin(), Out.end() - Max);
  return Out;
}

std::string Site::str() const {
  if (!File)
    return "?";
  const char *Base = strrchr(File, '/');
  // A scenario has its case's name; say which one is meant.
  std::string Prefix = strstr(File, "/model/scenarios/") ? "scenario " : "";
  return Prefix + (Base ? Base + 1 : File) + ":" + std::to_string(Line);
}

} // namespace kthread_model

using kthread_model::Kernel;

/// The case is compiled with -fsanitize-coverage=trace-pc: every basic block
/// calls here, which counts the step and records where the task is.
extern "C" void __sanitizer_cov_trace_pc(void) {
  Kernel::get().step(reinterpret_cast<uintptr_t>(__builtin_return_address(0)) -
                     1);
}
