//===--- ThreadExit.cpp ---------------------------------------------------===//

#include "ThreadExit.h"
#include "BranchCondition.h"
#include "Creation.h"
#include "FunctionCfg.h"
#include "LocationKey.h"
#include "PointerFlow.h"
#include "StoppedThreads.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <set>

using namespace clang;

namespace kthread {
namespace {

/// Calls that end the calling kernel thread without returning.
bool endsThread(StringRef Callee) {
  return Callee == "kthread_exit" || Callee == "kthread_complete_and_exit" ||
         Callee == "do_exit" || Callee == "module_put_and_kthread_exit";
}

struct ExitPoint {
  EarlyExitFinding::Kind ExitKind;
  SourceLocation Loc;
  std::string ExitFunction;
};

class ThreadExitAnalysis {
public:
  ThreadExitAnalysis(ASTContext &Ctx, const ThreadCheckOptions &Options)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Options(Options) {}
  std::vector<EarlyExitFinding> run(llvm::ArrayRef<const FunctionDecl *>);

private:
  struct StopBranch {
    const Expr *Test;
    /// The successor taken once kthread_stop() was called.
    unsigned StopSide;
  };
  struct ThreadFacts {
    llvm::SmallPtrSet<const ValueDecl *, 2> StopFlags;
    /// Whether the file ever requests a park: if not, no path takes a
    /// kthread_should_park() branch.
    bool ParkRequested = false;
    bool TakesSignals = false;
    /// The field or global the thread's task is kept in.
    const ValueDecl *TaskSlot = nullptr;
  };

  ASTContext &Ctx;
  const SourceManager &SM;
  const ThreadCheckOptions &Options;
  std::optional<StopChecks> Checks;
  mutable llvm::DenseMap<const FunctionDecl *, bool> StopAware;
  /// The file's functions whose exit no path reaches (a `while (1)` server
  /// loop): what follows a call of one is not an exit.
  llvm::SmallPtrSet<const FunctionDecl *, 4> EndlessFunctions;
  bool FileParks = false;

  SourceLocation userLoc(SourceLocation Loc) const {
    return Loc.isValid() ? SM.getFileLoc(Loc) : Loc;
  }
  std::vector<ExitPoint> earlyExits(const FunctionCfg &Thread,
                                    const ThreadFacts &Facts) const;
  bool stopAware(const CallExpr *Call) const;
  bool neverReturns(const CallExpr *Call) const;
  ThreadFacts factsOf(const FunctionCfg &Thread, const LocationKey &Task) const;
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
  return StopAware[Definition] = Checks->mentions(Definition->getBody());
}

bool ThreadExitAnalysis::neverReturns(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && EndlessFunctions.count(Callee->getCanonicalDecl());
}

/// Variables that hold a stop check's result
/// (`wait_event_timeout(wq, c || (should_stop = kthread_should_stop()), t)`),
/// and whether the thread lets signals in (allow_signal()).
ThreadExitAnalysis::ThreadFacts
ThreadExitAnalysis::factsOf(const FunctionCfg &Thread,
                            const LocationKey &Task) const {
  ThreadFacts Facts;
  Facts.TaskSlot = Task.Slot;
  Facts.TakesSignals = takesSignals(Thread.FD);
  Facts.ParkRequested = FileParks;
  forEachStmt(*Thread.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
      const auto *Ref =
          dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenCasts());
      if (Ref && Assign->isAssignmentOp() && Checks->mentions(Assign->getRHS()))
        Facts.StopFlags.insert(Ref->getDecl());
    } else if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (Checks->mentions(Var->getInit()))
            Facts.StopFlags.insert(Var);
    }
  });
  return Facts;
}

/// The successor that block \p B takes once kthread_stop() was called, if
/// its branch tells: a stop check, a variable holding one, or, in a thread
/// that takes no signals, a test for an interrupted sleep (in Linux 6.1
/// kthread_stop() sets TIF_NOTIFY_SIGNAL, and nothing else can interrupt a
/// kernel thread's sleep).
std::optional<ThreadExitAnalysis::StopBranch>
ThreadExitAnalysis::stopBranch(const CFGBlock *B,
                               const ThreadFacts &Facts) const {
  if (B->succ_size() != 2 || !B->getLastCondition())
    return std::nullopt;
  bool Negated = false;
  const Expr *Core = peelCondition(B->getLastCondition(), Negated);
  unsigned TrueSide = Negated ? 1 : 0;
  if (const auto *Call = dyn_cast<CallExpr>(Core)) {
    if (Checks->isStopCheck(Call) ||
        (!Facts.TakesSignals && calleeName(Call) == "signal_pending"))
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
  if (!Compare || Facts.TakesSignals || !comparesWithInterruption(Compare, Ctx))
    return std::nullopt;
  unsigned EqualSide = Compare->getOpcode() == BO_EQ ? 0 : 1;
  return StopBranch{Compare, Negated ? 1 - EqualSide : EqualSide};
}

/// A local pointer that block \p B's branch tests for NULL, if any.
const VarDecl *nullTestedLocal(const CFGBlock *B, unsigned &NonNullSide) {
  if (B->succ_size() != 2 || !B->getLastCondition())
    return nullptr;
  static const llvm::StringSet<> NoErrChecks;
  BranchCondition C = classifyCondition(B->getLastCondition(), NoErrChecks);
  if (C.TestKind != BranchCondition::NullTest)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(C.Pointer->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  NonNullSide = C.Successor;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

using NonNullLocals = std::vector<const VarDecl *>; // Sorted.

bool isNonNull(const NonNullLocals &NonNull, const Expr *E) {
  const auto *Ref = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()) : nullptr;
  return Ref && llvm::binary_search(NonNull, Ref->getDecl());
}

void addNonNull(NonNullLocals &NonNull, const VarDecl *Var) {
  auto At = llvm::lower_bound(NonNull, Var);
  if (At == NonNull.end() || *At != Var)
    NonNull.insert(At, Var);
}

/// Follows \p S: a copy of a non-NULL local is non-NULL, any other
/// assignment forgets what was known.
void updateNonNull(const Stmt *S, NonNullLocals &NonNull) {
  if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (isNonNull(NonNull, Var->getInit()))
          addNonNull(NonNull, Var);
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
      Assign->getOpcode() == BO_Assign && isNonNull(NonNull, Assign->getRHS());
  llvm::erase(NonNull, Var);
  if (Copy)
    addNonNull(NonNull, Var);
}

/// What is non-NULL when a thread starts: the data pointer it was created
/// with. A thread created with NULL data that tests it and returns at once
/// would never run, so a test like `if (!data) return -EINVAL;` is taken to
/// be defensive, not an exit.
NonNullLocals nonNullAtStart(const FunctionDecl *Thread) {
  if (Thread->getNumParams() == 1 &&
      Thread->getParamDecl(0)->getType()->isPointerType())
    return {Thread->getParamDecl(0)};
  return {};
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
  using PathState = std::pair<const CFGBlock *, NonNullLocals>;
  std::vector<ExitPoint> Exits;
  std::set<SourceLocation> ExitLocs;
  auto AddExit = [&](ExitPoint X) {
    if (ExitLocs.insert(X.Loc).second)
      Exits.push_back(std::move(X));
  };
  std::set<std::pair<unsigned, NonNullLocals>> Seen;
  std::vector<PathState> Work{
      {&Thread.Cfg->getEntry(), nonNullAtStart(Thread.FD)}};
  unsigned Budget = MaxBlockVisits;
  while (!Work.empty() && Budget--) {
    auto [B, NonNull] = std::move(Work.back());
    Work.pop_back();
    if (!B || !Seen.insert({B->getBlockID(), NonNull}).second)
      continue;
    bool StopSeen = false, Ended = false;
    std::optional<StopBranch> Branch = stopBranch(B, Facts);
    const Expr *BranchCheck = Branch ? Branch->Test : nullptr;
    for (const CFGElement &Element : *B) {
      std::optional<CFGStmt> Elem = Element.getAs<CFGStmt>();
      if (!Elem || StopSeen || Ended)
        continue;
      const Stmt *S = Elem->getStmt();
      updateNonNull(S, NonNull);
      for (const Store &Write : storesOf(S))
        // The thread clears its own handle before leaving: the stopper is
        // meant to test it (racy, but not this check's finding).
        if (Write.Target && Write.Target->Slot &&
            Write.Target->Slot == Facts.TaskSlot)
          StopSeen = true;
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (Call != BranchCheck &&
            (Checks->isStopCheck(Call) || stopAware(Call)))
          StopSeen = true;
        else if (endsThread(calleeName(Call))) {
          AddExit({EarlyExitFinding::ExitCall, userLoc(Call->getBeginLoc()),
                   calleeName(Call).str()});
          Ended = true;
        } else if (isNoReturnCall(Call) || neverReturns(Call)) {
          Ended = true;
        }
      }
      if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
        AddExit({EarlyExitFinding::Return, userLoc(Ret->getBeginLoc()), ""});
        Ended = true;
      }
    }
    if (StopSeen || Ended)
      continue;
    if (B == &Thread.Cfg->getExit()) {
      AddExit({EarlyExitFinding::FallsOffEnd,
               userLoc(Thread.FD->getBodyRBrace()), ""});
      continue;
    }
    // Only the branch on which the stop check is false goes on unchecked.
    if (Branch) {
      Work.push_back(
          {B->succ_begin()[1 - Branch->StopSide].getReachableBlock(), NonNull});
      continue;
    }
    if (const CFGBlock *Parked = parkRequestedSuccessor(B);
        Parked && !Facts.ParkRequested) {
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (Succ.getReachableBlock() != Parked)
          Work.push_back({Succ.getReachableBlock(), NonNull});
      continue;
    }
    unsigned NonNullSide = 0;
    if (const VarDecl *Tested = nullTestedLocal(B, NonNullSide)) {
      const CFGBlock *NonNullSucc =
          B->succ_begin()[NonNullSide].getReachableBlock();
      if (!llvm::binary_search(NonNull, Tested)) {
        Work.push_back(
            {B->succ_begin()[1 - NonNullSide].getReachableBlock(), NonNull});
        addNonNull(NonNull, Tested);
      }
      Work.push_back({NonNullSucc, std::move(NonNull)});
      continue;
    }
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      Work.push_back({Succ.getReachableBlock(), NonNull});
  }
  return Exits;
}

std::vector<EarlyExitFinding>
ThreadExitAnalysis::run(llvm::ArrayRef<const FunctionDecl *> Fns) {
  std::vector<FunctionCfg> Functions = buildCfgs(Ctx, Fns);
  Checks.emplace(Options.StopCheckFunctions, Functions);
  for (const FunctionCfg &F : Functions)
    if (!blocksReachingExit(*F.Cfg, /*Stopped=*/false)
             .count(&F.Cfg->getEntry()))
      EndlessFunctions.insert(F.FD->getCanonicalDecl());
  FileParks = parksThreads(Functions);
  StoppedThreads Threads(Ctx, Functions, Options.CreateFunctions,
                         Options.StopFunctions);
  TaskPins Pins(Functions);

  std::vector<EarlyExitFinding> Findings;
  // Exit points already reported, for threads started more than once.
  std::set<unsigned> Reported;
  for (const StoppedThread &T : Threads.threads()) {
    if (Pins.pinned(T.Task))
      continue;
    std::vector<SourceLocation> StopLocs;
    for (const StopCall *S : T.Stops)
      StopLocs.push_back(S->Loc);
    for (const ExitPoint &X : earlyExits(*T.Thread, factsOf(*T.Thread, T.Task)))
      if (Reported.insert(X.Loc.getRawEncoding()).second)
        Findings.push_back({X.ExitKind, X.Loc, X.ExitFunction,
                            T.Thread->FD->getName().str(), T.CreateName,
                            T.CreationLoc, T.Stops[0]->Task,
                            T.Stops[0]->Function, StopLocs});
  }
  std::sort(Findings.begin(), Findings.end(),
            [&](const EarlyExitFinding &L, const EarlyExitFinding &R) {
              return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
            });
  return Findings;
}

} // namespace

std::vector<EarlyExitFinding>
findStopAfterExit(ASTContext &Ctx,
                  llvm::ArrayRef<const FunctionDecl *> Functions,
                  const ThreadCheckOptions &Options) {
  return ThreadExitAnalysis(Ctx, Options).run(Functions);
}

} // namespace kthread
