//===--- StopSites.cpp ----------------------------------------------------===//

#include "StopSites.h"
#include "BranchCondition.h"
#include "PointerFlow.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <set>

using namespace clang;

namespace kthread {
namespace {

/// The key of \p Arg as seen through `&x`, which a helper receives as `p`
/// and writes `p->f` for `x.f`.
std::optional<LocationKey> argumentKey(const Expr *Arg) {
  Arg = Arg->IgnoreParenCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(Arg))
    if (Unary->getOpcode() == UO_AddrOf)
      return keyOf(Unary->getSubExpr());
  return keyOf(Arg);
}

} // namespace

StopSites::StopSites(ASTContext &Ctx, llvm::ArrayRef<FunctionCfg> Functions,
                     llvm::ArrayRef<std::string> StopFunctions)
    : Ctx(Ctx) {
  for (const std::string &Name : StopFunctions)
    StopNames.insert(Name);
  // Helpers that stop through helpers: a few rounds reach the fixed point.
  for (unsigned Round = 0; Round < 3; ++Round) {
    bool Changed = false;
    for (const FunctionCfg &F : Functions) {
      std::vector<HelperStop> Summary = summarise(F);
      std::vector<HelperStop> &Old = Helpers[F.FD->getCanonicalDecl()];
      if (Summary.size() != Old.size()) {
        Old = std::move(Summary);
        Changed = true;
      }
    }
    if (!Changed)
      break;
  }
}

/// The task a helper stops, seen from the call: `phba->worker_thread` for
/// `unset(phba)` when `unset` stops `p->worker_thread`.
std::string StopSites::describeStopped(const Expr *Arg,
                                       const HelperStop &H) const {
  std::string Base = spelledText(Arg, Ctx);
  const auto *Field = dyn_cast_or_null<FieldDecl>(H.Slot);
  if (H.Suffix.empty() || !Field)
    return Base;
  bool Direct = llvm::count(H.Suffix, '.') == 1;
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
  if (StopNames.contains(Name)) {
    if (std::optional<LocationKey> Key = keyOf(Call->getArg(0)))
      Out.push_back(
          {*Key, spelledText(Call->getArg(0), Ctx), {Loc, Name.str(), "", {}}});
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
    std::optional<LocationKey> Base = argumentKey(Call->getArg(H.Param));
    if (!Base || !Base->comparable())
      continue;
    LocationKey Key{Base->Path + H.Suffix,
                    H.Suffix.empty() ? Base->Slot : H.Slot};
    Out.push_back({Key,
                   describeStopped(Call->getArg(H.Param), H),
                   {Loc, Name.str(), H.Inner, H.InnerLoc},
                   H.LeavesStale});
  }
  return Out;
}

/// Whether every path from the entry of \p F to its exit stops \p Key,
/// counting a NULL test of it as a path that needs no stop.
bool StopSites::stopsOnEveryPath(const FunctionCfg &F,
                                 const LocationKey &Key) const {
  llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
  llvm::SmallVector<const CFGBlock *, 32> Work{&F.Cfg->getEntry()};
  llvm::StringSet<> NoErrChecks;
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (!B || !Seen.insert(B).second)
      continue;
    if (B == &F.Cfg->getExit())
      return false;
    bool Stopped = false;
    for (const CFGElement &Element : *B)
      if (std::optional<CFGStmt> Elem = Element.getAs<CFGStmt>())
        for (const Stop &S : stopsOf(Elem->getStmt()))
          Stopped |= S.Key.Path == Key.Path;
    if (Stopped)
      continue;
    BranchCondition Cond =
        B->succ_size() == 2
            ? classifyCondition(B->getLastCondition(), NoErrChecks)
            : BranchCondition();
    std::optional<LocationKey> Tested =
        Cond.Pointer ? keyOf(Cond.Pointer) : std::nullopt;
    if (Cond.TestKind == BranchCondition::NullTest && Tested &&
        Tested->Path == Key.Path) {
      Work.push_back(B->succ_begin()[Cond.Successor].getReachableBlock());
      continue;
    }
    for (const CFGBlock::AdjacentBlock &Succ : B->succs())
      Work.push_back(Succ.getReachableBlock());
  }
  return true;
}

/// Whether some path from element \p Index of \p B reaches the exit with
/// \p Key still holding the stopped task.
bool StopSites::leavesStale(const FunctionCfg &F, const CFGBlock *B,
                            unsigned Index, const LocationKey &Key) const {
  std::set<std::pair<unsigned, std::string>> Seen;
  std::vector<std::pair<const CFGBlock *, HolderSet>> Work;
  Work.push_back({B, HolderSet(Key)});
  bool First = true;
  while (!Work.empty()) {
    auto [Block, Values] = Work.back();
    Work.pop_back();
    bool Alive = true;
    for (unsigned I = First ? Index : 0; Alive && I < Block->size(); ++I)
      if (std::optional<CFGStmt> Elem = (*Block)[I].getAs<CFGStmt>())
        for (const Store &Write : storesOf(Elem->getStmt()))
          if (Write.Target) {
            Values.assign(*Write.Target, Write.Value);
            Alive = !Values.empty();
          }
    First = false;
    if (!Alive)
      continue;
    if (Block == &F.Cfg->getExit())
      return true;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Seen.insert({Next->getBlockID(), Values.signature()}).second)
          Work.push_back({Next, Values});
  }
  return false;
}

std::vector<StopSites::HelperStop>
StopSites::summarise(const FunctionCfg &F) const {
  std::vector<HelperStop> Result;
  for (unsigned P = 0; P < F.FD->getNumParams(); ++P) {
    const ParmVarDecl *Param = F.FD->getParamDecl(P);
    if (!Param->getType()->isPointerType())
      continue;
    std::string Root = keyOfVariable(Param).Path;
    std::set<std::string> Done;
    forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *St) {
      for (const Stop &S : stopsOf(St)) {
        StringRef Path = S.Key.Path;
        if (!Path.starts_with(Root) || !Done.insert(Path.str()).second)
          continue;
        std::string Suffix = Path.substr(Root.size()).str();
        if ((!Suffix.empty() && Suffix[0] != '.') ||
            !stopsOnEveryPath(F, S.Key))
          continue;
        Result.push_back({P, Suffix, S.Key.Slot,
                          S.Site.Inner.empty() ? S.Site.Stopper : S.Site.Inner,
                          S.Site.Inner.empty() ? S.Site.Loc : S.Site.InnerLoc,
                          S.LeavesStale && leavesStale(F, B, I + 1, S.Key)});
      }
    });
  }
  return Result;
}

} // namespace kthread
