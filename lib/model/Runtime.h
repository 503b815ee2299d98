//===--- Runtime.h - The reference runtime model's kernel ------*- C++ -*-===//
//
// A userspace imitation of the part of the Linux kernel that kernel threads
// use, run by a deterministic scheduler with virtual time. Every task (the
// scenario's process context and each kthread) is a ucontext coroutine, and
// exactly one runs at a time: it runs until it sleeps, exits, or uses up its
// time slice, counted in basic blocks of the test case (the case is compiled
// with -fsanitize-coverage=trace-pc, so a thread that spins without calling
// the kernel is still preempted and its spinning seen).
//
// One process runs one scenario under one combination of choices (which
// allocation fails, which value an undefined extern returns, which task runs
// next); the Explorer (Explorer.cpp) forks one such run per combination.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_MODEL_RUNTIME_H
#define KTHREAD_MODEL_RUNTIME_H

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <ucontext.h>
#include <unordered_map>
#include <map>
#include <vector>

extern "C" {
#include "include/model/model.h"
}

struct task_struct;

namespace kthread_model {

// Kernel constants the model needs (the values of lib/model/include/linux).
constexpr unsigned TaskRunning = 0x0000;
constexpr unsigned TaskInterruptible = 0x0001;
constexpr unsigned TaskUninterruptible = 0x0002;
constexpr unsigned TaskParked = 0x0040;
constexpr unsigned TaskWakekill = 0x0100;
constexpr unsigned TaskNormal = TaskInterruptible | TaskUninterruptible;
constexpr long MaxScheduleTimeout = 0x7fffffffL;
constexpr int Hz = 250;
constexpr int ERestartSys = 512;
constexpr int EIntr = 4;
constexpr int ENoMem = 12;
constexpr int ENoSys = 38;

// Budgets. A kthread_stop() whose thread has not exited after StopBudget
// jiffies of virtual time, or after StopStepBudget basic blocks of the
// thread, cannot return: the thread ignores the stop.
constexpr long StepsPerJiffy = 200;
constexpr long StopBudget = 60 * Hz;
constexpr uint64_t StopStepBudget = 400000;
constexpr long RunBudget = 1200 * Hz;
constexpr size_t RingSize = 4096;

/// A source position named by a kernel-API macro.
struct Site {
  const char *File = nullptr;
  int Line = 0;
  explicit operator bool() const { return File != nullptr; }
  std::string str() const;
};

/// The call site the model's headers pass as __FILE__, __LINE__.
inline Site at(const char *File, int Line) {
  Site S;
  S.File = File;
  S.Line = Line;
  return S;
}

/// Whether \p P is an ERR_PTR (the kernel's last page of addresses).
inline bool isErr(const void *P) {
  return reinterpret_cast<uintptr_t>(P) >= static_cast<uintptr_t>(-4095);
}

/// A call stack, as return addresses relative to the executable.
using Stack = std::vector<uintptr_t>;
Stack captureStack();

struct TraceEntry {
  uint64_t Seq;
  uintptr_t Pc;
};

enum class FreeCause { None, SelfExit, AfterStop, Destroyed };

struct Task {
  int Pid = 0;
  std::string Name;
  struct task_struct *Ts = nullptr;
  bool IsKthread = false;
  int (*Fn)(void *) = nullptr;
  void *Data = nullptr;

  // Coroutine.
  ucontext_t Ctx;
  void *StackMem = nullptr;
  size_t StackSize = 0;
  bool Started = false;

  // Scheduling.
  bool Blocked = false;
  bool InRunQueue = false;
  bool Exited = false;
  bool Hung = false;
  long TimerExpiry = -1;
  uint64_t Steps = 0;

  // kthread state.
  bool Woken = false;
  // Where it was first woken (wake_up_process(), kthread_run()).
  Site WakeSite;
  bool ShouldStop = false;
  bool ShouldPark = false;
  bool Parked = false;
  bool NotifySignal = false;
  int Result = 0;
  // kthread->exited (kernel/kthread.c), the completion kthread_stop() waits
  // for: the thread's exit completes it once (complete_vfork_done() in
  // kernel/fork.c, with complete(), not complete_all()), and each stop that
  // returns consumes it. Where the last one was consumed:
  unsigned ExitDone = 0;
  const char *ExitConsumedApi = nullptr;
  Site ExitConsumedSite;
  Stack ExitConsumedStack;
  int Pins = 0;
  bool Freed = false;
  FreeCause Cause = FreeCause::None;
  /// Freed when a kthread_stop() returned, not by a later put.
  bool FreedByStop = false;
  Site FreeSite;
  Stack FreeStack;
  bool IsWorker = false;

  // Where it was created.
  const char *CreateApi = "";
  Site CreateSite;
  Stack CreateStack;
  /// Who created it, and when: what the creator did since (the error path
  /// of a failed probe) is the evidence of a leak.
  Task *Creator = nullptr;
  uint64_t CreateSeq = 0;

  // How it ended: by a kernel call (ExitSite) or a return from Fn.
  const char *ExitApi = nullptr;
  Site ExitSite;
  Stack ExitStack;
  std::vector<uintptr_t> ExitPath;
  long ExitJiffies = 0;

  // Where it last set a sleeping state with set_current_state().
  Site StateSite;
  Stack StateStack;

  // Where it sleeps.
  const char *SleepApi = "schedule";
  Site SleepSite;
  Stack SleepStack;
  const char *WaitApi = nullptr;
  Site WaitSite;

  // A stop in progress on this task.
  Task *Stopper = nullptr;
  Site StopSite;
  long StopStart = 0;
  uint64_t StopStartSteps = 0;
  uint64_t StopSeq = 0;
  const char *ReSleepApi = nullptr;
  Site ReSleepSite;
  Stack ReSleepStack;

  // The atomic contexts it is in, innermost last: what entered each.
  std::vector<std::pair<const char *, Site>> Atomic;

  // The task this one waits for in kthread_stop()/kthread_park().
  Task *Awaiting = nullptr;
  // Where its stop was called, with the stopper's stack.
  Stack StopStack;

  // The sleeping locks it holds, each with where it took it, and the one it
  // waits for.
  std::vector<std::pair<const void *, Site>> Locks;
  const void *WaitsForLock = nullptr;
  Site LockWaitSite;
  Stack LockWaitStack;

  // Interrupted wait whose result may be trusted.
  Site InterruptedSite;
  Stack InterruptedStack;

  // The basic blocks it ran, newest last.
  std::vector<TraceEntry> Ring;
  size_t RingNext = 0;
  uint64_t LastStopTestSeq = 0;

  std::vector<uintptr_t> pathSince(uint64_t Seq, size_t Max) const;
};

/// A verdict as the child reports it: groups of sites that the parent
/// symbolizes into lines of the case.
struct Report {
  std::string Kind;
  std::string Message;
  std::vector<std::pair<std::string, std::vector<std::string>>> Groups;

  Report(std::string K, std::string M)
      : Kind(std::move(K)), Message(std::move(M)) {}
  Report &site(const char *Group, Site S);
  Report &stack(const char *Group, const Stack &St);
  Report &pcs(const char *Group, const std::vector<uintptr_t> &Pcs);
  void emit();
};

/// Callback: a registered callback (a pending timer's, an interrupt's)
/// runs once more at its removal, as it may whenever it is still registered.
enum class ChoiceClass { Fault, Pick, Preempt, Extern, Callback };

/// A mutex, semaphore or rw_semaphore: who holds it and who waits.
struct SleepingLock {
  Task *Writer = nullptr;
  std::vector<Task *> Readers;
  std::deque<std::pair<Task *, bool>> Waiters; // With whether it reads.
  bool free(bool Shared) const;
};

/// The per-run kernel: tasks, run queue, virtual time, choices.
class Kernel {
public:
  static Kernel &get();

  // Configuration of this run.
  bool StopInterruptsSleep = true;
  int Budget[5] = {1, 0, 0, 1000, 0};
  int Used[5] = {0, 0, 0, 0, 0};
  std::vector<int> Prefix;
  std::string FailApi;
  int FailNth = 0;
  bool Verbose = false;
  /// Interrupt handlers registered by (line, device).
  std::map<std::pair<unsigned, void *>, void *> Irqs;
  int OutFd = 1;

  // State.
  std::vector<std::unique_ptr<Task>> Tasks;
  std::unordered_map<const void *, Task *> ByTs;
  std::deque<Task *> RunQueue;
  Task *Current = nullptr;
  Task *ScenarioTask = nullptr;
  bool ScenarioDone = false;
  ucontext_t SchedCtx;
  long Jiffies = 0;
  uint64_t Seq = 0;
  long SliceSteps = 0;
  int NextPid = 1;
  size_t ChoiceIndex = 0;
  std::unordered_map<std::string, int> ApiCalls;
  std::unordered_map<const void *, SleepingLock> Locks;

  // The one injected creation failure of this run, for ERR_PTR evidence.
  bool FaultSeen = false;
  Task *FaultTask = nullptr;
  uint64_t FaultSeq = 0;
  Site FaultSite;
  Stack FaultStack;
  const char *FaultApi = "";
  /// The error the failed creation returned (ENoMem, EIntr), or 0.
  int FaultError = 0;

  struct Invariant {
    int (*Holds)(void *);
    void *Arg;
    std::string What;
    Site Where;
  };
  std::vector<Invariant> Invariants;

  // Scheduling.
  void runScenario(model_scenario_fn Fn);
  Task *newTask(const std::string &Name, bool IsKthread);
  void block();
  void yieldCpu();
  bool tryToWake(Task *T, unsigned Mode);
  void enqueue(Task *T);
  [[noreturn]] void exitCurrent(int Code);
  void step(uintptr_t Pc);
  void preemptPoint();
  /// A kthread call that sleeps (\p Api at \p S): a verdict in atomic
  /// context.
  void mightSleepIn(const char *Api, Site S);
  bool signalPendingState(unsigned State, const Task *T) const;
  long scheduleTimeout(long Timeout);
  void schedule();

  // Choices.
  int choose(int N, ChoiceClass Class, const std::string &What);
  bool faultPoint(const char *Api, Site S);
  /// The error a failed creation returns: -ENOMEM or -EINTR, a choice.
  int creationError(const char *Api, Site S);

  // Tasks.
  Task *lookup(struct task_struct *Ts, const char *Api, Site S);
  void maybeFree(Task *T, FreeCause Cause, Site S);
  int stop(Task *T, Site S, const char *Api = "kthread_stop");
  void checkStops();
  void hang(Task *T);
  /// The stopper of \p T, when \p T waits for a lock the stopper holds:
  /// report the deadlock and return true.
  bool reportLockDeadlock(Task *T);
  bool anyThreadExited() const;
  void reportStuck(const char *BrokenKind, const std::string &Why);

  // Logging.
  void log(const char *Fmt, ...) __attribute__((__format__(printf, 2, 3)));

private:
  void fireTimers();
  bool advanceTime();
  void handleIdle();
  void switchTo(Task *T);
  void endOfRun();
  void checkInvariants();
};

void writeRecord(const std::string &Line);
std::string describe(const Task *T);
void reportErrPtr(const void *P, const char *Api, const char *What, Site S);
void addFaultEvidence(Report &R, std::string &Why);
void reportLeakedWorkers();

} // namespace kthread_model

#endif
