//===--- LostWakeup.cpp ---------------------------------------------------===//

#include "LostWakeup.h"
#include "Engine.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <map>

using namespace clang;

namespace kthread {
namespace {

/// A set_current_state() invocation: the macro's location, its state, and
/// the block it is in.
struct StateSet {
  SourceLocation Loc;
  SleepState State = SleepState::None;
  std::string Text;
  const CFGBlock *Block = nullptr;
};

/// One path: the branches it took last (the tests that may have decided a
/// sleep), and the set_current_state() it is armed with.
struct WakeState {
  static constexpr size_t Tests = 4;
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, Tests> Taken;
  /// The raw set_current_state() location, 0 if none. Any test disarms
  /// it, so while it is armed every test in Taken came before the state was
  /// set.
  unsigned Armed = 0;
  /// Spinlocks and rwlocks held.
  unsigned Locks = 0;
  auto tie() const { return std::tie(Taken, Armed, Locks); }
  bool operator<(const WakeState &O) const { return tie() < O.tie(); }
  void print(llvm::raw_ostream &OS) const {
    OS << Taken.size() << " tests" << (Armed ? ", armed" : "");
  }
};

class Analysis {
public:
  Analysis(const ASTContext &Ctx, const KthreadApi &Api,
           const StopChecks &Checks, llvm::ArrayRef<FunctionCfg> Functions)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Api(Api), Checks(Checks),
        Functions(Functions) {}
  void walk(const ThreadCode &Code);
  std::vector<LostWakeupFinding> take();

private:
  std::optional<StateSet> stateSetBy(const Stmt *S) const;
  bool fileWakes(const StorageLocation &Task) const;
  bool insideStateSet(SourceLocation Loc, SourceLocation SetLoc) const;
  bool decidesSleep(const CFGBlock *Test, unsigned Taken,
                    const CFGBlock *SetBlock) const;
  void report(const ThreadCode &Code, const WakeState &W,
              const CallExpr *Schedule, const ApiEntry &Entry);

  const ASTContext &Ctx;
  const SourceManager &SM;
  const KthreadApi &Api;
  const StopChecks &Checks;
  llvm::ArrayRef<FunctionCfg> Functions;
  std::map<unsigned, StateSet> Sets; // By raw location.
  std::map<std::pair<unsigned, unsigned>, LostWakeupFinding> Found;
};

std::optional<StateSet> Analysis::stateSetBy(const Stmt *S) const {
  SourceLocation Loc = S->getBeginLoc();
  StringRef Outer;
  SourceLocation OuterLoc;
  for (; Loc.isMacroID(); Loc = SM.getImmediateMacroCallerLoc(Loc)) {
    Outer = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    OuterLoc = Loc;
  }
  if (Outer != "set_current_state" && Outer != "__set_current_state")
    return std::nullopt;
  CharSourceRange Range = Lexer::makeFileCharRange(
      SM.getExpansionRange(OuterLoc), SM, Ctx.getLangOpts());
  StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  StateSet Set{SM.getExpansionLoc(OuterLoc), SleepState::None, Text.str()};
  if (Text.contains("TASK_UNINTERRUPTIBLE"))
    Set.State = SleepState::Uninterruptible;
  else if (Text.contains("TASK_IDLE"))
    Set.State = SleepState::Idle;
  else if (Text.contains("TASK_KILLABLE"))
    Set.State = SleepState::Killable;
  else if (Text.contains("TASK_FREEZABLE"))
    Set.State = SleepState::Freezable;
  else if (Text.contains("TASK_INTERRUPTIBLE"))
    Set.State = SleepState::Interruptible;
  return Set;
}

/// Whether a function of the file wakes \p Task, through the field or
/// global that holds it (not the wake-up inside kthread_run(), which is of
/// its own local).
bool Analysis::fileWakes(const StorageLocation &Task) const {
  const ValueDecl *Slot = Task.slot();
  bool Wakes = false;
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Slot || !Call || !Api.is(Call, Role::Wake) || !Call->getNumArgs())
        return;
      std::optional<StorageLocation> Woken =
          StorageLocation::of(Call->getArg(0));
      Wakes |= Woken && Woken->slot() == Slot;
    });
  return Wakes;
}

/// Whether \p Loc comes from the set_current_state() at \p SetLoc (its own
/// WARN_ON_ONCE() and do-while are not tests of the caller's).
bool Analysis::insideStateSet(SourceLocation Loc, SourceLocation SetLoc) const {
  return Loc.isMacroID() && SM.getExpansionLoc(Loc) == SetLoc;
}

/// Whether the branch of \p Test other than \p Taken can go on without
/// reaching \p SetBlock before \p Test again: the test decided the sleep.
bool Analysis::decidesSleep(const CFGBlock *Test, unsigned Taken,
                            const CFGBlock *SetBlock) const {
  for (unsigned I = 0; I < Test->succ_size(); ++I) {
    const CFGBlock *Other = Test->succ_begin()[I].getReachableBlock();
    if (I == Taken || !Other)
      continue;
    llvm::SmallPtrSet<const CFGBlock *, 16> Seen{Test};
    llvm::SmallVector<const CFGBlock *, 16> Work{Other};
    bool Reaches = false;
    while (!Work.empty() && !Reaches) {
      const CFGBlock *B = Work.pop_back_val();
      if (!Seen.insert(B).second)
        continue;
      Reaches = B == SetBlock;
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (Succ.getReachableBlock())
          Work.push_back(Succ.getReachableBlock());
    }
    if (!Reaches)
      return true;
  }
  return false;
}

void Analysis::report(const ThreadCode &Code, const WakeState &W,
                      const CallExpr *Schedule, const ApiEntry &Entry) {
  const StateSet &Set = Sets.at(W.Armed);
  if (Set.State == SleepState::None)
    return;
  // The latest test before the state was set that decided the sleep.
  for (size_t I = W.Taken.size(); I-- > 0;) {
    auto [Test, Taken] = W.Taken[I];
    if (!decidesSleep(Test, Taken, Set.Block))
      continue;
    const Expr *Cond = Test->getLastCondition();
    LostWakeupFinding F;
    F.What = LostWakeupFinding::WorkLost;
    // A `&&` or `||` is one test per operand, so this tests the stop flag
    // alone.
    if (Cond && Checks.mentions(Cond)) {
      // Linux 6.1: kthread_stop() ends interruptible sleeps by itself, and
      // a timeout ends the others: the stop is then only delayed.
      if (stopEndsSleep(Set.State, /*InterruptibleEndsOnStop=*/true) ||
          Entry.Timeout)
        return;
      F.What = LostWakeupFinding::StopLost;
    } else if (!fileWakes(Code.Thread->Task)) {
      return; // Polling: only the timeout wakes it.
    }
    F.SetStateLoc = Set.Loc;
    F.SetState = Set.Text;
    F.State = Set.State;
    F.TestLoc = SM.getFileLoc(Cond ? Cond->getBeginLoc()
                                   : Test->getTerminatorStmt()->getBeginLoc());
    F.ScheduleLoc = SM.getFileLoc(Schedule->getBeginLoc());
    F.Schedule = calleeName(Schedule).str();
    F.Timed = Entry.Timeout;
    F.Place = placeOf(Code);
    Found.try_emplace(
        {Set.Loc.getRawEncoding(), F.ScheduleLoc.getRawEncoding()},
        std::move(F));
    return;
  }
}

void Analysis::walk(const ThreadCode &Code) {
  const FunctionCfg &F = *Code.Function;
  // Once per element, not per path: a path is armed only by these.
  llvm::DenseMap<const Stmt *, StateSet> SetsBy;
  forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned, const Stmt *S) {
    if (std::optional<StateSet> Set = stateSetBy(S)) {
      Set->Block = B;
      SetsBy.try_emplace(S, std::move(*Set));
    }
  });
  if (SetsBy.empty())
    return;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S, WakeState &W) {
    if (auto It = SetsBy.find(S); It != SetsBy.end()) {
      const StateSet &Set = It->second;
      unsigned Raw = Set.Loc.getRawEncoding();
      if (W.Armed == Raw)
        return true; // Another element of the same invocation.
      bool Running = Set.Text.find("TASK_RUNNING") != std::string::npos;
      W.Armed = Running || W.Locks ? 0 : Raw;
      Sets.try_emplace(Raw, Set);
      return true;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    const ApiEntry *E = Call ? Api.lookup(Call) : nullptr;
    bool Lock = E && (E->Atomic == AtomicKind::Spinlock ||
                      E->Atomic == AtomicKind::Rwlock);
    if (Lock && E->What == Role::AtomicEnter && W.Locks < 4)
      ++W.Locks;
    else if (Lock && E->What == Role::AtomicExit && W.Locks > 0)
      --W.Locks;
    if (W.Armed && E && E->What == Role::Schedule) {
      report(Code, W, Call, *E);
      W.Armed = 0;
    }
    return true;
  };
  auto Branch = [&](const CFGBlock *B, WakeState &W,
                    Successors<WakeState> &Next) {
    const Stmt *Term = B->getTerminatorStmt();
    unsigned Reachable = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      Reachable += Succ.getReachableBlock() != nullptr;
    if (!Term || Reachable < 2 ||
        (W.Armed &&
         insideStateSet(Term->getBeginLoc(),
                        SourceLocation::getFromRawEncoding(W.Armed)))) {
      Next.pushAll(B, W);
      return;
    }
    for (unsigned I = 0; I < B->succ_size(); ++I) {
      WakeState Taken = W;
      // A test between the state and the sleep: the sleep is decided
      // after the state was set, as it must be.
      Taken.Armed = 0;
      if (Taken.Taken.size() == WakeState::Tests)
        Taken.Taken.erase(Taken.Taken.begin());
      Taken.Taken.push_back({B, I});
      Next.push(B->succ_begin()[I].getReachableBlock(), Taken);
    }
  };
  walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, WakeState(), Transfer, Branch);
}

std::vector<LostWakeupFinding> Analysis::take() {
  std::vector<LostWakeupFinding> Out;
  for (auto &[Key, F] : Found)
    Out.push_back(std::move(F));
  llvm::sort(Out, [&](const LostWakeupFinding &L, const LostWakeupFinding &R) {
    if (L.SetStateLoc != R.SetStateLoc)
      return SM.isBeforeInTranslationUnit(L.SetStateLoc, R.SetStateLoc);
    return SM.isBeforeInTranslationUnit(L.ScheduleLoc, R.ScheduleLoc);
  });
  return Out;
}

} // namespace

std::vector<LostWakeupFinding>
findLostWakeups(const ASTContext &Ctx, const KthreadApi &Api,
                const StopChecks &Checks, llvm::ArrayRef<FunctionCfg> Functions,
                llvm::ArrayRef<ThreadCode> Code) {
  Analysis A(Ctx, Api, Checks, Functions);
  for (const ThreadCode &C : Code)
    A.walk(C);
  return A.take();
}

} // namespace kthread
