//===--- StoppedThreads.cpp -----------------------------------------------===//

#include "StoppedThreads.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "PointerFlow.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace kthread {

StopChecks::StopChecks(const KthreadApi &Api,
                       llvm::ArrayRef<FunctionCfg> Functions)
    : Api(Api) {
  // A helper returning a helper's result: the set only grows, so each round
  // but the last adds one; the bound is the engine's rule.
  for (size_t Round = 0; Round <= Functions.size(); ++Round) {
    bool Changed = false;
    Changed = false;
    for (const FunctionCfg &F : Functions)
      forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
        const auto *Ret = dyn_cast<ReturnStmt>(S);
        if (Ret && mentions(Ret->getRetValue()) &&
            Helpers.insert(F.FD->getCanonicalDecl()).second)
          Changed = true;
      });
    if (!Changed)
      break;
  }
}

bool StopChecks::isStopCheck(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Api.is(Call, Role::ShouldStop) ||
         (Callee && Helpers.count(Callee->getCanonicalDecl()));
}

bool StopChecks::mentions(const Stmt *S) const {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (isStopCheck(Call))
      return true;
  for (const Stmt *Child : S->children())
    if (mentions(Child))
      return true;
  return false;
}

/// Roles whose call leaves a created thread asleep.
static bool leavesAsleep(Role R) {
  switch (R) {
  case Role::Stop:
  case Role::StopPut:
  case Role::Pin:
  case Role::Unpin:
  case Role::Bind:
  case Role::ErrCheck:
  case Role::ErrValue:
  case Role::TaskUse:
    return true;
  default:
    return false;
  }
}

StoppedThreads::StoppedThreads(ASTContext &Ctx,
                               llvm::ArrayRef<FunctionCfg> Functions,
                               const StopSites &Sites,
                               const CreationRecognizer &Creations,
                               const KthreadApi &Api)
    : Functions(Functions) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Stop &Made : Sites.stopsOf(S))
        Stops.push_back({Made.Task, Made.Origin, Made.Pointer,
                         Made.Site.Stopper, Made.Site.Loc, F.FD});
    });

  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Store &Write : storesOf(S)) {
        std::optional<Creation> C = Write.Target && Write.Value
                                        ? Creations.recognize(Write.Value)
                                        : std::nullopt;
        const FunctionDecl *ThreadFn =
            C ? CreationRecognizer::threadFunction(*C) : nullptr;
        const FunctionCfg *Thread = ThreadFn ? cfgOf(ThreadFn) : nullptr;
        if (!Thread)
          continue;
        SourceLocation CreationLoc = SM.getFileLoc(Write.Value->getBeginLoc());
        // `t = kthread_run(...); ... dev->thread = t;`: the field is where
        // the file keeps the task.
        std::vector<StorageLocation> Places{*Write.Target};
        llvm::append_range(Places, fieldsCopiedFrom(F, *Write.Target));
        for (const StorageLocation &Task : Places)
          addThread(*Thread, *C, CreationLoc, Task, Places, Api);
      }
    });
}

/// The fields and globals that \p F copies the local \p Local into.
std::vector<StorageLocation>
StoppedThreads::fieldsCopiedFrom(const FunctionCfg &F,
                                 const StorageLocation &Local) const {
  std::vector<StorageLocation> Fields;
  const auto *Var = dyn_cast_or_null<VarDecl>(Local.root());
  if (!Var || !Var->hasLocalStorage() || !Local.steps().empty())
    return Fields;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    for (const Store &Write : storesOf(S)) {
      std::optional<StorageLocation> From =
          Write.Value ? StorageLocation::of(Write.Value) : std::nullopt;
      if (Write.Target && Write.Target->slot() && From &&
          From->sameStorage(Local))
        Fields.push_back(*Write.Target);
    }
  });
  return Fields;
}

/// Whether \p Place names the task kept in \p Task: by its field or
/// global, or as the same local.
static bool names(const StorageLocation &Task, const StorageLocation &Place) {
  return Task.slot() ? Place.slot() == Task.slot() : Place.sameStorage(Task);
}

void StoppedThreads::addThread(const FunctionCfg &Thread, const Creation &C,
                               SourceLocation CreationLoc,
                               const StorageLocation &Task,
                               llvm::ArrayRef<StorageLocation> AllPlaces,
                               const KthreadApi &Api) {
  StoppedThread Started{&Thread, C.Api, CreationLoc, Task, {}, true};
  auto Names = [&](const StorageLocation &Place) { return names(Task, Place); };
  for (const StopCall &Stop : Stops)
    if (Names(Stop.Task) || (Stop.Origin && Names(*Stop.Origin)))
      Started.Stops.push_back(&Stop);
  if (Started.Stops.empty())
    return;
  // A thread created asleep runs only once something wakes (or parks) it:
  // any call that is given the task and is not known to leave it asleep.
  if (C.startsAsleep())
    Started.Runs = llvm::any_of(Functions, [&](const FunctionCfg &F) {
      bool Wakes = false;
      forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
        const auto *Call = dyn_cast<CallExpr>(S);
        if (!Call || Wakes)
          return;
        const ApiEntry *Entry = Api.lookup(Call);
        if (Entry && leavesAsleep(Entry->What))
          return;
        for (const Expr *Arg : Call->arguments())
          if (std::optional<StorageLocation> Given = StorageLocation::of(Arg))
            for (const StorageLocation &Place : AllPlaces)
              Wakes |= names(Place, *Given);
      });
      return Wakes;
    });
  Threads.push_back(std::move(Started));
}

const FunctionCfg *StoppedThreads::cfgOf(const FunctionDecl *FD) const {
  for (const FunctionCfg &F : Functions)
    if (F.FD->getCanonicalDecl() == FD->getCanonicalDecl())
      return &F;
  return nullptr;
}

ThreadPlace placeOf(const ThreadCode &Code) {
  const StoppedThread &T = *Code.Thread;
  const FunctionDecl *FD = Code.Function->FD;
  return {T.Thread->FD->getName().str(),
          FD == T.Thread->FD ? "" : FD->getName().str(), T.CreateName,
          T.CreationLoc, T.Stops[0]->Loc};
}

static bool callsAllowSignal(const Stmt *S, const KthreadApi &Api) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (Api.is(Call, Role::AllowSignal))
      return true;
  for (const Stmt *Child : S->children())
    if (callsAllowSignal(Child, Api))
      return true;
  return false;
}

const CFGBlock *parkRequestedSuccessor(const CFGBlock *B,
                                       const KthreadApi &Api) {
  if (B->succ_size() != 2 || !B->getLastCondition())
    return nullptr;
  bool Negated = false;
  const auto *Call =
      dyn_cast<CallExpr>(peelCondition(B->getLastCondition(), Negated, Api));
  if (!Call || !Api.is(Call, Role::ShouldPark))
    return nullptr;
  return B->succ_begin()[Negated ? 1 : 0].getReachableBlock();
}

llvm::SmallPtrSet<const CFGBlock *, 32>
blocksReachingExit(const CFG &Cfg, bool Stopped, const KthreadApi &Api) {
  return blocksReaching(Cfg, [&](const CFGBlock *P, const CFGBlock *B) {
    return Stopped && parkRequestedSuccessor(P, Api) == B;
  });
}

bool parksThreads(llvm::ArrayRef<FunctionCfg> Functions,
                  const KthreadApi &Api) {
  bool Parks = false;
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      Parks |= Call && Api.is(Call, Role::Park);
    });
  return Parks;
}

bool takesSignals(const FunctionDecl *Thread, const KthreadApi &Api) {
  return callsAllowSignal(Thread->getBody(), Api);
}

bool comparesWithInterruption(const BinaryOperator *Compare,
                              const ASTContext &Ctx) {
  if (!Compare->isEqualityOp())
    return false;
  for (const Expr *Side : {Compare->getLHS(), Compare->getRHS()}) {
    Expr::EvalResult Value;
    if (Side->EvaluateAsInt(Value, Ctx) &&
        (Value.Val.getInt() == -512 /* -ERESTARTSYS */ ||
         Value.Val.getInt() == -4 /* -EINTR */))
      return true;
  }
  return false;
}

std::vector<ThreadCode> StoppedThreads::threadCode() const {
  std::vector<ThreadCode> Code;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  for (const StoppedThread &T : Threads) {
    if (!T.Runs)
      continue;
    std::vector<const FunctionCfg *> Work{T.Thread};
    while (!Work.empty()) {
      const FunctionCfg *F = Work.back();
      Work.pop_back();
      if (!Seen.insert(F->FD->getCanonicalDecl()).second)
        continue;
      Code.push_back({F, &T});
      forEachStmt(*F->Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
        const auto *Call = dyn_cast<CallExpr>(S);
        const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
        if (const FunctionCfg *Next = Callee ? cfgOf(Callee) : nullptr)
          Work.push_back(Next);
      });
    }
  }
  return Code;
}

} // namespace kthread
