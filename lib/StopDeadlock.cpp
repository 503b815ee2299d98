//===--- StopDeadlock.cpp -------------------------------------------------===//

#include "StopDeadlock.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "ModeGuards.h"
#include "NullFields.h"
#include "PointerFlow.h"
#include "clang/Basic/SourceManager.h"
#include <map>

using namespace clang;

namespace kthread {
namespace {

/// Which locks can be the same: a mutex is never an rw_semaphore.
enum class LockFamily { None, Mutex, Semaphore, Rwsem, Hotplug };

LockFamily familyOf(SleepLockKind Kind) {
  switch (Kind) {
  case SleepLockKind::Mutex:
    return LockFamily::Mutex;
  case SleepLockKind::Semaphore:
    return LockFamily::Semaphore;
  case SleepLockKind::RwsemRead:
  case SleepLockKind::RwsemWrite:
    return LockFamily::Rwsem;
  case SleepLockKind::HotplugRead:
  case SleepLockKind::HotplugWrite:
    return LockFamily::Hotplug;
  case SleepLockKind::None:
    break;
  }
  return LockFamily::None;
}

/// A lock as the file's functions share it: its family and the global or
/// struct field that holds it (none for the one CPU-hotplug lock), or for a
/// project's lock function given the object (`hw_lock(h)`), that object's
/// struct type.
struct LockKey {
  LockFamily Family = LockFamily::None;
  const Decl *Slot = nullptr;
  bool operator==(const LockKey &O) const {
    return Family == O.Family && Slot == O.Slot;
  }
};

/// A thread-side acquisition with the lock it takes.
struct Taking {
  LockKey Key;
  LockAcquisition What;
  /// The driver modes it runs in (in the thread function).
  std::vector<ModeGuard> Modes;
  bool operator==(const Taking &O) const {
    return Key == O.Key && What.Loc == O.What.Loc;
  }
};

/// What a file function does, as its callers see it.
struct Summary {
  /// Acquisitions that wait until the lock is free, whatever a stop does.
  std::vector<Taking> Takes;
  bool Sleeps = false;
  /// The kthread_stop() calls it reaches before it drops a lock its caller
  /// holds; the first one, for the note.
  std::vector<SourceLocation> Stops;
  std::string Inner;
  SourceLocation InnerLoc;
  /// What those stops stop: a field of a parameter (`p->task` is {0,
  /// task}), when every one of them does.
  std::vector<std::pair<unsigned, const FieldDecl *>> StopTasks;
  bool StopTasksKnown = true;
  bool operator==(const Summary &O) const {
    return Takes == O.Takes && Sleeps == O.Sleeps && Stops == O.Stops &&
           StopTasks == O.StopTasks && StopTasksKnown == O.StopTasksKnown;
  }
};

/// The sleeping locks a path holds, innermost last. The bound keeps a loop
/// that takes a lock without releasing it finite.
struct Held {
  static constexpr size_t Bound = 6;
  explicit Held(const NullFields::FieldSet &StoppedFields)
      : Nulls(StoppedFields) {}
  llvm::SmallVector<const CallExpr *, 2> Calls;
  /// The path released a lock it did not take: its caller's.
  bool DroppedCallers = false;
  NullFields Nulls;
  auto tie() const { return std::tie(Calls, DroppedCallers, Nulls); }
  bool operator<(const Held &O) const { return tie() < O.tie(); }
  void print(llvm::raw_ostream &OS) const { OS << Calls.size() << " held"; }
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, const KthreadApi &Api, const StopChecks &Checks,
           llvm::ArrayRef<FunctionCfg> Functions, const StoppedThreads &Threads)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Api(Api), Checks(Checks),
        Functions(Functions), Threads(Threads), Modes(Ctx, Functions) {
    findStoppedFields();
  }
  std::vector<StopDeadlockFinding> run();

private:
  const Summary *summaryOf(const CallExpr *Call) const;
  Summary summarise(const FunctionCfg &F) const;
  std::optional<Taking> blockingAcquisition(const CallExpr *Call) const;
  LockKey keyOf(const CallExpr *Call) const;
  LockAcquisition acquisition(const CallExpr *Call) const;
  const CallExpr *conditionalLockOf(const CFGBlock *B, unsigned &Success) const;
  bool sleeps(const CallExpr *Call) const;
  void addStopTasks(Summary &Sum, const FunctionDecl *F,
                    const CallExpr *Call) const;
  void findStoppedFields();
  bool callsStop(const FunctionCfg &F) const;
  /// Walks \p F's paths with what they hold; \p OnStop(Block, Call, Stops,
  /// H) at each stop (\p Stops: the kthread_stop() calls it reaches).
  template <typename StopFn>
  bool walkHeld(const FunctionCfg &F, StopFn OnStop) const;
  void findInStopper(const FunctionCfg &F);
  void report(const CFGBlock *B, const CallExpr *Stop,
              llvm::ArrayRef<SourceLocation> Stops, const CallExpr *Lock,
              const FunctionCfg &F);
  /// The acquisitions of \p Thread's function, each with how a stopped
  /// thread gets there.
  const std::vector<std::pair<Taking, StopDeadlockFinding::Path>> &
  takesOf(const FunctionCfg &Thread);
  SourceLocation userLoc(SourceLocation Loc) const {
    return SM.getFileLoc(Loc);
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const KthreadApi &Api;
  const StopChecks &Checks;
  llvm::ArrayRef<FunctionCfg> Functions;
  const StoppedThreads &Threads;
  ModeGuards Modes;
  /// The fields the file's stops take (`p->task`): the only ones a helper's
  /// NULL test of what it stops can be about.
  NullFields::FieldSet StoppedFields;
  llvm::DenseMap<const FunctionDecl *, Summary> Summaries;
  llvm::DenseMap<const FunctionDecl *,
                 std::vector<std::pair<Taking, StopDeadlockFinding::Path>>>
      ThreadTakes;
  std::map<std::tuple<unsigned, unsigned, const FunctionDecl *>,
           StopDeadlockFinding>
      Found;
};

const Summary *Analysis::summaryOf(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  auto It =
      Callee ? Summaries.find(Callee->getCanonicalDecl()) : Summaries.end();
  return It == Summaries.end() ? nullptr : &It->second;
}

/// The struct a project's lock function locks, when it is given the object
/// rather than the lock (a pointer to a kernel lock type says nothing of
/// which one).
static const Decl *lockOwnerType(QualType T) {
  const RecordDecl *Owner =
      T->isPointerType() ? T->getPointeeType()->getAsRecordDecl() : nullptr;
  if (!Owner || !Owner->getIdentifier())
    return nullptr;
  StringRef Name = Owner->getName();
  if (Name == "mutex" || Name == "semaphore" || Name == "rw_semaphore")
    return nullptr;
  return Owner->getCanonicalDecl();
}

LockKey Analysis::keyOf(const CallExpr *Call) const {
  const ApiEntry *E = Api.lookup(Call);
  LockKey Key{familyOf(E->Lock)};
  if (isGlobalLock(E->Lock))
    return Key;
  if (std::optional<StorageLocation> Lock = lockArgument(Call))
    Key.Slot = Lock->slot();
  if (!Key.Slot && Call->getNumArgs())
    Key.Slot = lockOwnerType(Call->getArg(0)->IgnoreParenImpCasts()->getType());
  return Key;
}

LockAcquisition Analysis::acquisition(const CallExpr *Call) const {
  LockAcquisition A;
  A.Loc = userLoc(Call->getBeginLoc());
  A.Api = nameAsWritten(Call, Api, Ctx);
  A.Kind = Api.lookup(Call)->Lock;
  if (isGlobalLock(A.Kind) || !Call->getNumArgs())
    return A;
  // As the user wrote it, without the `&`: `sampler.lock`, `d->lock`.
  const Expr *Arg = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Address = dyn_cast<UnaryOperator>(Arg);
      Address && Address->getOpcode() == UO_AddrOf)
    Arg = Address->getSubExpr();
  A.Lock = spelledText(Arg, Ctx);
  if (A.Lock.empty())
    if (std::optional<StorageLocation> Lock = lockArgument(Call)) {
      llvm::raw_string_ostream OS(A.Lock);
      Lock->print(OS);
    }
  return A;
}

/// \p Call as an acquisition that no stop, timeout or failure ends: it
/// waits for the lock to be free.
std::optional<Taking>
Analysis::blockingAcquisition(const CallExpr *Call) const {
  const ApiEntry *E = Api.lookup(Call);
  if (!E || E->What != Role::SleepLock || E->State == SleepState::None ||
      E->Timeout || stopEndsSleep(E->State, /*InterruptibleEndsOnStop=*/true))
    return std::nullopt;
  LockKey Key = keyOf(Call);
  if (!Key.Slot && !isGlobalLock(E->Lock))
    return std::nullopt; // A local lock: no other function shares it.
  return Taking{Key, acquisition(Call), {}};
}

bool Analysis::sleeps(const CallExpr *Call) const {
  if (const ApiEntry *E = Api.lookup(Call))
    return E->What == Role::Schedule || E->What == Role::WaitCompletion ||
           E->What == Role::Delay || E->What == Role::Sleep;
  const Summary *S = summaryOf(Call);
  return S && S->Sleeps;
}

/// The lock \p B's branch takes when it succeeds (`if
/// (mutex_lock_interruptible(&m)) return -EINTR;`), with in \p Success the
/// branch on which it holds.
const CallExpr *Analysis::conditionalLockOf(const CFGBlock *B,
                                            unsigned &Success) const {
  if (B->succ_size() != 2 || !B->getLastCondition())
    return nullptr;
  bool Negated = false;
  const auto *Call = dyn_cast<CallExpr>(
      peelCondition(B->getLastCondition(), Negated, Api)->IgnoreParenCasts());
  const ApiEntry *E = Call ? Api.lookup(Call) : nullptr;
  if (!E || E->What != Role::SleepLock || E->Taken == LockTaken::Always)
    return nullptr;
  bool HoldsWhenTrue = (E->Taken == LockTaken::OnNonZero) != Negated;
  Success = HoldsWhenTrue ? 0 : 1;
  return Call;
}

/// Whether \p Call is the condition of the block it ends: then the branch
/// decides whether the lock is held.
static bool isConditionOf(const CallExpr *Call, const CFGBlock *B,
                          const KthreadApi &Api) {
  if (!B->getLastCondition())
    return false;
  bool Negated = false;
  return peelCondition(B->getLastCondition(), Negated, Api)
             ->IgnoreParenCasts() == Call;
}

/// Whether every stop \p Sum makes is of a field that is NULL here
/// (`mbus->tx_thread` of a fresh `mbus`): the helper's NULL test skips it.
static bool stopsNothing(const Summary &Sum, const CallExpr *Call,
                         const Held &H) {
  if (!Sum.StopTasksKnown || Sum.StopTasks.empty())
    return false;
  return llvm::all_of(Sum.StopTasks, [&](const auto &Task) {
    if (Task.first >= Call->getNumArgs())
      return false;
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Call->getArg(Task.first)->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && H.Nulls.isNull(Var, Task.second);
  });
}

/// The parameter of \p F that \p E is, and its index.
static std::optional<unsigned> parameterIndex(const FunctionDecl *F,
                                              const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!Param || Param->getDeclContext() != F)
    return std::nullopt;
  return Param->getFunctionScopeIndex();
}

/// Adds to \p Sum what the stop \p Call stops, in \p F's parameters.
void Analysis::addStopTasks(Summary &Sum, const FunctionDecl *F,
                            const CallExpr *Call) const {
  if (const Summary *Callee = summaryOf(Call)) {
    Sum.StopTasksKnown &= Callee->StopTasksKnown;
    for (auto [Index, Field] : Callee->StopTasks) {
      std::optional<unsigned> Mine =
          Index < Call->getNumArgs() ? parameterIndex(F, Call->getArg(Index))
                                     : std::nullopt;
      if (!Mine)
        Sum.StopTasksKnown = false;
      else if (!llvm::is_contained(Sum.StopTasks, std::pair{*Mine, Field}))
        Sum.StopTasks.push_back({*Mine, Field});
    }
    return;
  }
  // `p->task` of a parameter `p`: the one shape a caller can follow.
  std::optional<StorageLocation> Task =
      Call->getNumArgs() ? StorageLocation::of(Call->getArg(0)) : std::nullopt;
  const auto *Param =
      Task ? dyn_cast_or_null<ParmVarDecl>(Task->root()) : nullptr;
  const auto *Field = Task && Task->steps().size() == 1
                          ? dyn_cast_or_null<FieldDecl>(Task->steps()[0].Decl)
                          : nullptr;
  std::optional<unsigned> Index;
  if (Param && Field && Param->getDeclContext() == F)
    Index = Param->getFunctionScopeIndex();
  if (!Index)
    Sum.StopTasksKnown = false;
  else if (!llvm::is_contained(Sum.StopTasks, std::pair{*Index, Field}))
    Sum.StopTasks.push_back({*Index, Field});
}

void Analysis::findStoppedFields() {
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call || !Call->getNumArgs() ||
          !(Api.is(Call, Role::Stop) || Api.is(Call, Role::StopPut)))
        return;
      std::optional<StorageLocation> Task =
          StorageLocation::of(Call->getArg(0));
      if (Task && Task->steps().size() == 1)
        if (const auto *Field =
                dyn_cast_or_null<FieldDecl>(Task->steps()[0].Decl))
          StoppedFields.insert(Field);
    });
}

/// Whether \p F calls a stop, itself or through a file function: the
/// only places a walk of what its paths hold reports anything.
bool Analysis::callsStop(const FunctionCfg &F) const {
  bool Found = false;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const Summary *Sum = Call ? summaryOf(Call) : nullptr;
    Found = Found || (Sum && !Sum->Stops.empty());
  });
  return Found || callsRole(F, Api, Role::Stop) ||
         callsRole(F, Api, Role::StopPut);
}

template <typename StopFn>
bool Analysis::walkHeld(const FunctionCfg &F, StopFn OnStop) const {
  if (!callsStop(F))
    return true;
  auto Release = [&](Held &H, const CallExpr *Unlock) {
    LockKey Key = keyOf(Unlock);
    for (size_t I = H.Calls.size(); I-- > 0;)
      if (keyOf(H.Calls[I]) == Key) {
        H.Calls.erase(H.Calls.begin() + I);
        return;
      }
    H.DroppedCallers = true;
  };
  auto Transfer = [&](const CFGBlock *B, unsigned, const Stmt *S, Held &H) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call) {
      H.Nulls.apply(S, Api);
      return true;
    }
    const ApiEntry *E = Api.lookup(Call);
    if (E && E->What == Role::SleepLock) {
      if (H.Calls.size() < Held::Bound &&
          (E->Taken == LockTaken::Always || !isConditionOf(Call, B, Api)))
        H.Calls.push_back(Call);
    } else if (E && E->What == Role::SleepUnlock) {
      Release(H, Call);
    } else if (E && (E->What == Role::Stop || E->What == Role::StopPut)) {
      SourceLocation Loc = userLoc(Call->getBeginLoc());
      OnStop(B, Call, llvm::ArrayRef<SourceLocation>(Loc), H);
    } else if (const Summary *Sum = summaryOf(Call);
               Sum && !Sum->Stops.empty() && !stopsNothing(*Sum, Call, H)) {
      OnStop(B, Call, llvm::ArrayRef<SourceLocation>(Sum->Stops), H);
    }
    H.Nulls.apply(S, Api);
    return true;
  };
  auto Branch = [&](const CFGBlock *B, Held &H, Successors<Held> &Next) {
    unsigned Success = 0;
    const CallExpr *Lock = conditionalLockOf(B, Success);
    if (!Lock || H.Calls.size() >= Held::Bound) {
      Next.pushAll(B, H);
      return;
    }
    Held Taken = H;
    Taken.Calls.push_back(Lock);
    Next.push(B->succ_begin()[Success].getReachableBlock(), Taken);
    Next.push(B->succ_begin()[1 - Success].getReachableBlock(), H);
  };
  return !walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, Held(StoppedFields),
                    Transfer, Branch)
              .Exhausted;
}

Summary Analysis::summarise(const FunctionCfg &F) const {
  Summary Sum;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    Sum.Sleeps |= sleeps(Call);
    if (std::optional<Taking> T = blockingAcquisition(Call)) {
      T->What.Helper = F.FD->getNameAsString();
      Sum.Takes.push_back(*T);
    } else if (const Summary *Callee = summaryOf(Call)) {
      for (const Taking &T : Callee->Takes)
        if (!llvm::is_contained(Sum.Takes, T))
          Sum.Takes.push_back(T);
    }
  });
  walkHeld(F, [&](const CFGBlock *, const CallExpr *Call,
                  llvm::ArrayRef<SourceLocation> Stops, const Held &H) {
    if (H.DroppedCallers)
      return;
    if (Sum.Stops.empty()) {
      const Summary *Callee = summaryOf(Call);
      Sum.Inner = Callee ? Callee->Inner : nameAsWritten(Call, Api, Ctx);
      Sum.InnerLoc = Callee ? Callee->InnerLoc : Stops.front();
    }
    for (SourceLocation Loc : Stops)
      if (!llvm::is_contained(Sum.Stops, Loc))
        Sum.Stops.push_back(Loc);
    addStopTasks(Sum, F.FD, Call);
  });
  return Sum;
}

const std::vector<std::pair<Taking, StopDeadlockFinding::Path>> &
Analysis::takesOf(const FunctionCfg &Thread) {
  auto [It, New] = ThreadTakes.try_emplace(Thread.FD->getCanonicalDecl());
  if (!New)
    return It->second;
  // The points a stopped thread reaches without testing the stop again:
  // from the stop branch of a test, and from each sleep.
  using Path = StopDeadlockFinding::Path;
  auto Reached = [&](Path Seeds) {
    llvm::DenseMap<const CFGBlock *, unsigned> From;
    llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 16> Work;
    auto StopTest = [&](const CFGBlock *B, std::optional<unsigned> &StopSucc) {
      const Expr *Cond = B->succ_size() == 2 ? B->getLastCondition() : nullptr;
      if (!Cond || !Checks.mentions(Cond))
        return false;
      bool Negated = false;
      const auto *Call = dyn_cast<CallExpr>(
          peelCondition(Cond, Negated, Api)->IgnoreParenCasts());
      if (Call && Checks.isStopCheck(Call))
        StopSucc = Negated ? 1 : 0;
      return true;
    };
    for (const CFGBlock *B : *Thread.Cfg) {
      std::optional<unsigned> StopSucc;
      if (Seeds == Path::AfterStop && StopTest(B, StopSucc) && StopSucc)
        if (const CFGBlock *Next =
                B->succ_begin()[*StopSucc].getReachableBlock())
          Work.push_back({Next, 0});
      if (Seeds == Path::AfterSleep)
        for (unsigned I = 0; I < B->size(); ++I)
          if (std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>())
            if (const auto *Call = dyn_cast<CallExpr>(S->getStmt());
                Call && sleeps(Call))
              Work.push_back({B, I + 1});
    }
    while (!Work.empty()) {
      auto [B, Index] = Work.pop_back_val();
      auto [Seen, First] = From.try_emplace(B, Index);
      if (!First && Seen->second <= Index)
        continue;
      Seen->second = Index;
      std::optional<unsigned> StopSucc;
      if (StopTest(B, StopSucc))
        continue; // Past a test, it saw the stop or may run on for long.
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (Succ.getReachableBlock())
          Work.push_back({Succ.getReachableBlock(), 0});
    }
    return From;
  };
  auto AfterStop = Reached(Path::AfterStop);
  auto AfterSleep = Reached(Path::AfterSleep);
  auto Classify = [&](const CFGBlock *B, unsigned Index) {
    auto Within = [&](const llvm::DenseMap<const CFGBlock *, unsigned> &M) {
      auto Found = M.find(B);
      return Found != M.end() && Found->second <= Index;
    };
    return Within(AfterStop)    ? Path::AfterStop
           : Within(AfterSleep) ? Path::AfterSleep
                                : Path::WhileRunning;
  };
  std::vector<std::pair<Taking, Path>> Takes;
  for (const CFGBlock *B : *Thread.Cfg)
    for (unsigned I = 0; I < B->size(); ++I) {
      // Which instances of the thread a stop stops is not followed: an
      // acquisition in some instances only (ipvs's estimator 0 drains the
      // list, the others never lock) is left out.
      if (I == 0 && Modes.dependsOnInstance(Thread, B))
        break;
      std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>();
      const auto *Call = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
      if (!Call)
        continue;
      if (std::optional<Taking> T = blockingAcquisition(Call)) {
        T->Modes = Modes.within(Thread, B);
        Takes.push_back({*T, Classify(B, I)});
      } else if (const Summary *Callee = summaryOf(Call)) {
        for (Taking T : Callee->Takes) {
          T.What.CallLoc = userLoc(Call->getBeginLoc());
          T.What.Called = calleeName(Call).str();
          T.Modes = Modes.within(Thread, B);
          Takes.push_back({T, Classify(B, I)});
        }
      }
    }
  // The most likely way first.
  llvm::stable_sort(
      Takes, [](const auto &L, const auto &R) { return L.second < R.second; });
  return It->second = std::move(Takes);
}

void Analysis::report(const CFGBlock *B, const CallExpr *Stop,
                      llvm::ArrayRef<SourceLocation> Stops,
                      const CallExpr *Lock, const FunctionCfg &F) {
  LockKey Key = keyOf(Lock);
  LockAcquisition Held = acquisition(Lock);
  SourceLocation StopLoc = userLoc(Stop->getBeginLoc());
  for (const StoppedThread &T : Threads.threads()) {
    if (!T.Runs || !llvm::any_of(T.Stops, [&](const StopCall *C) {
          return C->Loc == StopLoc || llvm::is_contained(Stops, C->Loc);
        }))
      continue;
    for (const auto &[Take, How] : takesOf(*T.Thread)) {
      // The thread takes the lock only in a mode that no way to this stop
      // is in (hwlat's round-robin thread, stopped only in per-CPU mode).
      if (!(Take.Key == Key) || Modes.excludedBy(Take.Modes, F, B))
        continue;
      StopDeadlockFinding Finding;
      Finding.Loc = StopLoc;
      Finding.Callee = nameAsWritten(Stop, Api, Ctx);
      if (const Summary *Callee = summaryOf(Stop)) {
        Finding.Inner = Callee->Inner;
        Finding.InnerLoc = Callee->InnerLoc;
      }
      Finding.Function = F.FD->getNameAsString();
      Finding.Held = Held;
      Finding.Wanted = Take.What;
      Finding.How = How;
      Finding.ThreadFunction = T.Thread->FD->getNameAsString();
      Finding.CreateName = T.CreateName;
      Finding.CreationLoc = T.CreationLoc;
      bool Excludes = excludes(Held.Kind, Take.What.Kind);
      Finding.Chance = Excludes && How != StopDeadlockFinding::WhileRunning
                           ? Likelihood::Certain
                           : Likelihood::Race;
      Found.try_emplace({StopLoc.getRawEncoding(), Held.Loc.getRawEncoding(),
                         T.Thread->FD->getCanonicalDecl()},
                        std::move(Finding));
      break;
    }
  }
}

void Analysis::findInStopper(const FunctionCfg &F) {
  std::vector<std::tuple<const CFGBlock *, const CallExpr *,
                         std::vector<SourceLocation>, const CallExpr *>>
      Here;
  bool Complete =
      walkHeld(F, [&](const CFGBlock *B, const CallExpr *Call,
                      llvm::ArrayRef<SourceLocation> Stops, const Held &H) {
        for (const CallExpr *Lock : H.Calls)
          Here.emplace_back(B, Call, Stops.vec(), Lock);
      });
  if (!Complete)
    return;
  for (const auto &[B, Stop, Stops, Lock] : Here)
    report(B, Stop, Stops, Lock, F);
}

std::vector<StopDeadlockFinding> Analysis::run() {
  summariseToFixedPoint(Functions, Summaries,
                        [&](const FunctionCfg &F) { return summarise(F); });
  for (const FunctionCfg &F : Functions)
    findInStopper(F);
  std::vector<StopDeadlockFinding> Out;
  for (auto &[Key, Finding] : Found)
    Out.push_back(std::move(Finding));
  llvm::sort(Out,
             [&](const StopDeadlockFinding &L, const StopDeadlockFinding &R) {
               if (L.Loc != R.Loc)
                 return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
               if (L.Held.Loc != R.Held.Loc)
                 return SM.isBeforeInTranslationUnit(L.Held.Loc, R.Held.Loc);
               return L.ThreadFunction < R.ThreadFunction;
             });
  return Out;
}

} // namespace

std::vector<StopDeadlockFinding> findStopDeadlocks(
    ASTContext &Ctx, const KthreadApi &Api, const StopChecks &Checks,
    llvm::ArrayRef<FunctionCfg> Functions, const StoppedThreads &Threads) {
  return Analysis(Ctx, Api, Checks, Functions, Threads).run();
}

} // namespace kthread
