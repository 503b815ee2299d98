//===--- ThreadExit.cpp ---------------------------------------------------===//

#include "ThreadExit.h"
#include "BranchCondition.h"
#include "Creation.h"
#include "LocationKey.h"
#include "PointerFlow.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include <set>

using namespace clang;

namespace kthread {
namespace {

/// Calls that end the calling kernel thread without returning.
bool endsThread(StringRef Callee) {
  return Callee == "kthread_exit" || Callee == "kthread_complete_and_exit" ||
         Callee == "do_exit" || Callee == "module_put_and_kthread_exit";
}

struct FunctionInfo {
  const FunctionDecl *FD;
  std::unique_ptr<CFG> Cfg;
};

struct StopCall {
  LocationKey Key;
  std::string Task;
  std::string Function;
  SourceLocation Loc;
};

struct ExitPoint {
  EarlyExitFinding::Kind ExitKind;
  SourceLocation Loc;
  std::string ExitFunction;
};

class ThreadExitAnalysis {
public:
  ThreadExitAnalysis(ASTContext &Ctx, const ThreadExitOptions &Options)
      : Ctx(Ctx), SM(Ctx.getSourceManager()),
        Recognizer(Ctx, Options.CreateFunctions) {
    for (const std::string &Name : Options.StopFunctions)
      StopNames.insert(Name);
    for (const std::string &Name : Options.StopCheckFunctions)
      StopChecks.insert(Name);
  }
  std::vector<EarlyExitFinding> run(llvm::ArrayRef<const FunctionDecl *>);

private:
  ASTContext &Ctx;
  const SourceManager &SM;
  CreationRecognizer Recognizer;
  llvm::StringSet<> StopNames, StopChecks;
  std::vector<FunctionInfo> Functions;
  /// File functions that return the result of a stop check.
  llvm::SmallPtrSet<const FunctionDecl *, 8> StopCheckHelpers;
  /// File functions that contain a stop check anywhere.
  llvm::SmallPtrSet<const FunctionDecl *, 8> StopAwareHelpers;
  std::vector<StopCall> Stops;
  llvm::SmallPtrSet<const ValueDecl *, 4> PinnedSlots;
  llvm::StringSet<> PinnedPaths;

  SourceLocation userLoc(SourceLocation Loc) const {
    return Loc.isValid() ? SM.getFileLoc(Loc) : Loc;
  }
  bool isStopCheck(const CallExpr *Call) const;
  bool mentionsStopCheck(const Stmt *S) const;
  const FunctionInfo *infoOf(const FunctionDecl *FD) const;
  void collectHelpers();
  void collectStopsAndPins();
  std::vector<ExitPoint> earlyExits(const FunctionInfo &Thread,
                                    const LocationKey &Task) const;
};

bool ThreadExitAnalysis::isStopCheck(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return StopChecks.contains(calleeName(Call)) ||
         (Callee && StopCheckHelpers.count(Callee->getCanonicalDecl()));
}

bool ThreadExitAnalysis::mentionsStopCheck(const Stmt *S) const {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (isStopCheck(Call))
      return true;
  for (const Stmt *Child : S->children())
    if (mentionsStopCheck(Child))
      return true;
  return false;
}

const FunctionInfo *ThreadExitAnalysis::infoOf(const FunctionDecl *FD) const {
  for (const FunctionInfo &F : Functions)
    if (F.FD->getCanonicalDecl() == FD->getCanonicalDecl())
      return &F;
  return nullptr;
}

/// Helpers that return a stop check (`return kthread_should_stop() ||
/// d->dead;`) are stop checks; helpers that test one anywhere are taken to
/// handle the stop themselves, which keeps the analysis from guessing.
void ThreadExitAnalysis::collectHelpers() {
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const FunctionInfo &F : Functions) {
      const FunctionDecl *Key = F.FD->getCanonicalDecl();
      if (StopCheckHelpers.count(Key))
        continue;
      for (const CFGBlock *B : *F.Cfg)
        for (const CFGElement &Element : *B)
          if (std::optional<CFGStmt> Elem = Element.getAs<CFGStmt>())
            if (const auto *Ret = dyn_cast<ReturnStmt>(Elem->getStmt()))
              if (!StopCheckHelpers.count(Key) &&
                  mentionsStopCheck(Ret->getRetValue())) {
                StopCheckHelpers.insert(Key);
                Changed = true;
              }
    }
  }
  for (const FunctionInfo &F : Functions)
    if (mentionsStopCheck(F.FD->getBody()))
      StopAwareHelpers.insert(F.FD->getCanonicalDecl());
}

void ThreadExitAnalysis::collectStopsAndPins() {
  for (const FunctionInfo &F : Functions)
    for (const CFGBlock *B : *F.Cfg)
      for (const CFGElement &Element : *B) {
        std::optional<CFGStmt> Elem = Element.getAs<CFGStmt>();
        const auto *Call = Elem ? dyn_cast<CallExpr>(Elem->getStmt()) : nullptr;
        if (!Call || Call->getNumArgs() == 0)
          continue;
        StringRef Name = calleeName(Call);
        std::optional<LocationKey> Key = keyOf(Call->getArg(0));
        if (!Key)
          continue;
        // kthread_stop_put() is documented for pinned tasks only.
        if (Name == "get_task_struct" || Name == "kthread_stop_put") {
          if (Key->Slot)
            PinnedSlots.insert(Key->Slot);
          if (Key->comparable())
            PinnedPaths.insert(Key->Path);
        }
        if (StopNames.contains(Name))
          Stops.push_back({*Key, spelledText(Call->getArg(0), Ctx), Name.str(),
                           userLoc(Call->getBeginLoc())});
      }
}

/// The places where \p Thread can end while no stop check has been true on
/// the way. Once true, kthread_should_stop() stays true, so one true check
/// anywhere on a path is enough.
std::vector<ExitPoint>
ThreadExitAnalysis::earlyExits(const FunctionInfo &Thread,
                               const LocationKey &Task) const {
  std::vector<ExitPoint> Exits;
  std::set<unsigned> Seen;
  std::vector<const CFGBlock *> Work{&Thread.Cfg->getEntry()};
  while (!Work.empty()) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    if (!B || !Seen.insert(B->getBlockID()).second)
      continue;
    bool StopSeen = false, Ended = false;
    bool Negated = false;
    const Expr *Core = B->succ_size() == 2 && B->getLastCondition()
                           ? peelCondition(B->getLastCondition(), Negated)
                           : nullptr;
    const auto *BranchCheck = dyn_cast_or_null<CallExpr>(Core);
    if (BranchCheck && !isStopCheck(BranchCheck))
      BranchCheck = nullptr;
    for (const CFGElement &Element : *B) {
      std::optional<CFGStmt> Elem = Element.getAs<CFGStmt>();
      if (!Elem || StopSeen || Ended)
        continue;
      const Stmt *S = Elem->getStmt();
      for (const Store &Write : storesOf(S))
        // The thread clears its own handle before leaving: the stopper is
        // meant to test it (racy, but not this check's finding).
        if (Write.Target && Write.Target->Slot && Task.Slot &&
            Write.Target->Slot == Task.Slot)
          StopSeen = true;
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        if (Call != BranchCheck &&
            (isStopCheck(Call) ||
             (Callee && StopAwareHelpers.count(Callee->getCanonicalDecl()))))
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
    if (BranchCheck) {
      Work.push_back(B->succ_begin()[Negated ? 0 : 1].getReachableBlock());
      continue;
    }
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      Work.push_back(Succ.getReachableBlock());
  }
  return Exits;
}

std::vector<EarlyExitFinding>
ThreadExitAnalysis::run(llvm::ArrayRef<const FunctionDecl *> Fns) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  for (const FunctionDecl *FD : Fns)
    if (std::unique_ptr<CFG> Cfg =
            CFG::buildCFG(FD, FD->getBody(), &Ctx, Options))
      Functions.push_back({FD, std::move(Cfg)});
  collectHelpers();
  collectStopsAndPins();

  std::vector<EarlyExitFinding> Findings;
  std::set<unsigned> Reported;
  for (const FunctionInfo &F : Functions)
    for (const CFGBlock *B : *F.Cfg)
      for (const CFGElement &Element : *B) {
        std::optional<CFGStmt> Elem = Element.getAs<CFGStmt>();
        if (!Elem)
          continue;
        for (const Store &Write : storesOf(Elem->getStmt())) {
          std::optional<Creation> C = Write.Value && Write.Target
                                          ? Recognizer.recognize(Write.Value)
                                          : std::nullopt;
          const FunctionDecl *ThreadFn =
              C ? CreationRecognizer::threadFunction(*C) : nullptr;
          const FunctionInfo *Thread = ThreadFn ? infoOf(ThreadFn) : nullptr;
          if (!Thread)
            continue;
          const LocationKey &Task = *Write.Target;
          if ((Task.Slot && PinnedSlots.count(Task.Slot)) ||
              PinnedPaths.contains(Task.Path))
            continue;
          auto Stop = llvm::find_if(Stops, [&](const StopCall &S) {
            return Task.Slot ? S.Key.Slot == Task.Slot
                             : Task.comparable() && S.Key.Path == Task.Path;
          });
          if (Stop == Stops.end())
            continue;
          for (const ExitPoint &X : earlyExits(*Thread, Task)) {
            if (!Reported.insert(X.Loc.getRawEncoding()).second)
              continue;
            Findings.push_back({X.ExitKind, X.Loc, X.ExitFunction,
                                ThreadFn->getName().str(), C->Api,
                                userLoc(Write.Value->getBeginLoc()), Stop->Task,
                                Stop->Function, Stop->Loc});
          }
        }
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
                  const ThreadExitOptions &Options) {
  return ThreadExitAnalysis(Ctx, Options).run(Functions);
}

} // namespace kthread
