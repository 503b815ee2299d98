//===--- StopFlow.cpp -----------------------------------------------------===//

#include "StopFlow.h"
#include "FunctionCfg.h"
#include "PointerFlow.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include <set>

using namespace clang;

namespace kthread {
namespace {

class StopAnalysis {
public:
  StopAnalysis(ASTContext &Ctx, const StopFlowOptions &Options)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Options(Options) {}
  std::vector<DoubleStopFinding> run(llvm::ArrayRef<const FunctionDecl *>);

private:
  ASTContext &Ctx;
  const SourceManager &SM;
  const StopFlowOptions &Options;
  std::vector<FunctionCfg> Functions;
  std::optional<StopSites> Sites;
  std::optional<TaskPins> Pins;
  std::vector<DoubleStopFinding> Findings;

  void walkFrom(const FunctionCfg &F, const CFGBlock *B, unsigned Index,
                const Stop &First);
};

void StopAnalysis::walkFrom(const FunctionCfg &F, const CFGBlock *Start,
                            unsigned StartIndex, const Stop &First) {
  std::set<std::pair<unsigned, std::string>> Seen;
  std::vector<std::tuple<const CFGBlock *, unsigned, HolderSet>> Work;
  Work.emplace_back(Start, StartIndex, HolderSet(First.Key));
  unsigned Budget = MaxBlockVisits;
  while (!Work.empty() && --Budget) {
    auto [B, Index, Values] = Work.back();
    Work.pop_back();
    bool Alive = true;
    for (unsigned I = Index; Alive && I < B->size(); ++I) {
      std::optional<CFGStmt> Elem = (*B)[I].getAs<CFGStmt>();
      if (!Elem)
        continue;
      const Stmt *S = Elem->getStmt();
      for (const Stop &Again : Sites->stopsOf(S)) {
        if (!Alive || Values.find(Again.Key) < 0)
          continue;
        Findings.push_back(
            {Again.Pointer, First.Site, Again.Site, Pins->pinOf(First.Key)});
        Alive = false;
      }
      for (const Store &Write : storesOf(S))
        if (Alive && Write.Target) {
          Values.assign(*Write.Target, Write.Value);
          Alive = !Values.empty();
        }
      if (isa<ReturnStmt>(S) || isNoReturnCall(S))
        Alive = false;
    }
    if (!Alive)
      continue;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Seen.insert({Next->getBlockID(), Values.signature()}).second)
          Work.emplace_back(Next, 0, Values);
  }
}

std::vector<DoubleStopFinding>
StopAnalysis::run(llvm::ArrayRef<const FunctionDecl *> Fns) {
  Functions = buildCfgs(Ctx, Fns);
  Pins.emplace(Functions);
  Sites.emplace(Ctx, Functions, Options.StopFunctions);

  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *S) {
      for (const Stop &First : Sites->stopsOf(S))
        if (First.LeavesStale && First.Key.comparable())
          walkFrom(F, B, I + 1, First);
    });

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
  return std::move(Findings);
}

} // namespace

std::vector<DoubleStopFinding>
findDoubleStops(ASTContext &Ctx, llvm::ArrayRef<const FunctionDecl *> Functions,
                const StopFlowOptions &Options) {
  return StopAnalysis(Ctx, Options).run(Functions);
}

} // namespace kthread
