//===--- WaitStop.cpp -----------------------------------------------------===//

#include "WaitStop.h"
#include "FactModel.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>
#include <set>

using namespace clang;

namespace kthread {
namespace {

/// A wait_event*() invocation written in the main file.
struct WaitCall {
  std::string Macro;
  const ApiEntry *Entry;
  SourceLocation Loc;
  /// The outermost statement of the expansion.
  const Stmt *Outer;
  /// File offsets of the condition argument.
  unsigned CondBegin, CondEnd;
};

struct WaitFinder;

class WaitAnalysis {
  friend struct WaitFinder;

public:
  WaitAnalysis(const FactModel &M, bool InterruptibleEndsOnStop)
      : M(M), Ctx(M.context()), SM(Ctx.getSourceManager()),
        Checks(&M.stopChecks()),
        InterruptibleEndsOnStop(InterruptibleEndsOnStop) {}
  std::vector<WaitFinding> run();

private:
  const FactModel &M;
  ASTContext &Ctx;
  const SourceManager &SM;
  const StopChecks *Checks;
  bool InterruptibleEndsOnStop;

  StringRef outermostMacro(SourceLocation Loc) const;
  std::optional<std::pair<unsigned, unsigned>>
  conditionRange(SourceLocation Loc) const;
  std::vector<WaitCall> waitsIn(const FunctionDecl *FD) const;
  bool inCondition(const WaitCall &W, const Stmt *S) const;
  bool conditionTestsStop(const WaitCall &W, const Stmt *S) const;
  void conditionSlots(const WaitCall &W, const Stmt *S,
                      llvm::SmallPtrSetImpl<const ValueDecl *> &Out) const;
  bool
  stopperSatisfies(const StopCall &Stop,
                   const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots) const;
  bool resultIgnoredThenTrusted(
      const WaitCall &W,
      const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots) const;
  bool testsSignal(const Stmt *S) const;
  bool retestsAfter(const Stmt *S, SourceLocation After,
                    const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots,
                    bool &Acts) const;
};

StringRef WaitAnalysis::outermostMacro(SourceLocation Loc) const {
  StringRef Name;
  while (Loc.isMacroID()) {
    Name = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return Name;
}

/// The file offsets of the second argument of the macro invocation that
/// \p Loc expands from: the condition of every wait_event*() form.
std::optional<std::pair<unsigned, unsigned>>
WaitAnalysis::conditionRange(SourceLocation Loc) const {
  CharSourceRange Range = Lexer::makeFileCharRange(SM.getExpansionRange(Loc),
                                                   SM, Ctx.getLangOpts());
  if (Range.isInvalid())
    return std::nullopt;
  StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  unsigned Base = SM.getFileOffset(Range.getBegin());
  int Depth = 0;
  std::optional<unsigned> Begin;
  for (unsigned I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '(' || C == '[' || C == '{') {
      ++Depth;
    } else if (C == ')' || C == ']' || C == '}') {
      if (--Depth == 0 && Begin)
        return std::make_pair(Base + *Begin, Base + I);
    } else if (C == ',' && Depth == 1) {
      if (Begin)
        return std::make_pair(Base + *Begin, Base + I);
      Begin = I + 1;
    }
  }
  return std::nullopt;
}

/// Finds the wait_event*() invocations inside the thread's stop loops.
struct WaitFinder : RecursiveASTVisitor<WaitFinder> {
  const WaitAnalysis &A;
  std::vector<WaitCall> Waits;
  std::set<unsigned> Seen;
  /// Nesting depth of the thread's stop loops.
  unsigned StopLoops = 0;
  explicit WaitFinder(const WaitAnalysis &A) : A(A) {}
  /// A loop that tests for stop is where the thread idles for work; the
  /// loop of a wait_event() macro itself is not one.
  bool isStopLoop(const Stmt *Loop) const {
    return !Loop->getBeginLoc().isMacroID() && A.Checks->mentions(Loop);
  }
  template <typename LoopT> bool traverseLoop(LoopT *Loop) {
    bool Stop = isStopLoop(Loop);
    StopLoops += Stop;
    bool Result =
        RecursiveASTVisitor<WaitFinder>::TraverseStmt(Loop->getBody()) &&
        RecursiveASTVisitor<WaitFinder>::TraverseStmt(Loop->getCond());
    StopLoops -= Stop;
    return Result;
  }
  bool TraverseWhileStmt(WhileStmt *S) { return traverseLoop(S); }
  bool TraverseDoStmt(DoStmt *S) { return traverseLoop(S); }
  bool TraverseForStmt(ForStmt *S) {
    return RecursiveASTVisitor<WaitFinder>::TraverseStmt(S->getInit()) &&
           traverseLoop(S) &&
           RecursiveASTVisitor<WaitFinder>::TraverseStmt(S->getInc());
  }
  bool VisitStmt(Stmt *S) {
    SourceLocation Loc = S->getBeginLoc();
    if (!Loc.isMacroID() || StopLoops == 0)
      return true;
    SourceLocation Invocation = A.SM.getExpansionLoc(Loc);
    if (Seen.count(Invocation.getRawEncoding()))
      return true;
    StringRef Macro = A.outermostMacro(Loc);
    const ApiEntry *Entry = A.M.api().lookup(Macro);
    if (!Entry || Entry->What != Role::WaitEvent)
      return true;
    Seen.insert(Invocation.getRawEncoding());
    if (auto Cond = A.conditionRange(Loc))
      Waits.push_back(
          {Macro.str(), Entry, Invocation, S, Cond->first, Cond->second});
    return true;
  }
};

std::vector<WaitCall> WaitAnalysis::waitsIn(const FunctionDecl *FD) const {
  WaitFinder F(*this);
  F.TraverseStmt(FD->getBody());
  return std::move(F.Waits);
}

/// Whether \p S was written by the user inside the wait's condition.
bool WaitAnalysis::inCondition(const WaitCall &W, const Stmt *S) const {
  SourceLocation Spelling = SM.getSpellingLoc(S->getBeginLoc());
  if (SM.getFileID(Spelling) != SM.getFileID(W.Loc))
    return false;
  unsigned Offset = SM.getFileOffset(Spelling);
  return Offset >= W.CondBegin && Offset < W.CondEnd;
}

bool WaitAnalysis::conditionTestsStop(const WaitCall &W, const Stmt *S) const {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (Checks->isStopCheck(Call) && inCondition(W, Call))
      return true;
  for (const Stmt *Child : S->children())
    if (Child && conditionTestsStop(W, Child))
      return true;
  return false;
}

/// The fields and globals the condition reads.
void WaitAnalysis::conditionSlots(
    const WaitCall &W, const Stmt *S,
    llvm::SmallPtrSetImpl<const ValueDecl *> &Out) const {
  if (const auto *Member = dyn_cast<MemberExpr>(S)) {
    if (inCondition(W, Member))
      Out.insert(Member->getMemberDecl());
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasGlobalStorage() && inCondition(W, Ref))
      Out.insert(Var);
  }
  for (const Stmt *Child : S->children())
    if (Child)
      conditionSlots(W, Child, Out);
}

/// Whether the function that stops the thread touches what the condition
/// reads before it stops (`dev->done = true; wake_up(&dev->wq);
/// kthread_stop(dev->thread);`): then the wait may well end.
bool WaitAnalysis::stopperSatisfies(
    const StopCall &Stop,
    const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots) const {
  struct Finder : RecursiveASTVisitor<Finder> {
    const WaitAnalysis &A;
    const StopCall &Stop;
    const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots;
    bool Found = false;
    Finder(const WaitAnalysis &A, const StopCall &Stop,
           const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots)
        : A(A), Stop(Stop), Slots(Slots) {}
    bool before(const Stmt *S) const {
      return A.SM.isBeforeInTranslationUnit(A.SM.getFileLoc(S->getBeginLoc()),
                                            Stop.Loc);
    }
    bool VisitMemberExpr(MemberExpr *M) {
      Found |= Slots.count(M->getMemberDecl()) && before(M);
      return !Found;
    }
    bool VisitDeclRefExpr(DeclRefExpr *R) {
      Found |= Slots.count(R->getDecl()) && before(R);
      return !Found;
    }
  };
  Finder F(*this, Stop, Slots);
  F.TraverseStmt(Stop.Caller->getBody());
  return F.Found;
}

/// What a wait of \p Entry's form does when kthread_stop() wakes it with its
/// condition false; nullopt for a sleep state only known at run time.
std::optional<WaitFinding::Kind> kindOf(const ApiEntry &Entry,
                                        bool InterruptibleEndsOnStop) {
  switch (Entry.State) {
  case SleepState::Interruptible:
  case SleepState::Freezable:
    if (stopEndsSleep(Entry.State, InterruptibleEndsOnStop))
      return WaitFinding::InterruptionIgnored;
    return Entry.Timeout ? WaitFinding::Delays
                         : WaitFinding::HangsInterruptible;
  case SleepState::Killable:
    return Entry.Timeout ? WaitFinding::Delays : WaitFinding::HangsKillable;
  case SleepState::Uninterruptible:
  case SleepState::Idle:
    return Entry.Timeout ? WaitFinding::Delays : WaitFinding::Hangs;
  case SleepState::None:
  case SleepState::Given:
    return std::nullopt;
  }
  return std::nullopt;
}

/// Whether \p S reads one of \p Slots.
bool reads(const Stmt *S,
           const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots) {
  if (!S)
    return false;
  if (const auto *Member = dyn_cast<MemberExpr>(S))
    if (Slots.count(Member->getMemberDecl()))
      return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (Slots.count(Ref->getDecl()))
      return true;
  return llvm::any_of(S->children(),
                      [&](const Stmt *Child) { return reads(Child, Slots); });
}

/// Whether \p S calls signal_pending() or the like.
bool WaitAnalysis::testsSignal(const Stmt *S) const {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (M.api().is(Call, Role::SignalPending))
      return true;
  return llvm::any_of(S->children(),
                      [&](const Stmt *Child) { return testsSignal(Child); });
}

/// Whether \p S, after \p After, tests for stop or branches on one of
/// \p Slots (`if (!done->done)`); \p Acts is set when anything comes after.
bool WaitAnalysis::retestsAfter(
    const Stmt *S, SourceLocation After,
    const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots, bool &Acts) const {
  if (!S)
    return false;
  bool Later =
      SM.isBeforeInTranslationUnit(After, SM.getFileLoc(S->getBeginLoc()));
  Acts |= Later;
  if (Later) {
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Cond = If->getCond();
    else if (const auto *While = dyn_cast<WhileStmt>(S))
      Cond = While->getCond();
    // A test for a pending signal after the wait is a test for the
    // interruption, and so for the stop (TIF_NOTIFY_SIGNAL).
    if ((Cond && reads(Cond, Slots)) || Checks->mentions(Cond) ||
        testsSignal(Cond))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (Checks->isStopCheck(Call))
        return true;
  }
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return retestsAfter(Child, After, Slots, Acts);
  });
}

/// Whether the wait's result is thrown away and the rest of its loop's body
/// acts without testing for stop or re-testing the condition: after an
/// interruption by kthread_stop() it then works as if the condition held.
bool WaitAnalysis::resultIgnoredThenTrusted(
    const WaitCall &W,
    const llvm::SmallPtrSetImpl<const ValueDecl *> &Slots) const {
  DynTypedNodeList Parents = Ctx.getParents(*W.Outer);
  if (Parents.empty() || !Parents[0].get<CompoundStmt>())
    return false; // The result is used.
  const Stmt *Body = nullptr;
  for (DynTypedNode Node = Parents[0]; !Body;) {
    const auto *S = Node.get<Stmt>();
    if (!S)
      return false;
    if (isa<WhileStmt, ForStmt, DoStmt>(S) && !S->getBeginLoc().isMacroID())
      Body = isa<WhileStmt>(S) ? cast<WhileStmt>(S)->getBody()
             : isa<ForStmt>(S) ? cast<ForStmt>(S)->getBody()
                               : cast<DoStmt>(S)->getBody();
    DynTypedNodeList Up = Ctx.getParents(Node);
    if (Up.empty())
      return false;
    Node = Up[0];
  }
  bool Acts = false;
  SourceLocation End = SM.getFileLoc(W.Outer->getEndLoc());
  return !retestsAfter(Body, End, Slots, Acts) && Acts;
}

std::vector<WaitFinding> WaitAnalysis::run() {
  std::vector<WaitFinding> Findings;
  for (const ThreadCode &Code : M.stoppedThreads().threadCode()) {
    const StoppedThread &T = *Code.Thread;
    for (const WaitCall &W : waitsIn(Code.Function->FD)) {
      std::optional<WaitFinding::Kind> Kind =
          kindOf(*W.Entry, InterruptibleEndsOnStop);
      if (!Kind || conditionTestsStop(W, W.Outer))
        continue;
      llvm::SmallPtrSet<const ValueDecl *, 4> Slots;
      conditionSlots(W, W.Outer, Slots);
      if (*Kind == WaitFinding::InterruptionIgnored &&
          !resultIgnoredThenTrusted(W, Slots))
        continue;
      bool Satisfied = llvm::any_of(T.Stops, [&](const StopCall *Stop) {
        return stopperSatisfies(*Stop, Slots);
      });
      if (Satisfied)
        continue;
      Findings.push_back({*Kind, W.Loc, W.Macro, placeOf(Code)});
    }
  }
  std::sort(Findings.begin(), Findings.end(),
            [&](const WaitFinding &L, const WaitFinding &R) {
              return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
            });
  return Findings;
}

} // namespace

std::vector<WaitFinding> findWaitsWithoutStop(const FactModel &Model,
                                              bool InterruptibleEndsOnStop) {
  return WaitAnalysis(Model, InterruptibleEndsOnStop).run();
}

} // namespace kthread
