//===--- StopSites.cpp ----------------------------------------------------===//

#include "StopSites.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "PointerFlow.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang;

namespace kthread {
namespace {

/// The location of \p Arg as seen through `&x`, which a helper receives as
/// `p` and writes `p->f` for `x.f`.
std::optional<StorageLocation> argumentLocation(const Expr *Arg) {
  Arg = Arg->IgnoreParenCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(Arg))
    if (Unary->getOpcode() == UO_AddrOf)
      return StorageLocation::of(Unary->getSubExpr());
  return StorageLocation::of(Arg);
}

bool isStop(const ApiEntry *E) {
  return E && (E->What == Role::Stop || E->What == Role::StopPut);
}

} // namespace

StopSites::StopSites(
    ASTContext &Ctx, const KthreadApi &Api,
    llvm::ArrayRef<FunctionCfg> Functions,
    const llvm::SmallPtrSetImpl<const ValueDecl *> &ClearedByThread)
    : Ctx(Ctx), Api(Api),
      ClearedByThread(ClearedByThread.begin(), ClearedByThread.end()) {
  findCopies(Functions);
  // Helpers that stop through helpers.
  summariseToFixedPoint(Functions, Helpers,
                        [&](const FunctionCfg &F) { return summarise(F); });
}

void StopSites::findCopies(llvm::ArrayRef<FunctionCfg> Functions) {
  llvm::DenseMap<const VarDecl *, unsigned> Writes;
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Store &Write : storesOf(S)) {
        const auto *Var = Write.Target
                              ? dyn_cast_or_null<VarDecl>(Write.Target->root())
                              : nullptr;
        if (!Var || !Var->hasLocalStorage() || !Write.Target->steps().empty())
          continue;
        ++Writes[Var];
        std::optional<StorageLocation> From =
            Write.Value ? StorageLocation::of(Write.Value) : std::nullopt;
        if (From && From->slot())
          Copies.insert({Var, *From});
      }
    });
  // Only a local written once is a copy of one place.
  for (const auto &[Var, Count] : Writes)
    if (Count != 1)
      Copies.erase(Var);
}

/// The task a helper stops, seen from the call: `phba->worker_thread` for
/// `unset(phba)` when `unset` stops `p->worker_thread`.
std::string StopSites::describeStopped(const Expr *Arg,
                                       const HelperStop &H) const {
  std::string Base = spelledText(Arg, Ctx);
  const auto *Field = dyn_cast_or_null<FieldDecl>(H.Task.slot());
  size_t Depth = H.Task.steps().size();
  if (Depth == 0 || !Field)
    return Base;
  bool Direct = Depth == 1;
  const auto *Unary = dyn_cast<UnaryOperator>(Arg->IgnoreParenCasts());
  if (Unary && Unary->getOpcode() == UO_AddrOf)
    return spelledText(Unary->getSubExpr(), Ctx) + (Direct ? "." : ". ... .") +
           Field->getName().str();
  return Base + (Direct ? "->" : "->...->") + Field->getName().str();
}

llvm::SmallVector<Stop, 1> StopSites::stopsOf(const Stmt *S) const {
  llvm::SmallVector<Stop, 1> Out;
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || Call->getNumArgs() == 0)
    return Out;
  StringRef Name = calleeName(Call);
  SourceLocation Loc = Ctx.getSourceManager().getFileLoc(Call->getBeginLoc());
  if (isStop(Api.lookup(Call))) {
    if (std::optional<StorageLocation> Task =
            StorageLocation::of(Call->getArg(0))) {
      std::optional<StorageLocation> Origin;
      if (const auto *Var = dyn_cast_or_null<VarDecl>(Task->root());
          Var && Task->steps().empty()) {
        auto Copy = Copies.find(Var);
        if (Copy != Copies.end())
          Origin = Copy->second;
      }
      // The thread cleared the place before the stop returned.
      bool Stale = !ClearedByThread.count(Task->slot());
      Out.push_back({*Task,
                     Origin,
                     spelledText(Call->getArg(0), Ctx),
                     {Loc, Name.str(), "", {}},
                     Stale});
    }
    return Out;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  auto Helper =
      Callee ? Helpers.find(Callee->getCanonicalDecl()) : Helpers.end();
  if (Helper == Helpers.end())
    return Out;
  for (const HelperStop &H : Helper->second) {
    if (H.Param >= Call->getNumArgs())
      continue;
    std::optional<StorageLocation> Base =
        argumentLocation(Call->getArg(H.Param));
    if (!Base || !Base->comparable())
      continue;
    const ParmVarDecl *Param = Callee->getParamDecl(H.Param);
    Out.push_back({H.Task.rebased(StorageLocation::ofVariable(Param), *Base),
                   std::nullopt,
                   describeStopped(Call->getArg(H.Param), H),
                   {Loc, Name.str(), H.Inner, H.InnerLoc},
                   H.LeavesStale});
  }
  return Out;
}

/// Whether every path from the entry of \p F to its exit stops \p Task,
/// counting a NULL test of it as a path that needs no stop.
bool StopSites::stopsOnEveryPath(const FunctionCfg &F,
                                 const StorageLocation &Task) const {
  bool ReachesExit = false;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S, NoState &) {
    for (const Stop &Made : stopsOf(S))
      if (Made.Task.sameStorage(Task) ||
          (Made.Origin && Made.Origin->sameStorage(Task)))
        return false;
    return true;
  };
  auto Branch = [&](const CFGBlock *B, NoState &State,
                    Successors<NoState> &Next) {
    if (B == &F.Cfg->getExit()) {
      ReachesExit = true;
      return;
    }
    BranchCondition Cond = branchOf(B, Api);
    std::optional<StorageLocation> Tested =
        Cond.Pointer ? StorageLocation::of(Cond.Pointer) : std::nullopt;
    if (Cond.TestKind == BranchCondition::NullTest && Tested &&
        Tested->sameStorage(Task)) {
      Next.push(B->succ_begin()[Cond.Successor].getReachableBlock(), State);
      return;
    }
    Next.pushAll(B, State);
  };
  WalkOutcome Outcome =
      walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, NoState(), Transfer, Branch);
  return !ReachesExit && !Outcome.Exhausted;
}

/// Whether some path from element \p Index of \p B reaches the exit with
/// \p Task still holding the stopped task.
bool StopSites::leavesStale(const FunctionCfg &F, const CFGBlock *B,
                            unsigned Index, const StorageLocation &Task) const {
  bool Stale = false;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S,
                      HolderSet &Values) {
    for (const Store &Write : storesOf(S))
      if (Write.Target) {
        Values.assign(*Write.Target, Write.Value);
        if (Values.empty())
          return false;
      }
    return true;
  };
  auto Branch = [&](const CFGBlock *Block, HolderSet &Values,
                    Successors<HolderSet> &Next) {
    if (Block == &F.Cfg->getExit())
      Stale = true;
    Next.pushAll(Block, Values);
  };
  WalkOutcome Outcome =
      walkPaths(*F.Cfg, B, Index, HolderSet(Task), Transfer, Branch);
  // An unfinished walk shows nothing: the stop is then not followed.
  return Stale && !Outcome.Exhausted;
}

/// Whether \p F stores to \p Task anywhere: a helper that stops a copy
/// of a field and writes the field (`p->thread = NULL`) is taken to clear
/// it.
static bool writes(const FunctionCfg &F, const StorageLocation &Task) {
  bool Written = false;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    for (const Store &Write : storesOf(S))
      Written |= Write.Target && Write.Target->sameStorage(Task);
  });
  return Written;
}

std::vector<StopSites::HelperStop>
StopSites::summarise(const FunctionCfg &F) const {
  std::vector<HelperStop> Result;
  for (unsigned P = 0; P < F.FD->getNumParams(); ++P) {
    const ParmVarDecl *Param = F.FD->getParamDecl(P);
    if (!Param->getType()->isPointerType())
      continue;
    StorageLocation Root = StorageLocation::ofVariable(Param);
    std::vector<StorageLocation> Done;
    forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *St) {
      for (const Stop &S : stopsOf(St)) {
        // `t = p->thread; p->thread = NULL; kthread_stop(t);` stops the
        // field.
        bool ViaCopy =
            !S.Task.isWithin(Root) && S.Origin && S.Origin->isWithin(Root);
        const StorageLocation &Task = ViaCopy ? *S.Origin : S.Task;
        if (!Task.isWithin(Root) || llvm::is_contained(Done, Task))
          continue;
        Done.push_back(Task);
        // The parameter itself, or a field below it; not `p[i]`.
        llvm::ArrayRef<StorageLocation::Step> Steps = Task.steps();
        if ((!Steps.empty() &&
             Steps.front().StepKind != StorageLocation::Step::Field) ||
            !stopsOnEveryPath(F, Task))
          continue;
        bool Stale =
            S.LeavesStale &&
            (ViaCopy ? !writes(F, Task) : leavesStale(F, B, I + 1, Task));
        Result.push_back(
            {P, Task, S.Site.Inner.empty() ? S.Site.Stopper : S.Site.Inner,
             S.Site.Inner.empty() ? S.Site.Loc : S.Site.InnerLoc, Stale});
      }
    });
  }
  return Result;
}

} // namespace kthread
