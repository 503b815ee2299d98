//===--- StopFlow.cpp -----------------------------------------------------===//

#include "StopFlow.h"
#include "Engine.h"
#include "FactModel.h"
#include "PointerFlow.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace kthread {
namespace {

/// What a path knows about one task: the places that hold it, and the
/// first stop of it on the path, if it was stopped yet.
struct StopState {
  HolderSet Values;
  const Stmt *FirstStop = nullptr;
  /// Which of FirstStop's stops it was.
  unsigned FirstIndex = 0;
  bool operator<(const StopState &O) const {
    return std::tie(Values, FirstStop, FirstIndex) <
           std::tie(O.Values, O.FirstStop, O.FirstIndex);
  }
  void print(llvm::raw_ostream &OS) const {
    Values.print(OS);
    OS << (FirstStop ? " stopped" : "");
  }
};

/// Follows a task from element \p StartIndex of \p Start; once stopped,
/// a second stop of any place that still holds it is a finding. \p CopyLoc
/// is where the walk began with a copy of the task, before any stop.
void walkFrom(const FactModel &M, const FunctionCfg &F, const CFGBlock *Start,
              unsigned StartIndex, StopState Initial, SourceLocation CopyLoc,
              std::vector<DoubleStopFinding> &Findings) {
  std::vector<DoubleStopFinding> Found;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S,
                      StopState &State) {
    llvm::SmallVector<Stop, 1> Stops = M.stops().stopsOf(S);
    for (unsigned Index = 0; Index < Stops.size(); ++Index) {
      const Stop &Again = Stops[Index];
      if (!State.Values.holds(Again.Task))
        continue;
      if (!State.FirstStop) {
        State.FirstStop = S;
        State.FirstIndex = Index;
        // A helper that clears its place leaves only the other copies.
        if (!Again.LeavesStale)
          State.Values.assign(Again.Task, nullptr);
        return !State.Values.empty();
      }
      const Stop First = M.stops().stopsOf(State.FirstStop)[State.FirstIndex];
      // The same place twice is the walk from the first stop's finding.
      if (CopyLoc.isValid() && HolderSet(First.Task).holds(Again.Task))
        return false;
      Found.push_back({Again.Pointer, First.Site, Again.Site,
                       M.pins().pinOf(First.Task), CopyLoc});
      return false;
    }
    for (const Store &Write : storesOf(S))
      if (Write.Target) {
        State.Values.assign(*Write.Target, Write.Value);
        if (State.Values.empty())
          return false;
      }
    return !isa<ReturnStmt>(S) && !isNoReturnCall(S);
  };
  auto Branch = [](const CFGBlock *B, StopState &State,
                   Successors<StopState> &Next) { Next.pushAll(B, State); };
  WalkOutcome Outcome = walkPaths(*F.Cfg, Start, StartIndex, std::move(Initial),
                                  Transfer, Branch);
  if (!Outcome.Exhausted)
    llvm::append_range(Findings, Found);
}

/// `t = dev->thread` before the stops: both places hold the task, so a
/// stop of one and then of the other is a double stop too.
void walkFromCopies(const FactModel &M, const FunctionCfg &F, const CFGBlock *B,
                    unsigned I, const Stmt *S,
                    std::vector<DoubleStopFinding> &Findings) {
  for (const Store &Write : storesOf(S)) {
    if (!Write.Target || !Write.Value || !isTaskPointer(Write.Value->getType()))
      continue;
    std::optional<StorageLocation> From = StorageLocation::of(Write.Value);
    if (!From || !From->comparable() || !Write.Target->comparable())
      continue;
    HolderSet Values(*From);
    Values.assign(*Write.Target, Write.Value);
    walkFrom(M, F, B, I + 1, {Values, nullptr},
             M.sourceManager().getFileLoc(S->getBeginLoc()), Findings);
  }
}

} // namespace

std::vector<DoubleStopFinding> findDoubleStops(const FactModel &M) {
  std::vector<DoubleStopFinding> Findings;
  for (const FunctionCfg &F : M.functions())
    forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *S) {
      llvm::SmallVector<Stop, 1> Stops = M.stops().stopsOf(S);
      for (unsigned Index = 0; Index < Stops.size(); ++Index)
        if (Stops[Index].LeavesStale && Stops[Index].Task.comparable())
          walkFrom(M, F, B, I + 1, {HolderSet(Stops[Index].Task), S, Index}, {},
                   Findings);
      walkFromCopies(M, F, B, I, S, Findings);
    });

  const SourceManager &SM = M.sourceManager();
  std::sort(Findings.begin(), Findings.end(),
            [&](const DoubleStopFinding &L, const DoubleStopFinding &R) {
              if (L.Second.Loc != R.Second.Loc)
                return SM.isBeforeInTranslationUnit(L.Second.Loc, R.Second.Loc);
              return L.Pointer < R.Pointer;
            });
  Findings.erase(
      std::unique(Findings.begin(), Findings.end(),
                  [](const DoubleStopFinding &L, const DoubleStopFinding &R) {
                    return L.Second.Loc == R.Second.Loc &&
                           L.Pointer == R.Pointer;
                  }),
      Findings.end());
  return Findings;
}

} // namespace kthread
