//===--- ThreadLeak.cpp ---------------------------------------------------===//

#include "ThreadLeak.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "ErrorCodes.h"
#include "FactModel.h"
#include "PointerFlow.h"
#include "StopSites.h"
#include "StoppedThreads.h"
#include "ThreadExit.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/SourceManager.h"
#include <map>

using namespace clang;

namespace kthread {
namespace {

/// A place holding a thread this path created, and whether it runs yet.
/// A thread whose last place was overwritten still runs, out of reach
/// (Lost): nothing can stop it any more.
struct Started {
  StorageLocation Task;
  /// The store of the creation.
  const Stmt *By;
  bool Running;
  bool Lost = false;
  auto tie() const { return std::tie(Task, By, Running, Lost); }
  bool operator<(const Started &O) const { return tie() < O.tie(); }
};

/// What a path knows of a value: a place non-zero (non-NULL) or zero, from
/// a test it passed or a constant it stored; or a condition's outcome, by
/// its text, for a test it repeats (`if (cfg->dir == TX)` twice).
struct Known {
  std::optional<StorageLocation> Place;
  std::string Condition;
  bool NonZero;
  auto tie() const { return std::tie(Place, Condition, NonZero); }
  bool operator<(const Known &O) const { return tie() < O.tie(); }
};

struct LeakState {
  llvm::SmallVector<Started, 2> Tasks;
  llvm::SmallVector<Known, 2> Facts;
  /// Locals that hold an error code on this path.
  ErrorLocals Errors;
  /// The test that made one of them an error, and a free of a thread's
  /// data, on this path.
  const Stmt *ErrorTest = nullptr;
  const CallExpr *Free = nullptr;

  auto tie() const { return std::tie(Tasks, Facts, Errors, ErrorTest, Free); }
  bool operator<(const LeakState &O) const { return tie() < O.tie(); }
  void print(llvm::raw_ostream &OS) const {
    OS << Tasks.size() << " started, " << Errors.size() << " errors";
  }
  /// The thread in \p L is stopped, handed over or was never created:
  /// every place holding that thread lets it go.
  void forget(const StorageLocation &L) {
    llvm::SmallPtrSet<const Stmt *, 2> Threads;
    for (const Started &S : Tasks)
      if (!S.Lost && S.Task.sameAs(L))
        Threads.insert(S.By);
    llvm::erase_if(Tasks, [&](const Started &S) {
      return Threads.count(S.By) ||
             (!S.Lost && (S.Task.sameAs(L) || S.Task.dependsOn(L)));
    });
  }
  /// \p L is overwritten: a running thread it held stays, out of reach,
  /// unless another place holds it. A place that only depends on \p L (an
  /// index, a base pointer) now names other storage: it is not followed.
  void overwrite(const StorageLocation &L) {
    for (Started &S : Tasks) {
      if (S.Lost || !S.Task.sameAs(L))
        continue;
      bool Elsewhere = llvm::any_of(Tasks, [&](const Started &O) {
        return &O != &S && !O.Lost && O.By == S.By && !O.Task.sameAs(L);
      });
      S.Lost = S.Running && !Elsewhere;
    }
    llvm::erase_if(Tasks, [&](const Started &S) {
      return !S.Lost && (S.Task.sameAs(L) || S.Task.dependsOn(L));
    });
    llvm::sort(Tasks);
    // A condition's text stays true through writes to what it does not
    // name (`err = connect()` between two tests of `cfg->dir == TX`).
    const auto *Slot =
        dyn_cast_or_null<NamedDecl>(L.slot() ? L.slot() : L.root());
    llvm::erase_if(Facts, [&](const Known &K) {
      if (K.Place)
        return K.Place->sameAs(L) || K.Place->dependsOn(L);
      return !Slot || StringRef(K.Condition).contains(Slot->getName());
    });
  }
  std::optional<bool> known(const StorageLocation &L) const {
    for (const Known &K : Facts)
      if (K.Place && K.Place->sameAs(L))
        return K.NonZero;
    return std::nullopt;
  }
  std::optional<bool> known(llvm::StringRef Condition) const {
    for (const Known &K : Facts)
      if (!K.Place && K.Condition == Condition)
        return K.NonZero;
    return std::nullopt;
  }
  void learn(Known K) {
    llvm::erase_if(Facts, [&](const Known &O) {
      return O.Condition == K.Condition && O.Place.has_value() == K.Place.has_value() &&
             (!K.Place || O.Place->sameAs(*K.Place));
    });
    Facts.push_back(std::move(K));
    llvm::sort(Facts);
  }
  Started *find(const StorageLocation &L) {
    for (Started &S : Tasks)
      if (!S.Lost && S.Task.sameAs(L))
        return &S;
    return nullptr;
  }
};

/// An entry function: nothing undoes what it did when it fails.
struct EntryPoint {
  const FunctionCfg *F;
  ThreadLeakFinding::Entry Kind;
  std::string Field;
};

/// The place a store writes, as written: `priv->task`, `t`.
std::string storedText(const Stmt *S, const ASTContext &Ctx) {
  if (const auto *Assign = dyn_cast<BinaryOperator>(S))
    return spelledText(Assign->getLHS(), Ctx);
  if (const auto *Decl = dyn_cast<DeclStmt>(S))
    if (Decl->isSingleDecl())
      if (const auto *Named = dyn_cast<NamedDecl>(Decl->getSingleDecl()))
        return Named->getNameAsString();
  return "";
}

/// The fact a test of \p Peeled teaches its two sides: the place is
/// non-zero on one and zero on the other, or the condition's text holds.
static Known factOf(const Expr *Peeled, const ASTContext &Ctx, bool NonZero) {
  if (std::optional<StorageLocation> L = StorageLocation::of(Peeled))
    return {*L, "", NonZero};
  return {std::nullopt, spelledText(Peeled, Ctx), NonZero};
}

static bool sameSubject(const Known &L, const Known &R) {
  return L.Condition == R.Condition &&
         L.Place.has_value() == R.Place.has_value() &&
         (!L.Place || L.Place->sameAs(*R.Place));
}

/// The tests of one function's branches. A fact matters only to a later
/// test of the same subject: one kept without one would only split the
/// paths of a long probe (msp3400's) that tests each setting once.
class TestSites {
public:
  TestSites(const FunctionCfg &F, const KthreadApi &Api,
            const ASTContext &Ctx) {
    for (const CFGBlock *B : *F.Cfg) {
      const Expr *Cond = B->succ_size() == 2 ? B->getLastCondition() : nullptr;
      bool Negated = false;
      if (const Expr *Peeled =
              Cond ? peelCondition(Cond, Negated, Api) : nullptr)
        Sites.push_back({factOf(Peeled, Ctx, true), B});
    }
  }
  /// Whether a test after block \p At (after a store: null) may ask about
  /// \p Fact's subject: another test of it, or \p At again on a loop.
  bool asksAgain(const Known &Fact, const CFGBlock *At) const {
    for (const auto &[Tested, B] : Sites)
      if (sameSubject(Tested, Fact) && (B != At || onLoop(At)))
        return true;
    return false;
  }

private:
  bool onLoop(const CFGBlock *At) const {
    auto [Cached, New] = Loops.try_emplace(At, false);
    if (!New)
      return Cached->second;
    llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
    llvm::SmallVector<const CFGBlock *, 32> Work(At->succ_begin(),
                                                 At->succ_end());
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      if (B == At)
        return Loops[At] = true;
      if (B && Seen.insert(B).second)
        Work.append(B->succ_begin(), B->succ_end());
    }
    return false;
  }
  std::vector<std::pair<Known, const CFGBlock *>> Sites;
  mutable llvm::DenseMap<const CFGBlock *, bool> Loops;
};

class Analysis {
public:
  explicit Analysis(const FactModel &M)
      : M(M), Api(M.api()), SM(M.sourceManager()) {}
  std::vector<ThreadLeakFinding> run();

private:
  std::vector<EntryPoint> entries() const;
  const FunctionDecl *aliasTarget(StringRef Alias) const;
  bool storesCreation(const FunctionCfg &F) const;
  void walk(const EntryPoint &E);
  void transfer(const Stmt *S, LeakState &State) const;
  void branch(const CFGBlock *B, LeakState &State,
              Successors<LeakState> &Next) const;
  bool followKnown(const Expr *Peeled, bool Negated, const CFGBlock *True,
                   const CFGBlock *False, LeakState &State,
                   Successors<LeakState> &Next) const;
  void learnBoth(const CFGBlock *B, const Expr *Peeled, bool Negated,
                 const CFGBlock *True, const CFGBlock *False, LeakState &State,
                 Successors<LeakState> &Next) const;
  bool stopTested(const Stmt *By) const;
  void report(const EntryPoint &E, const ReturnStmt *Ret,
              const LeakState &State, const Started &T);
  void findNeverStopped(const EntryPoint &Entry);
  const ValueDecl *privateSlot(const kthread::Store &W,
                               ThreadLeakFinding::Entry Kind) const;
  bool handedOver(const ValueDecl *Slot) const;
  std::optional<Creation> creationOf(const Stmt *Store) const;

  const FactModel &M;
  const KthreadApi &Api;
  const SourceManager &SM;
  std::map<std::pair<const Stmt *, const Stmt *>, ThreadLeakFinding> Found;
  /// The fields and globals some function of the file stops.
  llvm::SmallPtrSet<const ValueDecl *, 8> StoppedSlots;
  /// The tests of the function being walked.
  std::optional<TestSites> Tests;
};

/// The function `init_module` or `cleanup_module` is an alias of
/// (module_init(), module_exit() in a module).
const FunctionDecl *Analysis::aliasTarget(StringRef Alias) const {
  for (const Decl *D : M.context().getTranslationUnitDecl()->decls()) {
    const auto *FD = dyn_cast<FunctionDecl>(D);
    const auto *A =
        FD && FD->getName() == Alias ? FD->getAttr<AliasAttr>() : nullptr;
    if (!A)
      continue;
    for (const FunctionCfg &F : M.functions())
      if (F.FD->getName() == A->getAliasee())
        return F.FD;
  }
  return nullptr;
}

std::vector<EntryPoint> Analysis::entries() const {
  std::vector<EntryPoint> Out;
  const FunctionDecl *Init = aliasTarget("init_module");
  for (const FunctionCfg &F : M.functions()) {
    if (F.FD == Init) {
      Out.push_back({&F, ThreadLeakFinding::ModuleInit, ""});
      continue;
    }
    for (const std::string &Field : M.tableFieldsOf(F.FD)) {
      if (Field == "probe" || Field == "probe_new") {
        Out.push_back({&F, ThreadLeakFinding::Probe, Field});
        break;
      }
      if (Field == "open" || Field == "ndo_open") {
        Out.push_back({&F, ThreadLeakFinding::Open, Field});
        break;
      }
    }
  }
  return Out;
}

/// Whether the thread \p By creates is one kthread_stop() ends: its
/// function tests kthread_should_stop(). Others end by the driver's own
/// protocol (a flag and a completion), which an error path may follow.
bool Analysis::stopTested(const Stmt *By) const {
  std::optional<Creation> C = creationOf(By);
  const FunctionDecl *Thread =
      C ? CreationRecognizer::threadFunction(*C) : nullptr;
  if (!Thread)
    return false;
  if (const FunctionDecl *Def = Thread->getDefinition(); Def && Def->getBody())
    return M.stopChecks().mentions(Def->getBody());
  // Defined in another file (or its body not parsed): the file's own
  // kthread_stop() of the place (in remove) says it is a thread
  // kthread_stop() ends.
  for (const kthread::Store &W : storesOf(By))
    if (W.Target && StoppedSlots.count(W.Target->slot()))
      return true;
  return false;
}

std::optional<Creation> Analysis::creationOf(const Stmt *Store) const {
  for (const kthread::Store &W : storesOf(Store))
    if (W.Value)
      if (std::optional<Creation> C = M.creations().recognize(W.Value))
        return C;
  return std::nullopt;
}

void Analysis::transfer(const Stmt *S, LeakState &State) const {
  const auto *Call = dyn_cast<CallExpr>(S);
  const ApiEntry *Entry = Call ? Api.lookup(Call) : nullptr;
  if (Call) {
    for (const Stop &Done : M.stops().stopsOf(S)) {
      State.forget(Done.Task);
      if (Done.Origin)
        State.forget(*Done.Origin);
    }
    if (Entry && Entry->What == Role::Wake && Entry->Arg < Call->getNumArgs())
      if (std::optional<StorageLocation> T =
              StorageLocation::of(Call->getArg(Entry->Arg)))
        if (Started *Found = State.find(*T))
          Found->Running = true;
    // devm runs the action when the device goes: it may stop the thread.
    if (Entry && Entry->What == Role::CleanupAction)
      State.Tasks.clear();
    if (Entry && Entry->What == Role::Free && Entry->Arg < Call->getNumArgs())
      if (std::optional<StorageLocation> Freed =
              StorageLocation::of(Call->getArg(Entry->Arg)))
        for (const Started &T : State.Tasks)
          if (T.Task.dependsOn(*Freed) || T.Task.isWithin(*Freed))
            State.Free = Call;
    // A task handed to a function of the file or another subsystem is
    // theirs to stop.
    if (!Entry)
      for (const Expr *Arg : Call->arguments())
        if (std::optional<StorageLocation> L = StorageLocation::of(Arg))
          if (State.find(*L))
            State.forget(*L);
  }
  for (const kthread::Store &W : storesOf(S)) {
    if (!W.Target)
      continue;
    State.Errors.apply(W, Api, M.context());
    State.overwrite(*W.Target);
    if (!W.Value)
      continue;
    Expr::EvalResult Constant;
    if (!W.Value->isValueDependent() &&
        W.Value->IgnoreParenImpCasts()->EvaluateAsInt(Constant, M.context()))
      if (Known Fact{*W.Target, "", Constant.Val.getInt().getBoolValue()};
          Tests->asksAgain(Fact, nullptr))
        State.learn(std::move(Fact));
    if (std::optional<Creation> C = M.creations().recognize(W.Value)) {
      if (!C->makesWorker()) {
        State.Tasks.push_back({*W.Target, S, !C->startsAsleep()});
        llvm::sort(State.Tasks);
      }
    } else if (std::optional<StorageLocation> From =
                   StorageLocation::of(W.Value)) {
      if (Started *Copied = State.find(*From)) {
        Started Copy{*W.Target, Copied->By, Copied->Running};
        State.Tasks.push_back(Copy);
        llvm::sort(State.Tasks);
      }
    }
  }
}

void Analysis::branch(const CFGBlock *B, LeakState &State,
                      Successors<LeakState> &Next) const {
  if (B->succ_size() != 2) {
    Next.pushAll(B, State);
    return;
  }
  const CFGBlock *True = B->succ_begin()[0].getReachableBlock();
  const CFGBlock *False = B->succ_begin()[1].getReachableBlock();
  BranchCondition Cond = branchOf(B, Api);
  std::optional<StorageLocation> Tested =
      Cond.Pointer ? StorageLocation::of(Cond.Pointer) : std::nullopt;
  if (int Valid = validSuccessor(Cond);
      Valid >= 0 && Tested && State.find(*Tested)) {
    // No thread on the ERR_PTR side (also of a test for one error code:
    // `t == ERR_PTR(-ENOMEM)`), nor on the NULL side.
    unsigned NoThread = 1 - Valid;
    LeakState Without = State;
    Without.forget(*Tested);
    Next.push(NoThread == 0 ? True : False, Without);
    Next.push(NoThread == 0 ? False : True, State);
    return;
  }
  // `if (err)`, `if (err < 0)`: the true side has the error.
  const Expr *C = B->getLastCondition();
  bool Negated = false;
  const Expr *Peeled = C ? peelCondition(C, Negated, Api) : nullptr;
  if (Peeled && followKnown(Peeled, Negated, True, False, State, Next))
    return;
  const VarDecl *V = Peeled ? errorLocalTested(Peeled, M.context()) : nullptr;
  if (!V) {
    learnBoth(B, Peeled, Negated, True, False, State, Next);
    return;
  }
  LeakState Failing = State, Passing = State;
  Failing.Errors.set(V, true);
  Failing.ErrorTest = B->getTerminatorStmt();
  Passing.Errors.set(V, false);
  Next.push(Negated ? False : True, Failing);
  Next.push(Negated ? True : False, Passing);
}

/// A test whose outcome the path knows goes one way only.
bool Analysis::followKnown(const Expr *Peeled, bool Negated,
                           const CFGBlock *True, const CFGBlock *False,
                           LeakState &State,
                           Successors<LeakState> &Next) const {
  Known Fact = factOf(Peeled, M.context(), true);
  std::optional<bool> Value = Fact.Place ? State.known(*Fact.Place)
                              : Fact.Condition.empty()
                                  ? std::nullopt
                                  : State.known(Fact.Condition);
  if (!Value)
    return false;
  Next.push(*Value != Negated ? True : False, State);
  return true;
}

/// Both sides, each knowing the test's outcome.
void Analysis::learnBoth(const CFGBlock *B, const Expr *Peeled, bool Negated,
                         const CFGBlock *True, const CFGBlock *False,
                         LeakState &State, Successors<LeakState> &Next) const {
  if (!Peeled) {
    Next.push(True, State);
    Next.push(False, State);
    return;
  }
  Known Fact = factOf(Peeled, M.context(), true);
  if ((!Fact.Place && Fact.Condition.empty()) || !Tests->asksAgain(Fact, B)) {
    Next.push(True, State);
    Next.push(False, State);
    return;
  }
  LeakState OnTrue = State, OnFalse = State;
  Fact.NonZero = !Negated;
  OnTrue.learn(Fact);
  Fact.NonZero = Negated;
  OnFalse.learn(Fact);
  Next.push(True, OnTrue);
  Next.push(False, OnFalse);
}

/// Whether \p F stores a thread it creates: the walk follows nothing else,
/// and a long probe without one has many paths for nothing.
bool Analysis::storesCreation(const FunctionCfg &F) const {
  bool Found = false;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    for (const kthread::Store &W : storesOf(S)) {
      std::optional<Creation> C = !Found && W.Target && W.Value
                                      ? M.creations().recognize(W.Value)
                                      : std::nullopt;
      Found = Found || (C && !C->makesWorker());
    }
  });
  return Found;
}

void Analysis::walk(const EntryPoint &E) {
  if (!storesCreation(*E.F))
    return;
  Tests.emplace(*E.F, Api, M.context());
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S,
                      LeakState &State) {
    if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
      if (Ret->getRetValue() &&
          State.Errors.holdsError(Ret->getRetValue(), Api, M.context()))
        for (const Started &T : State.Tasks)
          if (T.Running && stopTested(T.By))
            report(E, Ret, State, T);
      return true;
    }
    if (isNoReturnCall(S))
      return false;
    transfer(S, State);
    return true;
  };
  auto Branch = [&](const CFGBlock *B, LeakState &State,
                    Successors<LeakState> &Next) { branch(B, State, Next); };
  walkPaths(*E.F->Cfg, &E.F->Cfg->getEntry(), 0, LeakState(), Transfer, Branch);
}

void Analysis::report(const EntryPoint &E, const ReturnStmt *Ret,
                      const LeakState &State, const Started &T) {
  auto Key = std::make_pair(T.By, static_cast<const Stmt *>(Ret));
  if (Found.count(Key))
    return;
  ThreadLeakFinding F;
  F.FindingKind = ThreadLeakFinding::ErrorPath;
  F.EntryKind = E.Kind;
  F.Loc = M.userLoc(Ret->getBeginLoc());
  F.Task = storedText(T.By, M.context());
  for (const kthread::Store &W : storesOf(T.By))
    if (W.Value)
      F.CreationLoc = M.userLoc(W.Value->getBeginLoc());
  if (std::optional<Creation> C = creationOf(T.By))
    F.CreateApi = C->Api;
  F.Function = E.F->FD->getNameAsString();
  F.Field = E.Field;
  if (State.ErrorTest)
    F.ErrorTestLoc = M.userLoc(State.ErrorTest->getBeginLoc());
  if (State.Free) {
    F.FreeCall = nameAsWritten(State.Free, Api, M.context());
    F.FreeLoc = M.userLoc(State.Free->getBeginLoc());
  }
  Found.emplace(Key, std::move(F));
}

/// The place a store of an entry function's creation writes, when only
/// this file can stop what it holds: a static global for a module's init,
/// a field of a struct the main file defines for a probe.
const ValueDecl *Analysis::privateSlot(const kthread::Store &W,
                                       ThreadLeakFinding::Entry Kind) const {
  if (!W.Target)
    return nullptr;
  const ValueDecl *Slot = W.Target->slot();
  if (Kind == ThreadLeakFinding::ModuleInit) {
    const auto *Global = W.Target->root() == Slot
                             ? dyn_cast_or_null<VarDecl>(Slot)
                             : nullptr;
    return Global && Global->hasGlobalStorage() &&
                   !Global->isExternallyVisible()
               ? Global
               : nullptr;
  }
  const auto *Field = dyn_cast_or_null<FieldDecl>(Slot);
  return Field && SM.isInMainFile(SM.getExpansionLoc(
                      Field->getParent()->getLocation()))
             ? Field
             : nullptr;
}

/// Whether a call the API table does not know is given the task in
/// \p Slot: it may keep it and stop it. (A devm action or a helper of the
/// file that stops it is among the file's stops.)
bool Analysis::handedOver(const ValueDecl *Slot) const {
  bool Handed = false;
  for (const FunctionCfg &F : M.functions())
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call || Handed || Api.lookup(Call))
        return;
      for (const Expr *Arg : Call->arguments())
        if (std::optional<StorageLocation> L = StorageLocation::of(Arg))
          Handed |= L->slot() == Slot;
    });
  return Handed;
}

/// A thread a module's init (in a static global) or a probe (in a field of
/// the file's own struct) starts, whose function loops until
/// kthread_should_stop() and leaves only then, that no function of the file
/// stops although the module has an exit or the driver a remove.
void Analysis::findNeverStopped(const EntryPoint &Entry) {
  bool Init = Entry.Kind == ThreadLeakFinding::ModuleInit;
  const FunctionDecl *Teardown =
      Init ? aliasTarget("cleanup_module")
           : M.tableSibling(Entry.F->FD, {"remove", "remove_new"});
  if (!Teardown)
    return;
  forEachStmt(*Entry.F->Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    for (const kthread::Store &W : storesOf(S)) {
      const ValueDecl *Slot = privateSlot(W, Entry.Kind);
      std::optional<Creation> C =
          Slot && W.Value ? M.creations().recognize(W.Value) : std::nullopt;
      if (!C || C->makesWorker() || C->startsAsleep() ||
          StoppedSlots.count(Slot))
        continue;
      const FunctionDecl *Thread = CreationRecognizer::threadFunction(*C);
      const FunctionCfg *ThreadCfg = Thread ? M.cfgOf(Thread) : nullptr;
      if (!ThreadCfg || !M.stopChecks().mentions(Thread->getBody()) ||
          !exitsBeforeStopCheck(M, *ThreadCfg).empty() || handedOver(Slot))
        continue;
      ThreadLeakFinding F;
      F.FindingKind = ThreadLeakFinding::NeverStopped;
      F.EntryKind = Entry.Kind;
      F.Loc = M.userLoc(W.Value->getBeginLoc());
      F.CreationLoc = F.Loc;
      F.Task = Init ? Slot->getNameAsString() : storedText(S, M.context());
      F.CreateApi = C->Api;
      F.Function = Entry.F->FD->getNameAsString();
      F.ExitFunction = Teardown->getNameAsString();
      F.ExitLoc = M.userLoc(Teardown->getLocation());
      Found.emplace(std::make_pair(S, static_cast<const Stmt *>(nullptr)),
                    std::move(F));
    }
  });
}

std::vector<ThreadLeakFinding> Analysis::run() {
  for (const FunctionCfg &F : M.functions())
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Stop &Done : M.stops().stopsOf(S)) {
        StoppedSlots.insert(Done.Task.slot());
        if (Done.Origin)
          StoppedSlots.insert(Done.Origin->slot());
      }
    });
  for (const EntryPoint &E : entries()) {
    walk(E);
    if (E.Kind != ThreadLeakFinding::Open)
      findNeverStopped(E);
  }
  std::vector<ThreadLeakFinding> Out;
  for (auto &[Key, Finding] : Found)
    Out.push_back(std::move(Finding));
  llvm::sort(Out, [&](const ThreadLeakFinding &L, const ThreadLeakFinding &R) {
    if (L.Loc != R.Loc)
      return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
    return SM.isBeforeInTranslationUnit(L.CreationLoc, R.CreationLoc);
  });
  return Out;
}

} // namespace

std::vector<ThreadLeakFinding> findThreadLeaks(const FactModel &Model) {
  return Analysis(Model).run();
}

} // namespace kthread
