//===--- LoopStop.cpp -----------------------------------------------------===//

#include "LoopStop.h"
#include "BranchCondition.h"
#include "FactModel.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace kthread {
namespace {

bool isLoop(const Stmt *S) {
  return S && (isa<WhileStmt>(S) || isa<ForStmt>(S) || isa<DoStmt>(S));
}

const Expr *loopCondition(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getCond();
  return cast<ForStmt>(Loop)->getCond();
}

/// Whether \p E tests for an interrupted sleep's result.
bool testsInterruption(const Expr *E, const FactModel &M) {
  if (!E)
    return false;
  bool Negated = false;
  const auto *Compare =
      dyn_cast<BinaryOperator>(peelCondition(E, Negated, M.api()));
  return Compare && comparesWithInterruption(Compare, M.context());
}

} // namespace

std::vector<LoopFinding> findLoopsWithoutStop(const FactModel &M) {
  const SourceManager &SM = M.sourceManager();
  std::vector<LoopFinding> Findings;
  for (const ThreadCode &Code : M.stoppedThreads().threadCode()) {
    auto Report = [&](LoopFinding::Kind Kind, const Stmt *Loop) {
      Findings.push_back(
          {Kind, SM.getFileLoc(Loop->getBeginLoc()), placeOf(Code)});
    };
    bool TakesSignals = takesSignals(Code.Thread->Thread->FD, M.api());
    llvm::SmallPtrSet<const CFGBlock *, 32> Exits =
        blocksReachingExit(*Code.Function->Cfg, /*Stopped=*/false, M.api());
    llvm::SmallPtrSet<const CFGBlock *, 32> StoppedExits =
        blocksReachingExit(*Code.Function->Cfg, /*Stopped=*/true, M.api());
    // The first loop (in source order) from which the stopped function
    // cannot return; the loops of the kernel's macros are not the user's.
    const Stmt *Trap = nullptr;
    bool TrapHasParkExit = false;
    for (const CFGBlock *B : *Code.Function->Cfg) {
      const Stmt *Loop = B->getTerminatorStmt();
      if (!isLoop(Loop) || Loop->getBeginLoc().isMacroID())
        continue;
      if (!StoppedExits.count(B) &&
          (!Trap || SM.isBeforeInTranslationUnit(Loop->getBeginLoc(),
                                                 Trap->getBeginLoc()))) {
        Trap = Loop;
        TrapHasParkExit = Exits.count(B);
      }
      if (!TakesSignals && testsInterruption(loopCondition(Loop), M) &&
          !M.stopChecks().mentions(Loop))
        Report(LoopFinding::RestartSpin, Loop);
    }
    if (Trap)
      Report(TrapHasParkExit ? LoopFinding::ParkOnlyExit : LoopFinding::NoExit,
             Trap);
  }
  std::sort(Findings.begin(), Findings.end(),
            [&](const LoopFinding &L, const LoopFinding &R) {
              return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
            });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [](const LoopFinding &L, const LoopFinding &R) {
                               return L.Loc == R.Loc;
                             }),
                 Findings.end());
  return Findings;
}

} // namespace kthread
