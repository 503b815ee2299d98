//===--- ThreadExit.cpp ---------------------------------------------------===//

#include "ThreadExit.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "FactModel.h"
#include "PointerFlow.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <set>

using namespace clang;

namespace kthread {
namespace {

struct ExitPoint {
  EarlyExitFinding::Kind ExitKind;
  SourceLocation Loc;
  std::string ExitFunction;
};

/// What a walk of one thread function needs to know of it.
struct ThreadFacts {
  llvm::SmallPtrSet<const ValueDecl *, 2> StopFlags;
  /// Whether the file ever requests a park: if not, no path takes a
  /// kthread_should_park() branch.
  bool ParkRequested = false;
  bool TakesSignals = false;
  /// The field or global the thread's task is kept in.
  const ValueDecl *TaskSlot = nullptr;
  /// Not known (the stopper is in another file): any task field the
  /// thread clears is taken for its own.
  bool AnyTaskSlot = false;
  /// Completions every stop of the thread waits for before it stops
  /// (`wait_for_completion(&d->ready); kthread_stop(d->task);`): an exit
  /// before the thread signals one leaves the stopper waiting, not stopping
  /// a freed task.
  llvm::SmallPtrSet<const ValueDecl *, 2> Handshakes;
};

struct StopBranch {
  const Expr *Test;
  /// The successor taken once kthread_stop() was called.
  unsigned StopSide;
};

/// What a path of a thread knows: the local pointers it found non-NULL,
/// and whether it signalled a completion that every stopper waits for
/// before it stops the thread.
struct NonNullLocals {
  std::vector<const VarDecl *> Vars;
  bool Signalled = false;
  bool contains(const VarDecl *V) const { return llvm::binary_search(Vars, V); }
  bool contains(const Expr *E) const {
    const auto *Ref =
        E ? dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()) : nullptr;
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && contains(Var);
  }
  void add(const VarDecl *V) {
    auto At = llvm::lower_bound(Vars, V);
    if (At == Vars.end() || *At != V)
      Vars.insert(At, V);
  }
  void remove(const VarDecl *V) { llvm::erase(Vars, V); }
  bool operator<(const NonNullLocals &O) const {
    return std::tie(Vars, Signalled) < std::tie(O.Vars, O.Signalled);
  }
  void print(llvm::raw_ostream &OS) const {
    OS << "non-null {";
    for (const VarDecl *V : Vars)
      OS << " " << V->getName();
    OS << " }" << (Signalled ? " signalled" : "");
  }
};

class ThreadExitAnalysis {
public:
  explicit ThreadExitAnalysis(const FactModel &M) : M(M), Api(M.api()) {}
  std::vector<EarlyExitFinding> run();
  std::vector<SourceLocation> exitsAlone(const FunctionCfg &Thread) const;

private:
  const FactModel &M;
  const KthreadApi &Api;
  mutable llvm::DenseMap<const FunctionDecl *, bool> StopAware;

  std::vector<ExitPoint> earlyExits(const FunctionCfg &Thread,
                                    const ThreadFacts &Facts) const;
  bool stopAware(const CallExpr *Call) const;
  ThreadFacts factsOf(const StoppedThread &T) const;
  void findStopFlags(const FunctionCfg &Thread, ThreadFacts &Facts) const;
  llvm::SmallPtrSet<const ValueDecl *, 2>
  handshakes(const StoppedThread &T) const;
  std::optional<StopBranch> stopBranch(const CFGBlock *B,
                                       const ThreadFacts &Facts) const;
};

/// Whether \p Call enters a function, of the file or a header, that tests
/// for stop itself (`wait_for_kthread_stop()`): the analysis trusts it
/// rather than guess.
bool ThreadExitAnalysis::stopAware(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const FunctionDecl *Definition = Callee ? Callee->getDefinition() : nullptr;
  if (!Definition)
    return false;
  auto Known = StopAware.find(Definition);
  if (Known != StopAware.end())
    return Known->second;
  StopAware[Definition] = false; // Breaks recursion.
  return StopAware[Definition] = M.stopChecks().mentions(Definition->getBody());
}

/// Variables that hold a stop check's result
/// (`wait_event_timeout(wq, c || (should_stop = kthread_should_stop()), t)`),
/// and whether the thread lets signals in (allow_signal()).
/// The completions that each stop of \p T waits for earlier in its
/// function.
llvm::SmallPtrSet<const ValueDecl *, 2>
ThreadExitAnalysis::handshakes(const StoppedThread &T) const {
  llvm::SmallPtrSet<const ValueDecl *, 2> Common;
  bool First = true;
  for (const StopCall *Stop : T.Stops) {
    llvm::SmallPtrSet<const ValueDecl *, 2> Waited;
    const FunctionCfg *Stopper = M.cfgOf(Stop->Caller);
    if (Stopper)
      forEachStmt(
          *Stopper->Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
            const auto *Call = dyn_cast<CallExpr>(S);
            if (!Call || Call->getNumArgs() == 0 ||
                !Api.is(Call, Role::WaitCompletion) ||
                !M.sourceManager().isBeforeInTranslationUnit(
                    M.userLoc(Call->getBeginLoc()), Stop->Loc))
              return;
            const Expr *Arg = Call->getArg(0)->IgnoreParenCasts();
            if (const auto *Addr = dyn_cast<UnaryOperator>(Arg);
                Addr && Addr->getOpcode() == UO_AddrOf)
              Arg = Addr->getSubExpr();
            if (std::optional<StorageLocation> C = StorageLocation::of(Arg))
              if (const ValueDecl *Slot = C->slot())
                Waited.insert(Slot);
          });
    if (First)
      Common = Waited;
    else
      for (const ValueDecl *Slot : llvm::SmallVector<const ValueDecl *, 2>(
               Common.begin(), Common.end()))
        if (!Waited.count(Slot))
          Common.erase(Slot);
    First = false;
  }
  return Common;
}

/// The completion \p Call signals (complete(), and the one
/// kthread_complete_and_exit() completes), if any.
static const ValueDecl *signalledCompletion(const CallExpr *Call,
                                            const KthreadApi &Api) {
  const ApiEntry *Entry = Api.lookup(Call);
  if (!Entry || !(Entry->What == Role::Complete || Entry->AlsoCompletes))
    return nullptr;
  return slotOfFirstArgument(Call);
}

static bool signals(const CallExpr *Call, const KthreadApi &Api,
                    const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots) {
  const ValueDecl *Slot = signalledCompletion(Call, Api);
  return Slot && Slots.count(Slot);
}

ThreadFacts ThreadExitAnalysis::factsOf(const StoppedThread &T) const {
  const FunctionCfg &Thread = *T.Thread;
  ThreadFacts Facts;
  Facts.TaskSlot = T.Task.slot();
  Facts.Handshakes = handshakes(T);
  Facts.TakesSignals = takesSignals(Thread.FD, Api);
  Facts.ParkRequested = M.parksThreads();
  // A completion the thread function never signals is someone else's: the
  // stopper's wait for it is no handshake with this thread.
  llvm::SmallPtrSet<const ValueDecl *, 2> Signalled;
  forEachStmt(*Thread.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (signals(Call, Api, Facts.Handshakes))
        Signalled.insert(signalledCompletion(Call, Api));
  });
  Facts.Handshakes = std::move(Signalled);
  findStopFlags(Thread, Facts);
  return Facts;
}

/// Variables that hold a stop check's result: a branch on one is a stop
/// check.
void ThreadExitAnalysis::findStopFlags(const FunctionCfg &Thread,
                                       ThreadFacts &Facts) const {
  forEachStmt(*Thread.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
      const auto *Ref =
          dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenCasts());
      if (Ref && Assign->isAssignmentOp() &&
          M.stopChecks().mentions(Assign->getRHS()))
        Facts.StopFlags.insert(Ref->getDecl());
    } else if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (M.stopChecks().mentions(Var->getInit()))
            Facts.StopFlags.insert(Var);
    }
  });
}

std::vector<SourceLocation>
ThreadExitAnalysis::exitsAlone(const FunctionCfg &Thread) const {
  ThreadFacts Facts;
  Facts.AnyTaskSlot = true;
  Facts.TakesSignals = takesSignals(Thread.FD, Api);
  Facts.ParkRequested = M.parksThreads();
  findStopFlags(Thread, Facts);
  std::vector<SourceLocation> Exits;
  for (const ExitPoint &X : earlyExits(Thread, Facts))
    Exits.push_back(X.Loc);
  return Exits;
}

/// The successor that block \p B takes once kthread_stop() was called, if
/// its branch tells: a stop check, a variable holding one, or, in a thread
/// that takes no signals, a test for an interrupted sleep (in Linux 6.1
/// kthread_stop() sets TIF_NOTIFY_SIGNAL, and nothing else can interrupt a
/// kernel thread's sleep).
std::optional<StopBranch>
ThreadExitAnalysis::stopBranch(const CFGBlock *B,
                               const ThreadFacts &Facts) const {
  if (B->succ_size() != 2 || !B->getLastCondition())
    return std::nullopt;
  bool Negated = false;
  const Expr *Core = peelCondition(B->getLastCondition(), Negated, Api);
  unsigned TrueSide = Negated ? 1 : 0;
  if (const auto *Call = dyn_cast<CallExpr>(Core)) {
    if (M.stopChecks().isStopCheck(Call) ||
        (!Facts.TakesSignals && Api.is(Call, Role::SignalPending)))
      return StopBranch{Call, TrueSide};
    return std::nullopt;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Core)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    bool WaitInterrupted = Var && Var->getName() == "__int" &&
                           Var->getLocation().isMacroID() &&
                           !Facts.TakesSignals;
    if (Facts.StopFlags.count(Ref->getDecl()) || WaitInterrupted)
      return StopBranch{Ref, TrueSide};
    return std::nullopt;
  }
  const auto *Compare = dyn_cast<BinaryOperator>(Core);
  // `while (!(kthread_should_stop() && idle))`: the conjunction holds only
  // once the stop was asked for.
  if (Compare && Compare->getOpcode() == BO_LAnd) {
    for (const Expr *Operand : {Compare->getLHS(), Compare->getRHS()}) {
      bool OperandNegated = false;
      const Expr *Test = peelCondition(Operand, OperandNegated, Api);
      const auto *Call = dyn_cast<CallExpr>(Test);
      const auto *Flag = dyn_cast<DeclRefExpr>(Test);
      if (!OperandNegated && ((Call && M.stopChecks().isStopCheck(Call)) ||
                              (Flag && Facts.StopFlags.count(Flag->getDecl()))))
        return StopBranch{Compare, TrueSide};
    }
    return std::nullopt;
  }
  if (!Compare || Facts.TakesSignals ||
      !comparesWithInterruption(Compare, M.context()))
    return std::nullopt;
  unsigned EqualSide = Compare->getOpcode() == BO_EQ ? 0 : 1;
  return StopBranch{Compare, Negated ? 1 - EqualSide : EqualSide};
}

/// A local pointer that block \p B's branch tests for NULL, if any.
const VarDecl *nullTestedLocal(const CFGBlock *B, unsigned &NonNullSide,
                               const KthreadApi &Api) {
  BranchCondition C = branchOf(B, Api);
  if (C.TestKind != BranchCondition::NullTest)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(C.Pointer->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  NonNullSide = C.Successor;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

/// Follows \p S: a copy of a non-NULL local is non-NULL, any other
/// assignment forgets what was known.
void updateNonNull(const Stmt *S, NonNullLocals &NonNull) {
  if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (NonNull.contains(Var->getInit()))
          NonNull.add(Var);
    return;
  }
  const auto *Assign = dyn_cast<BinaryOperator>(S);
  if (!Assign || !Assign->isAssignmentOp())
    return;
  const auto *Ref = dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var)
    return;
  bool Copy =
      Assign->getOpcode() == BO_Assign && NonNull.contains(Assign->getRHS());
  NonNull.remove(Var);
  if (Copy)
    NonNull.add(Var);
}

/// What is non-NULL when a thread starts: the data pointer it was created
/// with. A thread created with NULL data that tests it and returns at once
/// would never run, so a test like `if (!data) return -EINVAL;` is taken to
/// be defensive, not an exit.
NonNullLocals nonNullAtStart(const FunctionDecl *Thread) {
  NonNullLocals Start;
  if (Thread->getNumParams() == 1 &&
      Thread->getParamDecl(0)->getType()->isPointerType())
    Start.add(Thread->getParamDecl(0));
  return Start;
}

/// The places where \p Thread can end while no stop check has been true on
/// the way. Once true, kthread_should_stop() stays true, so one true check
/// anywhere on a path is enough. Paths remember which local pointers are
/// non-NULL (the thread's data, and what their branches found), so
/// `if (w) break;` in a wait loop that otherwise ends only on stop makes a
/// later `if (!w) break;` an exit on stop.
std::vector<ExitPoint>
ThreadExitAnalysis::earlyExits(const FunctionCfg &Thread,
                               const ThreadFacts &Facts) const {
  std::vector<ExitPoint> Exits;
  std::set<SourceLocation> ExitLocs;
  // An exit before the handshake leaves every stopper waiting for it.
  auto AddExit = [&](ExitPoint X, const NonNullLocals &Path) {
    if (!Facts.Handshakes.empty() && !Path.Signalled)
      return;
    if (ExitLocs.insert(X.Loc).second)
      Exits.push_back(std::move(X));
  };
  llvm::DenseMap<const CFGBlock *, std::optional<StopBranch>> Branches;
  auto BranchOfBlock = [&](const CFGBlock *B) -> std::optional<StopBranch> & {
    auto [It, New] = Branches.try_emplace(B);
    if (New)
      It->second = stopBranch(B, Facts);
    return It->second;
  };

  auto Transfer = [&](const CFGBlock *B, unsigned, const Stmt *S,
                      NonNullLocals &NonNull) {
    updateNonNull(S, NonNull);
    for (const Store &Write : storesOf(S))
      // The thread clears its own handle before leaving: the stopper is
      // meant to test it (racy, but not this check's finding).
      if (Write.Target && Write.Target->slot() &&
          (Write.Target->slot() == Facts.TaskSlot ||
           (Facts.AnyTaskSlot && !Write.Target->steps().empty() &&
            isTaskPointer(Write.Target->slot()->getType()))))
        return false;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const std::optional<StopBranch> &Branch = BranchOfBlock(B);
      const Expr *BranchCheck = Branch ? Branch->Test : nullptr;
      if (Call != BranchCheck &&
          (M.stopChecks().isStopCheck(Call) || stopAware(Call)))
        return false;
      if (signals(Call, Api, Facts.Handshakes))
        NonNull.Signalled = true;
      if (Api.is(Call, Role::Exit)) {
        AddExit({EarlyExitFinding::ExitCall, M.userLoc(Call->getBeginLoc()),
                 calleeName(Call).str()},
                NonNull);
        return false;
      }
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (isNoReturnCall(Call) || (Callee && M.isEndless(Callee)))
        return false;
    }
    if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
      AddExit({EarlyExitFinding::Return, M.userLoc(Ret->getBeginLoc()), ""},
              NonNull);
      return false;
    }
    return true;
  };

  auto Branch = [&](const CFGBlock *B, NonNullLocals &NonNull,
                    Successors<NonNullLocals> &Next) {
    if (B == &Thread.Cfg->getExit()) {
      AddExit({EarlyExitFinding::FallsOffEnd,
               M.userLoc(Thread.FD->getBodyRBrace()), ""},
              NonNull);
      return;
    }
    // Only the branch on which the stop check is false goes on unchecked.
    if (const std::optional<StopBranch> &Stop = BranchOfBlock(B)) {
      Next.push(B->succ_begin()[1 - Stop->StopSide].getReachableBlock(),
                NonNull);
      return;
    }
    if (const CFGBlock *Parked = parkRequestedSuccessor(B, Api);
        Parked && !Facts.ParkRequested) {
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (Succ.getReachableBlock() != Parked)
          Next.push(Succ.getReachableBlock(), NonNull);
      return;
    }
    unsigned NonNullSide = 0;
    if (const VarDecl *Tested = nullTestedLocal(B, NonNullSide, Api)) {
      if (!NonNull.contains(Tested)) {
        Next.push(B->succ_begin()[1 - NonNullSide].getReachableBlock(),
                  NonNull);
        NonNull.add(Tested);
      }
      Next.push(B->succ_begin()[NonNullSide].getReachableBlock(), NonNull);
      return;
    }
    Next.pushAll(B, NonNull);
  };

  WalkOutcome Outcome = walkPaths(*Thread.Cfg, &Thread.Cfg->getEntry(), 0,
                                  nonNullAtStart(Thread.FD), Transfer, Branch);
  if (Outcome.Exhausted)
    return {};
  return Exits;
}

std::vector<EarlyExitFinding> ThreadExitAnalysis::run() {
  std::vector<EarlyExitFinding> Findings;
  // Exit points already reported, for threads started more than once.
  std::set<unsigned> Reported;
  for (const StoppedThread &T : M.stoppedThreads().threads()) {
    if (!T.Runs || M.pins().pinned(T.Task))
      continue;
    std::vector<EarlyExitFinding::StopPlace> Stops;
    for (const StopCall *S : T.Stops)
      Stops.push_back({S->Loc, S->Pointer, S->Function});
    for (const ExitPoint &X : earlyExits(*T.Thread, factsOf(T)))
      if (Reported.insert(X.Loc.getRawEncoding()).second)
        Findings.push_back({X.ExitKind, X.Loc, X.ExitFunction,
                            T.Thread->FD->getName().str(), T.CreateName,
                            T.CreationLoc, Stops});
  }
  const SourceManager &SM = M.sourceManager();
  std::sort(Findings.begin(), Findings.end(),
            [&](const EarlyExitFinding &L, const EarlyExitFinding &R) {
              return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
            });
  return Findings;
}

} // namespace

std::vector<EarlyExitFinding> findStopAfterExit(const FactModel &Model) {
  return ThreadExitAnalysis(Model).run();
}

std::vector<SourceLocation> exitsBeforeStopCheck(const FactModel &Model,
                                                 const FunctionCfg &Thread) {
  return ThreadExitAnalysis(Model).exitsAlone(Thread);
}

std::vector<ForeignExitFinding> findForeignThreadExits(const FactModel &Model) {
  std::vector<ForeignExitFinding> Findings;
  for (const ForeignThread &T : Model.foreignThreads()) {
    llvm::ArrayRef<SourceLocation> Exits = Model.externalExitsOf(T.Thread);
    if (Exits.empty())
      continue;
    for (const FunctionCfg &F : Model.functions())
      forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
        for (const Stop &Stopped : Model.stops().stopsOf(S)) {
          const StorageLocation &Task =
              Stopped.Origin ? *Stopped.Origin : Stopped.Task;
          if (Task.slot() != T.Slot || Model.pins().pinned(Task))
            continue;
          Findings.push_back({Stopped.Site.Loc, Stopped.Pointer,
                              Stopped.Site.Stopper, T.Thread->getName().str(),
                              T.CreateName, T.CreationLoc, Exits.front()});
        }
      });
  }
  const SourceManager &SM = Model.sourceManager();
  llvm::sort(Findings, [&](const auto &L, const auto &R) {
    return SM.isBeforeInTranslationUnit(L.StopLoc, R.StopLoc);
  });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [](const auto &L, const auto &R) {
                               return L.StopLoc == R.StopLoc &&
                                      L.Task == R.Task;
                             }),
                 Findings.end());
  return Findings;
}

} // namespace kthread
