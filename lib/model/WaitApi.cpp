//===--- WaitApi.cpp - Wait queues, completions, memory, workers ----------===//
//
// Wait queues follow the kernel's protocol: prepare_to_wait_event() queues
// the task and sets its state, or reports -ERESTARTSYS when a signal the
// state admits is pending; a wake-up sets a matching sleeper running and
// takes its entry off the queue (autoremove_wake_function); the
// wait_event*() macro then re-evaluates its condition.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <algorithm>
#include <climits>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" {
#include "include/model/abi.h"
}

using namespace kthread_model;

namespace {

struct WaitQueue {
  std::vector<wait_queue_entry *> Entries;
};

WaitQueue &queueOf(wait_queue_head *Wq) {
  if (!Wq->model_queue)
    Wq->model_queue = new WaitQueue;
  return *static_cast<WaitQueue *>(Wq->model_queue);
}

void dequeue(wait_queue_head *Wq, wait_queue_entry *E) {
  if (!E->model_queued)
    return;
  auto &V = queueOf(Wq).Entries;
  V.erase(std::remove(V.begin(), V.end(), E), V.end());
  E->model_queued = 0;
}

struct Allocation {
  size_t Size;
  bool Freed;
  Site FreedAt;
};
std::unordered_map<const void *, Allocation> Allocations;

struct Worker {
  kthread_worker *W;
  Task *Thread;
  std::deque<kthread_work *> Queue;
  bool Destroyed = false;
  Site CreateSite;
  Stack CreateStack;
};
std::unordered_map<const void *, Worker *> Workers;

/// kthread_insert_work(): queue at the tail, wake the worker.
void insertWork(Worker *Wk, kthread_work *Work) {
  Work->model_pending = 1;
  Work->worker = Wk->W;
  Wk->Queue.push_back(Work);
  Kernel::get().tryToWake(Wk->Thread, TaskNormal);
}

/// kthread_flush_worker()'s work: a completion queued behind the works
/// pending at the flush, so works queued later are not waited for.
struct FlushWork {
  kthread_work Work;
  completion Done;
};

void flushWorkFn(kthread_work *Work) {
  auto *F = reinterpret_cast<FlushWork *>(reinterpret_cast<char *>(Work) -
                                          offsetof(FlushWork, Work));
  model_complete(&F->Done, 0, nullptr, 0);
}

/// kthread_worker_fn(): run queued works in order until stopped.
int workerFn(void *Data) {
  Kernel &K = Kernel::get();
  Worker *Wk = static_cast<Worker *>(Data);
  Task *T = K.Current;
  for (;;) {
    T->Ts->__state = TaskInterruptible;
    if (T->ShouldStop) {
      T->Ts->__state = TaskRunning;
      return 0;
    }
    if (!Wk->Queue.empty()) {
      T->Ts->__state = TaskRunning;
      kthread_work *Work = Wk->Queue.front();
      Wk->Queue.pop_front();
      Work->model_pending = 0;
      Wk->W->current_work = Work;
      Work->func(Work);
      Wk->W->current_work = nullptr;
      continue;
    }
    T->SleepApi = "kthread_worker_fn";
    T->WaitApi = nullptr;
    K.schedule();
  }
}

Worker *lookupWorker(kthread_worker *W, const char *Api, Site S) {
  if (!W) {
    Report("null-task", "'" + std::string(Api) + "' at " + S.str() +
                            " is given a NULL kthread_worker: the kernel "
                            "oopses")
        .site("site", S)
        .stack("site", captureStack())
        .emit();
    return nullptr;
  }
  if (isErr(W)) {
    reportErrPtr(W, Api, "kthread_worker", S);
    return nullptr;
  }
  auto It = Workers.find(W);
  if (It == Workers.end())
    return nullptr;
  if (It->second->Destroyed) {
    Report("use-after-free", "'" + std::string(Api) + "' at " + S.str() +
                                 " uses a destroyed kthread_worker")
        .site("site", S)
        .stack("site", captureStack())
        .emit();
    return nullptr;
  }
  return It->second;
}

} // namespace

namespace kthread_model {

void reportLeakedWorkers() {
  for (auto &Entry : Workers) {
    Worker *Wk = Entry.second;
    if (Wk->Destroyed)
      continue;
    Report("worker-leak", "the kthread_worker created at " +
                              Wk->CreateSite.str() +
                              " was never destroyed: its thread and memory "
                              "leak")
        .site("site", Wk->CreateSite)
        .stack("site", Wk->CreateStack)
        .emit();
  }
}

} // namespace kthread_model

extern "C" {

void model_init_waitqueue_head(struct wait_queue_head *Wq) {
  Wq->model_queue = new WaitQueue;
}

void model_init_wait_entry(struct wait_queue_entry *E, int Flags) {
  E->flags = Flags;
  E->private_ = Kernel::get().Current->Ts;
  E->model_queued = 0;
}

long model_prepare_to_wait_event(struct wait_queue_head *Wq,
                                 struct wait_queue_entry *E, int State,
                                 const char *Api, const char *File, int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Task *T = K.Current;
  if (K.signalPendingState(State, T)) {
    dequeue(Wq, E);
    return -ERestartSys;
  }
  if (!E->model_queued) {
    // As __add_wait_queue() and __add_wait_queue_entry_tail(): exclusive
    // waiters queue behind all the others, so that a wake-up of nr
    // exclusive waiters still wakes every non-exclusive one.
    auto &V = queueOf(Wq).Entries;
    if (E->flags & 1)
      V.push_back(E);
    else
      V.insert(V.begin(), E);
    E->model_queued = 1;
  }
  E->private_ = T->Ts;
  T->Ts->__state = State;
  T->SleepApi = T->WaitApi = Api;
  T->SleepSite = T->WaitSite = at(File, Line);
  T->InterruptedSite = Site();
  return 0;
}

void model_finish_wait(struct wait_queue_head *Wq, struct wait_queue_entry *E) {
  Task *T = Kernel::get().Current;
  T->Ts->__state = TaskRunning;
  T->WaitApi = nullptr;
  dequeue(Wq, E);
}

void model_wait_returned(long Ret, int Cond, const char *File, int Line) {
  Task *T = Kernel::get().Current;
  T->WaitApi = nullptr;
  if (Ret == -ERestartSys && !Cond) {
    T->InterruptedSite = at(File, Line);
    T->InterruptedStack = captureStack();
  }
}

void model_wake_up(struct wait_queue_head *Wq, unsigned int Mode, int Nr,
                   const char *File, int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  std::vector<wait_queue_entry *> Entries = queueOf(Wq).Entries;
  for (wait_queue_entry *E : Entries) {
    auto It = K.ByTs.find(E->private_);
    if (It == K.ByTs.end() || !K.tryToWake(It->second, Mode))
      continue;
    dequeue(Wq, E);
    if ((E->flags & 1) && Nr > 0 && --Nr == 0)
      break;
  }
}

void model_init_completion(struct completion *C) {
  C->done = 0;
  C->model_waiters = nullptr;
}

void model_complete(struct completion *C, int All, const char *File, int Line) {
  Kernel &K = Kernel::get();
  if (All)
    C->done = UINT_MAX;
  else if (C->done != UINT_MAX)
    ++C->done;
  auto *Waiters = static_cast<std::vector<Task *> *>(C->model_waiters);
  if (!Waiters)
    return;
  // swake_up_locked(): the first waiter is woken and dequeued whether or
  // not it was still asleep; complete_all() does that to every waiter.
  while (!Waiters->empty()) {
    Task *T = Waiters->front();
    Waiters->erase(Waiters->begin());
    K.tryToWake(T, TaskNormal);
    if (!All)
      break;
  }
}

long model_wait_for_completion(struct completion *C, int State, long Timeout,
                               const char *File, int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Task *T = K.Current;
  bool Untimed = Timeout == MaxScheduleTimeout;
  if (!C->model_waiters)
    C->model_waiters = new std::vector<Task *>;
  auto *Waiters = static_cast<std::vector<Task *> *>(C->model_waiters);
  while (!C->done && Timeout) {
    if (K.signalPendingState(State, T)) {
      Waiters->erase(std::remove(Waiters->begin(), Waiters->end(), T),
                     Waiters->end());
      return -ERestartSys;
    }
    if (std::find(Waiters->begin(), Waiters->end(), T) == Waiters->end())
      Waiters->push_back(T);
    T->Ts->__state = State;
    T->WaitApi = nullptr;
    T->SleepApi = "wait_for_completion";
    T->SleepSite = at(File, Line);
    Timeout = K.scheduleTimeout(Timeout);
  }
  Waiters->erase(std::remove(Waiters->begin(), Waiters->end(), T),
                 Waiters->end());
  if (!C->done)
    return 0;
  if (C->done != UINT_MAX)
    --C->done;
  return Untimed ? 0 : std::max(Timeout, 1L);
}

void *model_kmalloc(unsigned long Size, int Zero, const char *Api,
                    const char *File, int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  if (K.faultPoint(Api, at(File, Line))) {
    K.log("%s at %s:%d fails\n", Api, File, Line);
    return nullptr;
  }
  void *P = calloc(1, Size ? Size : 1);
  Allocations[P] = {Size, false, Site()};
  return P;
}

void model_kfree(const void *P, const char *File, int Line) {
  if (!P)
    return;
  Site S = at(File, Line);
  auto It = Allocations.find(P);
  if (isErr(P) || It == Allocations.end()) {
    Report("bad-free", "kfree() at " + S.str() +
                           " is given a pointer kmalloc() never returned")
        .site("site", S)
        .stack("site", captureStack())
        .emit();
    return;
  }
  if (It->second.Freed) {
    Report("double-free", "kfree() at " + S.str() +
                              " frees memory already freed at " +
                              It->second.FreedAt.str())
        .site("site", S)
        .stack("site", captureStack())
        .emit();
    return;
  }
  It->second.Freed = true;
  It->second.FreedAt = S;
  // Not given back: a later use reads the poison instead of a new object.
  memset(const_cast<void *>(P), 0x6b, It->second.Size);
}

struct kthread_worker *model_kthread_create_worker(int Cpu, unsigned int Flags,
                                                   const char *File, int Line,
                                                   const char *NameFmt, ...) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Site S = at(File, Line);
  if (K.faultPoint("kthread_create_worker", S))
    return reinterpret_cast<kthread_worker *>(
        -static_cast<long>(K.creationError("kthread_create_worker", S)));
  char Name[64];
  va_list Ap;
  va_start(Ap, NameFmt);
  vsnprintf(Name, sizeof(Name), NameFmt, Ap);
  va_end(Ap);
  auto *W = static_cast<kthread_worker *>(calloc(1, sizeof(kthread_worker)));
  W->flags = Flags;
  Worker *Wk = new Worker;
  Wk->W = W;
  Wk->CreateSite = S;
  Wk->CreateStack = captureStack();
  Task *T = K.newTask(Name, true);
  T->IsWorker = true;
  T->Fn = workerFn;
  T->Data = Wk;
  T->CreateApi = "kthread_create_worker";
  T->CreateSite = S;
  T->Ts->__state = TaskUninterruptible;
  T->Blocked = true;
  Wk->Thread = T;
  W->task = T->Ts;
  W->model_worker = Wk;
  Workers[W] = Wk;
  K.tryToWake(T, TaskNormal);
  return W;
}

int model_kthread_queue_work(struct kthread_worker *W,
                             struct kthread_work *Work, const char *File,
                             int Line) {
  Kernel &K = Kernel::get();
  K.preemptPoint();
  Worker *Wk = lookupWorker(W, "kthread_queue_work", at(File, Line));
  if (!Wk || Work->model_pending)
    return 0;
  insertWork(Wk, Work);
  return 1;
}

/// kthread_flush_worker() of \p Wk, for itself and kthread_destroy_worker().
static void flushWorker(Worker *Wk, Site S) {
  Kernel &K = Kernel::get();
  Task *Me = K.Current;
  FlushWork F = {};
  F.Work.func = flushWorkFn;
  model_init_completion(&F.Done);
  std::vector<Task *> Waiters;
  F.Done.model_waiters = &Waiters;
  insertWork(Wk, &F.Work);
  // wait_for_completion(&fwork.done). A worker whose thread is gone (the
  // case stopped it) would never run it: the model returns rather than
  // hang the scenario.
  Me->Awaiting = Wk->Thread;
  while (!F.Done.done && !Wk->Thread->Exited && !Wk->Thread->Hung) {
    if (Waiters.empty())
      Waiters.push_back(Me);
    Me->Ts->__state = TaskUninterruptible;
    Me->SleepApi = "kthread_flush_worker";
    Me->SleepSite = S;
    K.block();
  }
  Me->Awaiting = nullptr;
  Me->Ts->__state = TaskRunning;
  auto &Q = Wk->Queue;
  Q.erase(std::remove(Q.begin(), Q.end(), &F.Work), Q.end());
}

void model_kthread_flush_worker(struct kthread_worker *W, const char *File,
                                int Line) {
  Site S = at(File, Line);
  Kernel::get().mightSleepIn("kthread_flush_worker", S);
  if (Worker *Wk = lookupWorker(W, "kthread_flush_worker", S))
    flushWorker(Wk, S);
}

void model_kthread_destroy_worker(struct kthread_worker *W, const char *File,
                                  int Line) {
  Kernel &K = Kernel::get();
  Site S = at(File, Line);
  K.mightSleepIn("kthread_destroy_worker", S);
  Worker *Wk = lookupWorker(W, "kthread_destroy_worker", S);
  if (!Wk)
    return;
  flushWorker(Wk, S);
  K.stop(Wk->Thread, S, "kthread_destroy_worker");
  Wk->Destroyed = true;
  memset(W, 0x6b, sizeof(*W));
}

/* Scenarios. */

int model_fault_point(const char *What, const char *File, int Line) {
  return Kernel::get().faultPoint(What, at(File, Line));
}

int model_choose(int N, const char *What, const char *File, int Line) {
  return Kernel::get().choose(N, ChoiceClass::Extern,
                              std::string(What) + " (" + at(File, Line).str() +
                                  ")");
}

void model_explore_faults(int N) {
  Kernel::get().Budget[int(ChoiceClass::Fault)] = N;
}
void model_explore_picks(int N) {
  Kernel::get().Budget[int(ChoiceClass::Pick)] = N;
}
void model_explore_preemptions(int N) {
  Kernel::get().Budget[int(ChoiceClass::Preempt)] = N;
}
void model_explore_callbacks(int N) {
  Kernel::get().Budget[int(ChoiceClass::Callback)] = N;
}

int model_callback_fires(const char *What, const char *File, int Line) {
  return Kernel::get().choose(2, ChoiceClass::Callback,
                              std::string(What) + " fires before its removal (" +
                                  at(File, Line).str() + ")");
}

void model_irq_request(unsigned int Irq, void *Handler, void *Dev) {
  if (Handler)
    Kernel::get().Irqs[{Irq, Dev}] = Handler;
}

void *model_irq_free(unsigned int Irq, void *Dev, const char *File, int Line) {
  Kernel &K = Kernel::get();
  auto It = K.Irqs.find({Irq, Dev});
  if (It == K.Irqs.end())
    return nullptr;
  void *Handler = It->second;
  K.Irqs.erase(It);
  return model_callback_fires("interrupt handler", File, Line) ? Handler
                                                               : nullptr;
}

void model_stop_interrupts_sleep(int On) {
  Kernel::get().StopInterruptsSleep = On;
}

void model_run_for(long Jiffies) {
  Kernel &K = Kernel::get();
  long Until = K.Jiffies + Jiffies;
  while (K.Jiffies < Until) {
    K.Current->Ts->__state = TaskUninterruptible;
    K.Current->WaitApi = nullptr;
    K.Current->SleepApi = "model_run_for";
    K.scheduleTimeout(Until - K.Jiffies);
  }
}

int model_stop_waiter(void *Data) {
  Kernel &K = Kernel::get();
  Task *T = K.Current;
  for (;;) {
    T->Ts->__state = TaskInterruptible;
    T->LastStopTestSeq = K.Seq;
    if (T->ShouldStop)
      break;
    T->WaitApi = nullptr;
    T->SleepApi = "model_stop_waiter";
    K.schedule();
  }
  T->Ts->__state = TaskRunning;
  return 0;
}

void model_teardown(struct task_struct *Ts) {
  Kernel &K = Kernel::get();
  if (!Ts || isErr(Ts))
    return;
  auto It = K.ByTs.find(Ts);
  if (It == K.ByTs.end())
    return;
  Task *T = It->second;
  if (!T->IsKthread || T->Freed || T->Exited || T->ShouldStop)
    return;
  K.stop(T, at("scenario teardown", 0));
}

void model_teardown_worker(struct kthread_worker *W) {
  if (!W || isErr(W))
    return;
  auto It = Workers.find(W);
  if (It == Workers.end() || It->second->Destroyed)
    return;
  model_kthread_destroy_worker(W, "scenario teardown", 0);
}

void model_invariant(int (*Holds)(void *), void *Arg, const char *What,
                     const char *File, int Line) {
  Kernel::get().Invariants.push_back({Holds, Arg, What, at(File, Line)});
}

void model_expect_woken(int Cond, struct task_struct *Ts, const char *What,
                        const char *File, int Line) {
  if (Cond)
    return;
  Kernel &K = Kernel::get();
  auto It = K.ByTs.find(Ts);
  Task *T = It == K.ByTs.end() ? nullptr : It->second;
  if (!T || !T->Blocked || T->Exited || !T->StateSite.File) {
    model_expect(Cond, What, File, Line);
    return;
  }
  Report("lost-wakeup",
         "the scenario expects '" + std::string(What) + "' at " +
             at(File, Line).str() + ", but " + describe(T) + " sleeps in '" +
             T->SleepApi + "' at " + T->SleepSite.str() +
             " since its set_current_state() at " + T->StateSite.str() +
             ": the wake-up for that work was lost")
      .site("site", T->StateSite)
      .stack("site", T->StateStack)
      .site("sleep", T->SleepSite)
      .emit();
}

void model_expect(int Cond, const char *What, const char *File, int Line) {
  if (Cond)
    return;
  Kernel &K = Kernel::get();
  std::string Sleepers;
  for (auto &T : K.Tasks)
    if (T->IsKthread && T->Blocked && !T->Exited && !T->Hung)
      Sleepers += "; " + describe(T.get()) + " sleeps in '" + T->SleepApi +
                  "' at " + T->SleepSite.str();
  Report("expectation", "the scenario expects '" + std::string(What) + "' at " +
                            at(File, Line).str() + ", which is false" +
                            Sleepers)
      .site("site", at(File, Line))
      .emit();
}

} // extern "C"
