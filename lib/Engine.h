//===--- Engine.h - One path engine for every analysis --------------------===//
//
// Every analysis walks the CFGs of the file's functions the same way: from a
// start element forward, one state per path; the analysis supplies the
// transfer (what one element does to the state, and whether the path goes
// on) and the branch rule (which successors a block hands its state to),
// and keeps what it finds in its own events, apart from the state. The rules
// are the engine's, the same for all:
//  - a (block, state) pair is walked once: states are small sets drawn from
//    finite domains, so every walk reaches its fixed point;
//  - MaxBlockVisits bounds a pathological function; a walk that reaches it
//    is Exhausted, and its events must not be reported;
//  - summaries of the file's functions (what a helper does with its
//    argument) are recomputed until no summary changes, compared in full.
// With KTHREAD_TIDY_TRACE=engine every visit is printed with its state.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_ENGINE_H
#define KTHREAD_TIDY_LIB_ENGINE_H

#include "Trace.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <set>
#include <utility>
#include <vector>

namespace kthread {

/// Bounds one walk over a CFG.
constexpr unsigned MaxBlockVisits = 20000;

struct WalkOutcome {
  /// The bound was reached: what the walk found is incomplete.
  bool Exhausted = false;
  unsigned Visits = 0;
};

/// Where a walk goes next: the analysis's branch rule pushes successors.
template <typename State> class Successors {
public:
  void push(const clang::CFGBlock *B, State S) {
    if (B)
      Next.emplace_back(B, std::move(S));
  }
  /// Every reachable successor of \p B with \p S.
  void pushAll(const clang::CFGBlock *B, const State &S) {
    for (const clang::CFGBlock::AdjacentBlock &Succ : B->succs())
      push(Succ.getReachableBlock(), S);
  }
  std::vector<std::pair<const clang::CFGBlock *, State>> Next;
};

/// Walks \p Cfg from element \p StartIndex of \p Start with \p Initial.
///
/// \p Transfer(Block, Index, Stmt, State&) applies one statement element
/// and returns false when the path ends there. \p Branch(Block, State&,
/// Successors&) runs when a block's elements have all been applied (also
/// for the exit block, which has no successors) and pushes where the path
/// goes. State needs operator< and, for traces, print(raw_ostream&).
template <typename State, typename TransferFn, typename BranchFn>
WalkOutcome walkPaths(const clang::CFG &Cfg, const clang::CFGBlock *Start,
                      unsigned StartIndex, State Initial, TransferFn Transfer,
                      BranchFn Branch) {
  WalkOutcome Outcome;
  struct Item {
    const clang::CFGBlock *Block;
    unsigned Index;
    State S;
  };
  std::vector<Item> Work{{Start, StartIndex, std::move(Initial)}};
  std::set<std::pair<unsigned, State>> Seen;
  bool Tracing = traceEnabled("engine");
  while (!Work.empty()) {
    if (++Outcome.Visits > MaxBlockVisits) {
      Outcome.Exhausted = true;
      if (Tracing)
        trace("engine") << "bound reached after " << MaxBlockVisits
                        << " visits\n";
      return Outcome;
    }
    Item It = std::move(Work.back());
    Work.pop_back();
    if (Tracing) {
      llvm::raw_ostream &OS = trace("engine");
      OS << "B" << It.Block->getBlockID() << "." << It.Index << " ";
      It.S.print(OS);
      OS << "\n";
    }
    bool Alive = true;
    for (unsigned I = It.Index; Alive && I < It.Block->size(); ++I)
      if (std::optional<clang::CFGStmt> Elem =
              (*It.Block)[I].template getAs<clang::CFGStmt>())
        Alive = Transfer(It.Block, I, Elem->getStmt(), It.S);
    if (!Alive)
      continue;
    Successors<State> Next;
    Branch(It.Block, It.S, Next);
    for (auto &[B, S] : Next.Next)
      if (Seen.insert({B->getBlockID(), S}).second)
        Work.push_back({B, 0, std::move(S)});
  }
  return Outcome;
}

/// The state of a walk that follows control flow only.
struct NoState {
  bool operator<(const NoState &) const { return false; }
  void print(llvm::raw_ostream &OS) const { OS << "-"; }
};

/// Blocks from which the exit of \p Cfg is reached, backwards; \p Skip(P, B)
/// drops the edge P -> B.
template <typename SkipFn>
llvm::SmallPtrSet<const clang::CFGBlock *, 32>
blocksReaching(const clang::CFG &Cfg, SkipFn Skip) {
  llvm::SmallPtrSet<const clang::CFGBlock *, 32> Reach;
  llvm::SmallVector<const clang::CFGBlock *, 32> Work{&Cfg.getExit()};
  while (!Work.empty()) {
    const clang::CFGBlock *B = Work.pop_back_val();
    if (!B || !Reach.insert(B).second)
      continue;
    for (const clang::CFGBlock::AdjacentBlock &Pred : B->preds()) {
      const clang::CFGBlock *P = Pred.getReachableBlock();
      if (P && !Skip(P, B))
        Work.push_back(P);
    }
  }
  return Reach;
}

/// Computes \p Summaries for \p Functions (anything with a FD member) until
/// none changes. Summaries only grow, along finite lattices, so the number
/// of functions plus one rounds always suffices; the bound guards a summary
/// that would not settle.
template <typename FunctionList, typename Summary, typename ComputeFn>
void summariseToFixedPoint(
    const FunctionList &Functions,
    llvm::DenseMap<const clang::FunctionDecl *, Summary> &Summaries,
    ComputeFn Compute) {
  for (size_t Round = 0; Round <= Functions.size(); ++Round) {
    bool Changed = false;
    for (const auto &F : Functions) {
      Summary New = Compute(F);
      Summary &Old = Summaries[F.FD->getCanonicalDecl()];
      if (!(New == Old)) {
        Old = std::move(New);
        Changed = true;
      }
    }
    if (!Changed)
      return;
  }
}

} // namespace kthread

#endif
