//===--- AtomicContext.cpp ------------------------------------------------===//

#include "AtomicContext.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "Locations.h"
#include "clang/Basic/SourceManager.h"
#include <map>

using namespace clang;

namespace kthread {
namespace {

/// Whether a function may sleep, and the sleeping kthread call it reaches.
struct SleepSummary {
  std::string Inner;
  SourceLocation InnerLoc;
  Role InnerRole = Role::Sleep;
  bool sleeps() const { return InnerLoc.isValid(); }
  bool operator==(const SleepSummary &O) const {
    return Inner == O.Inner && InnerLoc == O.InnerLoc;
  }
};

/// The calls that entered atomic context on a path, innermost last: the
/// lock, irq, preemption or RCU calls, or the call that registered the
/// function as a callback. A path holds few at once; the bound keeps a loop
/// that takes a lock without releasing it finite.
struct Held {
  static constexpr size_t Bound = 6;
  llvm::SmallVector<const CallExpr *, 2> Calls;
  bool operator<(const Held &O) const { return Calls < O.Calls; }
  void print(llvm::raw_ostream &OS) const { OS << Calls.size() << " held"; }
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, const KthreadApi &Api,
           llvm::ArrayRef<FunctionCfg> Functions)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Api(Api), Functions(Functions) {}

  std::vector<AtomicSleepFinding> run();

private:
  SleepSummary summarise(const FunctionCfg &F) const;
  /// The sleep \p Call performs: a sleeping kthread call, or a call of a
  /// file function that may sleep.
  std::optional<SleepSummary> sleepOf(const CallExpr *Call) const;
  void findCallbacks();
  void walk(const FunctionCfg &F);
  /// Releases what \p Exit leaves; false when nothing held matches (a lock
  /// the caller took).
  bool release(Held &H, const CallExpr *Exit) const;
  const CallExpr *tryLockOf(const CFGBlock *B, unsigned &Successor) const;
  std::string apiName(const CallExpr *Call) const {
    return nameAsWritten(Call, Api, Ctx);
  }
  AtomicHold holdOf(const CallExpr *Call, const FunctionDecl *In) const;
  SourceLocation userLoc(SourceLocation Loc) const {
    return SM.getFileLoc(Loc);
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const KthreadApi &Api;
  llvm::ArrayRef<FunctionCfg> Functions;
  llvm::DenseMap<const FunctionDecl *, SleepSummary> Sleeps;
  /// The file's functions registered as atomic callbacks, with the call
  /// that registered each first.
  llvm::DenseMap<const FunctionDecl *, const CallExpr *> Callbacks;
  std::map<const CallExpr *, AtomicSleepFinding> Found;
};

std::optional<SleepSummary> Analysis::sleepOf(const CallExpr *Call) const {
  if (const ApiEntry *E = Api.lookup(Call); E && roleSleeps(E->What))
    return SleepSummary{apiName(Call), userLoc(Call->getBeginLoc()), E->What};
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    auto It = Sleeps.find(Callee->getCanonicalDecl());
    if (It != Sleeps.end() && It->second.sleeps())
      return It->second;
  }
  return std::nullopt;
}

/// Whether, and where, \p F sleeps before it releases a lock its caller
/// took: a helper that drops the caller's lock around its kthread_stop()
/// (`spin_unlock_irq(host->host_lock); kthread_stop(...)`, aacraid) does
/// not sleep in the caller's atomic context.
SleepSummary Analysis::summarise(const FunctionCfg &F) const {
  SleepSummary First;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S, Held &Taken) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return true;
    const ApiEntry *E = Api.lookup(Call);
    if (E && E->What == Role::AtomicEnter) {
      if (Taken.Calls.size() < Held::Bound)
        Taken.Calls.push_back(Call);
    } else if (E && E->What == Role::AtomicExit) {
      // Once the caller's lock is dropped, what follows is not atomic.
      if (!release(Taken, Call))
        return false;
    } else if (std::optional<SleepSummary> Sleep = sleepOf(Call);
               Sleep && !First.sleeps()) {
      First = *Sleep;
    }
    return true;
  };
  auto Branch = [&](const CFGBlock *B, Held &Taken, Successors<Held> &Next) {
    Next.pushAll(B, Taken);
  };
  walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, Held(), Transfer, Branch);
  return First;
}

bool Analysis::release(Held &H, const CallExpr *Exit) const {
  AtomicKind Kind = Api.lookup(Exit)->Atomic;
  bool IsLock = Kind == AtomicKind::Spinlock || Kind == AtomicKind::Rwlock;
  std::optional<StorageLocation> Lock =
      IsLock ? lockArgument(Exit) : std::nullopt;
  for (size_t I = H.Calls.size(); I-- > 0;) {
    const ApiEntry *Entered = Api.lookup(H.Calls[I]);
    if (Entered->What == Role::AtomicCallback || Entered->Atomic != Kind)
      continue;
    if (IsLock) {
      std::optional<StorageLocation> Taken = lockArgument(H.Calls[I]);
      if (!Lock || !Taken || !Taken->sameAs(*Lock))
        continue;
    }
    H.Calls.erase(H.Calls.begin() + I);
    return true;
  }
  return false;
}

/// The trylock \p B branches on, and in \p Successor the branch on which it
/// succeeded.
const CallExpr *Analysis::tryLockOf(const CFGBlock *B,
                                    unsigned &Successor) const {
  if (B->succ_size() != 2 || !B->getLastCondition())
    return nullptr;
  bool Negated = false;
  const auto *Call = dyn_cast<CallExpr>(
      peelCondition(B->getLastCondition(), Negated, Api)->IgnoreParenCasts());
  if (!Call || !Api.is(Call, Role::AtomicTry))
    return nullptr;
  Successor = Negated ? 1 : 0;
  return Call;
}

AtomicHold Analysis::holdOf(const CallExpr *Call,
                            const FunctionDecl *In) const {
  const ApiEntry *Entry = Api.lookup(Call);
  AtomicHold Hold;
  Hold.Kind = Entry->Atomic;
  Hold.Where = userLoc(Call->getBeginLoc());
  Hold.Api = apiName(Call);
  if (Entry->What == Role::AtomicCallback) {
    Hold.Callback = In->getNameAsString();
  } else if (std::optional<StorageLocation> Lock = lockArgument(Call);
             Lock && (Hold.Kind == AtomicKind::Spinlock ||
                      Hold.Kind == AtomicKind::Rwlock)) {
    llvm::raw_string_ostream OS(Hold.Lock);
    Lock->print(OS);
  }
  return Hold;
}

void Analysis::findCallbacks() {
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      const ApiEntry *E = Call ? Api.lookup(Call) : nullptr;
      if (!E || E->What != Role::AtomicCallback || E->Arg >= Call->getNumArgs())
        return;
      const auto *Ref =
          dyn_cast<DeclRefExpr>(Call->getArg(E->Arg)->IgnoreParenCasts());
      const auto *Callback =
          Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
      // Only the file's functions are walked: another file's callback
      // stays unused here.
      if (Callback)
        Callbacks.try_emplace(Callback->getCanonicalDecl(), Call);
    });
}

void Analysis::walk(const FunctionCfg &F) {
  Held Initial;
  if (auto It = Callbacks.find(F.FD->getCanonicalDecl()); It != Callbacks.end())
    Initial.Calls.push_back(It->second);
  std::map<const CallExpr *, AtomicSleepFinding> Here;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S, Held &H) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return true;
    const ApiEntry *E = Api.lookup(Call);
    if (E && E->What == Role::AtomicEnter) {
      if (H.Calls.size() < Held::Bound)
        H.Calls.push_back(Call);
    } else if (E && E->What == Role::AtomicExit) {
      // A lock the caller took, or one this walk cannot name: nothing
      // held here is released.
      release(H, Call);
    } else if (!H.Calls.empty() && !Here.count(Call)) {
      if (std::optional<SleepSummary> Sleep = sleepOf(Call)) {
        AtomicSleepFinding Finding;
        Finding.Loc = userLoc(Call->getBeginLoc());
        Finding.Callee = apiName(Call);
        Finding.WaitsForThread = Sleep->InnerRole != Role::Sleep;
        if (Finding.Callee != Sleep->Inner) {
          Finding.Inner = Sleep->Inner;
          Finding.InnerLoc = Sleep->InnerLoc;
        }
        Finding.Hold = holdOf(H.Calls.back(), F.FD);
        Finding.Function = F.FD->getNameAsString();
        Here.emplace(Call, std::move(Finding));
      }
    }
    return true;
  };
  auto Branch = [&](const CFGBlock *B, Held &H, Successors<Held> &Next) {
    unsigned Success = 0;
    const CallExpr *Try = tryLockOf(B, Success);
    if (!Try || H.Calls.size() >= Held::Bound) {
      Next.pushAll(B, H);
      return;
    }
    Held Taken = H;
    Taken.Calls.push_back(Try);
    Next.push(B->succ_begin()[Success].getReachableBlock(), Taken);
    Next.push(B->succ_begin()[1 - Success].getReachableBlock(), H);
  };
  if (!walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, Initial, Transfer, Branch)
           .Exhausted)
    Found.insert(Here.begin(), Here.end());
}

std::vector<AtomicSleepFinding> Analysis::run() {
  summariseToFixedPoint(Functions, Sleeps,
                        [&](const FunctionCfg &F) { return summarise(F); });
  findCallbacks();
  for (const FunctionCfg &F : Functions)
    walk(F);
  std::vector<AtomicSleepFinding> Out;
  for (auto &[Call, Finding] : Found)
    Out.push_back(std::move(Finding));
  llvm::sort(
      Out, [&](const AtomicSleepFinding &L, const AtomicSleepFinding &R) {
        if (L.Loc != R.Loc)
          return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
        return std::tie(L.Callee, L.Hold.Api) < std::tie(R.Callee, R.Hold.Api);
      });
  return Out;
}

} // namespace

std::vector<AtomicSleepFinding>
findSleepsInAtomic(ASTContext &Ctx, const KthreadApi &Api,
                   llvm::ArrayRef<FunctionCfg> Functions) {
  return Analysis(Ctx, Api, Functions).run();
}

} // namespace kthread
