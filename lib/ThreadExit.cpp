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
    bool TakesSignals = false;
    /// The field or global the thread's task is kept in.
    const ValueDecl *TaskSlot = nullptr;
  };

  ASTContext &Ctx;
  const SourceManager &SM;
  const ThreadCheckOptions &Options;
  std::optional<StopChecks> Checks;
  mutable llvm::DenseMap<const FunctionDecl *, bool> StopAware;

  SourceLocation userLoc(SourceLocation Loc) const {
    return Loc.isValid() ? SM.getFileLoc(Loc) : Loc;
  }
  std::vector<ExitPoint> earlyExits(const FunctionCfg &Thread,
                                    const ThreadFacts &Facts) const;
  bool stopAware(const CallExpr *Call) const;
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

/// Variables that hold a stop check's result
/// (`wait_event_timeout(wq, c || (should_stop = kthread_should_stop()), t)`),
/// and whether the thread lets signals in (allow_signal()).
ThreadExitAnalysis::ThreadFacts
ThreadExitAnalysis::factsOf(const FunctionCfg &Thread,
                            const LocationKey &Task) const {
  ThreadFacts Facts;
  Facts.TaskSlot = Task.Slot;
  Facts.TakesSignals = takesSignals(Thread.FD);
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

/// The places where \p Thread can end while no stop check has been true on
/// the way. Once true, kthread_should_stop() stays true, so one true check
/// anywhere on a path is enough.
std::vector<ExitPoint>
ThreadExitAnalysis::earlyExits(const FunctionCfg &Thread,
                               const ThreadFacts &Facts) const {
  std::vector<ExitPoint> Exits;
  std::set<unsigned> Seen;
  std::vector<const CFGBlock *> Work{&Thread.Cfg->getEntry()};
  while (!Work.empty()) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    if (!B || !Seen.insert(B->getBlockID()).second)
      continue;
    bool StopSeen = false, Ended = false;
    std::optional<StopBranch> Branch = stopBranch(B, Facts);
    const Expr *BranchCheck = Branch ? Branch->Test : nullptr;
    for (const CFGElement &Element : *B) {
      std::optional<CFGStmt> Elem = Element.getAs<CFGStmt>();
      if (!Elem || StopSeen || Ended)
        continue;
      const Stmt *S = Elem->getStmt();
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
          Exits.push_back({EarlyExitFinding::ExitCall,
                           userLoc(Call->getBeginLoc()),
                           calleeName(Call).str()});
          Ended = true;
        } else if (isNoReturnCall(Call)) {
          Ended = true;
        }
      }
      if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
        Exits.push_back(
            {EarlyExitFinding::Return, userLoc(Ret->getBeginLoc()), ""});
        Ended = true;
      }
    }
    if (StopSeen || Ended)
      continue;
    if (B == &Thread.Cfg->getExit()) {
      Exits.push_back({EarlyExitFinding::FallsOffEnd,
                       userLoc(Thread.FD->getBodyRBrace()), ""});
      continue;
    }
    // Only the branch on which the stop check is false goes on unchecked.
    if (Branch) {
      Work.push_back(B->succ_begin()[1 - Branch->StopSide].getReachableBlock());
      continue;
    }
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      Work.push_back(Succ.getReachableBlock());
  }
  return Exits;
}

std::vector<EarlyExitFinding>
ThreadExitAnalysis::run(llvm::ArrayRef<const FunctionDecl *> Fns) {
  std::vector<FunctionCfg> Functions = buildCfgs(Ctx, Fns);
  Checks.emplace(Options.StopCheckFunctions, Functions);
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
