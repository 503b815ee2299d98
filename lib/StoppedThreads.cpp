//===--- StoppedThreads.cpp -----------------------------------------------===//

#include "StoppedThreads.h"
#include "BranchCondition.h"
#include "PointerFlow.h"
#include "StopSites.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace kthread {

StopChecks::StopChecks(llvm::ArrayRef<std::string> CheckNames,
                       llvm::ArrayRef<FunctionCfg> Functions) {
  for (const std::string &Name : CheckNames)
    Names.insert(Name);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const FunctionCfg &F : Functions)
      forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
        const auto *Ret = dyn_cast<ReturnStmt>(S);
        if (Ret && mentions(Ret->getRetValue()) &&
            Helpers.insert(F.FD->getCanonicalDecl()).second)
          Changed = true;
      });
  }
}

bool StopChecks::isStopCheck(const CallExpr *Call) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Names.contains(calleeName(Call)) ||
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

StoppedThreads::StoppedThreads(ASTContext &Ctx,
                               llvm::ArrayRef<FunctionCfg> Functions,
                               llvm::ArrayRef<std::string> CreateFunctions,
                               llvm::ArrayRef<std::string> StopFunctions)
    : Functions(Functions) {
  const SourceManager &SM = Ctx.getSourceManager();
  StopSites Sites(Ctx, Functions, StopFunctions);
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Stop &Made : Sites.stopsOf(S))
        Stops.push_back(
            {Made.Key, Made.Pointer, Made.Site.Stopper, Made.Site.Loc, F.FD});
    });

  CreationRecognizer Recognizer(Ctx, CreateFunctions);
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Store &Write : storesOf(S)) {
        std::optional<Creation> C = Write.Target && Write.Value
                                        ? Recognizer.recognize(Write.Value)
                                        : std::nullopt;
        const FunctionDecl *ThreadFn =
            C ? CreationRecognizer::threadFunction(*C) : nullptr;
        const FunctionCfg *Thread = ThreadFn ? cfgOf(ThreadFn) : nullptr;
        if (!Thread)
          continue;
        const LocationKey &Task = *Write.Target;
        StoppedThread Started{Thread,
                              C->Api,
                              SM.getFileLoc(Write.Value->getBeginLoc()),
                              Task,
                              {}};
        for (const StopCall &Stop : Stops)
          if (Task.Slot ? Stop.Key.Slot == Task.Slot
                        : Task.comparable() && Stop.Key.Path == Task.Path)
            Started.Stops.push_back(&Stop);
        if (!Started.Stops.empty())
          Threads.push_back(std::move(Started));
      }
    });
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

static bool callsAllowSignal(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    StringRef Name = calleeName(Call);
    if (Name.starts_with("allow_") && Name.ends_with("signal"))
      return true;
  }
  for (const Stmt *Child : S->children())
    if (callsAllowSignal(Child))
      return true;
  return false;
}

const CFGBlock *parkRequestedSuccessor(const CFGBlock *B) {
  if (B->succ_size() != 2 || !B->getLastCondition())
    return nullptr;
  bool Negated = false;
  const auto *Call =
      dyn_cast<CallExpr>(peelCondition(B->getLastCondition(), Negated));
  if (!Call || calleeName(Call) != "kthread_should_park")
    return nullptr;
  return B->succ_begin()[Negated ? 1 : 0].getReachableBlock();
}

llvm::SmallPtrSet<const CFGBlock *, 32> blocksReachingExit(const CFG &Cfg,
                                                           bool Stopped) {
  llvm::SmallPtrSet<const CFGBlock *, 32> Reach;
  llvm::SmallVector<const CFGBlock *, 32> Work{&Cfg.getExit()};
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    if (!B || !Reach.insert(B).second)
      continue;
    for (const CFGBlock::AdjacentBlock &Pred : B->preds()) {
      const CFGBlock *P = Pred.getReachableBlock();
      if (P && Stopped && parkRequestedSuccessor(P) == B)
        continue;
      Work.push_back(P);
    }
  }
  return Reach;
}

bool parksThreads(llvm::ArrayRef<FunctionCfg> Functions) {
  bool Parks = false;
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      Parks |= Call && calleeName(Call) == "kthread_park";
    });
  return Parks;
}

bool takesSignals(const FunctionDecl *Thread) {
  return callsAllowSignal(Thread->getBody());
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
