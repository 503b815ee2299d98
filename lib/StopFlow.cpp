//===--- StopFlow.cpp -----------------------------------------------------===//

#include "StopFlow.h"
#include "Engine.h"
#include "FactModel.h"
#include "PointerFlow.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace kthread {
namespace {

/// Follows the stopped task from just after \p First; a second stop of it
/// is a finding.
void walkFrom(const FactModel &M, const FunctionCfg &F, const CFGBlock *Start,
              unsigned StartIndex, const Stop &First,
              std::vector<DoubleStopFinding> &Findings) {
  std::vector<DoubleStopFinding> Found;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S,
                      HolderSet &Values) {
    for (const Stop &Again : M.stops().stopsOf(S))
      if (Values.holds(Again.Task)) {
        Found.push_back({Again.Pointer, First.Site, Again.Site,
                         M.pins().pinOf(First.Task)});
        return false;
      }
    for (const Store &Write : storesOf(S))
      if (Write.Target) {
        Values.assign(*Write.Target, Write.Value);
        if (Values.empty())
          return false;
      }
    return !isa<ReturnStmt>(S) && !isNoReturnCall(S);
  };
  auto Branch = [](const CFGBlock *B, HolderSet &Values,
                   Successors<HolderSet> &Next) { Next.pushAll(B, Values); };
  WalkOutcome Outcome = walkPaths(*F.Cfg, Start, StartIndex,
                                  HolderSet(First.Task), Transfer, Branch);
  if (!Outcome.Exhausted)
    llvm::append_range(Findings, Found);
}

} // namespace

std::vector<DoubleStopFinding> findDoubleStops(const FactModel &M) {
  std::vector<DoubleStopFinding> Findings;
  for (const FunctionCfg &F : M.functions())
    forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *S) {
      for (const Stop &First : M.stops().stopsOf(S))
        if (First.LeavesStale && First.Task.comparable())
          walkFrom(M, F, B, I + 1, First, Findings);
    });

  const SourceManager &SM = M.sourceManager();
  std::sort(Findings.begin(), Findings.end(),
            [&](const DoubleStopFinding &L, const DoubleStopFinding &R) {
              return SM.isBeforeInTranslationUnit(L.Second.Loc, R.Second.Loc);
            });
  Findings.erase(
      std::unique(Findings.begin(), Findings.end(),
                  [](const DoubleStopFinding &L, const DoubleStopFinding &R) {
                    return L.Second.Loc == R.Second.Loc;
                  }),
      Findings.end());
  return Findings;
}

} // namespace kthread
