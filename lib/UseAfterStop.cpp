//===--- UseAfterStop.cpp -------------------------------------------------===//
//
// Three walks. From each stop of an unpinned task, forward along its path:
// a use of a place still holding the task is a finding (the shape of
// bugprone-use-after-move, the stop being the move). From the entry of each
// function that stops a field: where the field still holds the stopped
// task when the function returns an error, or when a waker is removed.
// From the entry of each function that can run then (another table's
// callback, the waker's callback and what they call): a use of the field,
// past its NULL test, is a finding.
//
//===----------------------------------------------------------------------===//

#include "UseAfterStop.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "ErrorCodes.h"
#include "FactModel.h"
#include "PointerFlow.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SetVector.h"
#include <map>
#include <set>

using namespace clang;

namespace kthread {
namespace {

/// A use of a task in one CFG element.
struct TaskUseAt {
  StorageLocation Task;
  const Expr *Pointer;
  const Stmt *At;
  /// The callee, or "" for a dereference.
  std::string Use;
  bool IsStop;
};

/// The uses of a task that \p S makes itself: an API call that
/// dereferences it, a stop (directly or through a file helper), `t->pid`.
llvm::SmallVector<TaskUseAt, 1> usesIn(const Stmt *S, const FactModel &M) {
  llvm::SmallVector<TaskUseAt, 1> Out;
  if (const auto *Member = dyn_cast<MemberExpr>(S)) {
    const Expr *Base = Member->getBase();
    if (Member->isArrow() && isTaskPointer(Base->getType()))
      if (std::optional<StorageLocation> L = StorageLocation::of(Base))
        Out.push_back({*L, Base, S, "", false});
    return Out;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return Out;
  for (const Stop &Done : M.stops().stopsOf(S))
    Out.push_back({Done.Task, nullptr, S, Done.Site.Stopper, true});
  const ApiEntry *Entry = M.api().lookup(Call);
  // A put after the stop says the stopper holds a reference: the task is
  // pinned by a get this file does not show (a missing one is a refcount
  // bug of its own, not a use after the stop).
  if (Entry && dereferencesTask(Entry->What) && Entry->What != Role::Unpin &&
      Entry->Arg < Call->getNumArgs())
    if (std::optional<StorageLocation> L =
            StorageLocation::of(Call->getArg(Entry->Arg)))
      Out.push_back(
          {*L, Call->getArg(Entry->Arg), S, calleeName(Call).str(), false});
  return Out;
}

/// Which successor of a branch on \p B a valid task (non-NULL, not an
/// ERR_PTR) takes when the branch tests a place \p Holds accepts, or -1.
int validSide(const CFGBlock *B, const KthreadApi &Api,
              llvm::function_ref<bool(const StorageLocation &)> Holds) {
  if (B->succ_size() != 2)
    return -1;
  BranchCondition Cond = branchOf(B, Api);
  std::optional<StorageLocation> Tested =
      Cond.Pointer ? StorageLocation::of(Cond.Pointer) : std::nullopt;
  return Tested && Holds(*Tested) ? validSuccessor(Cond) : -1;
}

/// Pushes only \p Side of \p B, or every successor when \p Side is -1.
template <typename State>
void pushSide(const CFGBlock *B, int Side, const State &S,
              Successors<State> &Next) {
  if (Side < 0)
    Next.pushAll(B, S);
  else
    Next.push(B->succ_begin()[Side].getReachableBlock(), S);
}

/// The object a callback is registered on or removed from, as its slot
/// (`&dev->timer`: the field `timer`) or, for a variable, its text.
struct ObjectKey {
  const ValueDecl *Slot = nullptr;
  std::string Text;
  bool matches(const ObjectKey &O) const {
    return Slot ? Slot == O.Slot : !Text.empty() && Text == O.Text;
  }
};

ObjectKey objectKey(const Expr *E, const ASTContext &Ctx) {
  const Expr *Object = E->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Object))
    if (AddrOf->getOpcode() == UO_AddrOf)
      Object = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  ObjectKey Key;
  if (std::optional<StorageLocation> L = StorageLocation::of(Object))
    Key.Slot = L->slot();
  if (!Key.Slot)
    Key.Text = spelledText(Object, Ctx);
  return Key;
}

/// A callback the file registers: a timer's, an interrupt's, a tasklet's.
struct Registration {
  ObjectKey Object;
  const FunctionDecl *Callback;
  const CallExpr *Call;
};

/// A stop that leaves a field or global holding the stopped task, and what
/// lets another function use it afterwards.
struct StaleSource {
  const ValueDecl *Slot;
  UseAfterStopFinding::Why Reason;
  SourceLocation StopLoc, ReasonLoc;
  std::string StopApi, Stopper, ReasonCall;
  /// ErrorReturn: the stopper's table. WakerLater: the waker.
  std::string Table;
  const Registration *Waker = nullptr;
  bool External = false;
  /// The file's functions that may run while the field is stale.
  llvm::SmallVector<const FunctionDecl *, 4> Users;
};

class Analysis {
public:
  explicit Analysis(const FactModel &M)
      : M(M), Api(M.api()), Ctx(M.context()), SM(M.sourceManager()) {}
  UseAfterStopResults run();

private:
  const FactModel &M;
  const KthreadApi &Api;
  const ASTContext &Ctx;
  const SourceManager &SM;
  std::vector<Registration> Registrations;
  std::vector<StaleSource> Sources;
  std::vector<UseAfterStopFinding> Findings;

  SourceLocation userLoc(SourceLocation L) const { return M.userLoc(L); }
  std::string textOf(const Expr *E) const { return spelledText(E, Ctx); }
  bool pinned(const FunctionCfg &F, const StorageLocation &Task) const;
  bool unpinnedSlot(const FunctionCfg &F, const Stop &S) const;
  void findRegistrations();
  llvm::SmallVector<const FunctionDecl *, 4>
  reachableFrom(llvm::ArrayRef<const FunctionDecl *> Roots) const;
  llvm::SmallVector<const FunctionDecl *, 4>
  otherTablesCallbacks(llvm::StringRef Table) const;

  void walkFromStop(const FunctionCfg &F, const CFGBlock *B, unsigned I,
                    const Stop &S);
  void walkStopper(const FunctionCfg &F);
  void addSource(const FunctionCfg &F, const Stop &S,
                 UseAfterStopFinding::Why Reason, const Stmt *At,
                 const Registration *Waker);
  void addExternalSources();
  void walkUser(const FunctionCfg &U, const StaleSource &Source,
                std::vector<UseAfterStopFinding> &Found) const;
  UseAfterStopFinding staleFinding(const StaleSource &Source,
                                   const FunctionCfg &U, const TaskUseAt &Use,
                                   SourceLocation NullTest) const;
  void keepFirstUses(std::vector<UseAfterStopFinding> Found);
};

/// Whether \p Task is pinned: by a get of the same place in the file, or
/// as a put of it in the stopping function \p F shows.
bool Analysis::pinned(const FunctionCfg &F, const StorageLocation &Task) const {
  if (M.pins().pinned(Task))
    return true;
  bool Put = false;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Put && Call && Api.is(Call, Role::Unpin) && Call->getNumArgs() > 0)
      if (std::optional<StorageLocation> L =
              StorageLocation::of(Call->getArg(0)))
        Put = L->sameAs(Task);
  });
  return Put;
}

bool Analysis::unpinnedSlot(const FunctionCfg &F, const Stop &S) const {
  return S.LeavesStale && S.Task.slot() && !pinned(F, S.Task);
}

void Analysis::findRegistrations() {
  for (const FunctionCfg &F : M.functions())
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      const ApiEntry *Entry = Call ? Api.lookup(Call) : nullptr;
      // devm_ registrations are removed after the driver's remove returns,
      // which the file does not show; only the object in argument 0.
      if (!Entry || Entry->What != Role::AtomicCallback || Entry->Arg != 1 ||
          Call->getNumArgs() < 2)
        return;
      const auto *Ref = dyn_cast<DeclRefExpr>(
          Call->getArg(Entry->Arg)->IgnoreParenImpCasts());
      const auto *Callback =
          Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
      if (Callback && M.cfgOf(Callback))
        Registrations.push_back(
            {objectKey(Call->getArg(0), Ctx), Callback, Call});
    });
}

/// \p Roots and the file's functions they call, transitively.
llvm::SmallVector<const FunctionDecl *, 4>
Analysis::reachableFrom(llvm::ArrayRef<const FunctionDecl *> Roots) const {
  llvm::SetVector<const FunctionDecl *> Reached;
  for (const FunctionDecl *Root : Roots)
    Reached.insert(Root->getCanonicalDecl());
  for (size_t I = 0; I < Reached.size(); ++I) {
    const FunctionCfg *F = M.cfgOf(Reached[I]);
    if (!F)
      continue;
    forEachStmt(*F->Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *Callee = Call->getDirectCallee())
          if (M.cfgOf(Callee))
            Reached.insert(Callee->getCanonicalDecl());
    });
  }
  return llvm::SmallVector<const FunctionDecl *, 4>(Reached.begin(),
                                                    Reached.end());
}

/// The callbacks of ops tables other than \p Table, and what they call:
/// they still run on an object whose \p Table callback failed.
llvm::SmallVector<const FunctionDecl *, 4>
Analysis::otherTablesCallbacks(llvm::StringRef Table) const {
  llvm::SmallVector<const FunctionDecl *, 4> Roots;
  for (const FunctionCfg &F : M.functions()) {
    std::string Other = M.callbackTableOf(F.FD);
    if (!Other.empty() && Other != Table)
      Roots.push_back(F.FD);
  }
  return reachableFrom(Roots);
}

/// Follows the stopped task from the element after the stop along its
/// path; the first use of a place still holding it is a finding.
void Analysis::walkFromStop(const FunctionCfg &F, const CFGBlock *B, unsigned I,
                            const Stop &S) {
  struct PathState {
    HolderSet Values;
    bool operator<(const PathState &O) const { return Values < O.Values; }
    void print(llvm::raw_ostream &OS) const { Values.print(OS); }
  };
  std::vector<UseAfterStopFinding> Found;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *St,
                      PathState &State) {
    for (const TaskUseAt &Use : usesIn(St, M)) {
      if (!State.Values.holds(Use.Task))
        continue;
      // A second stop is kthread-double-stop's.
      if (Use.IsStop)
        return false;
      UseAfterStopFinding Finding;
      Finding.FindingKind = UseAfterStopFinding::SamePath;
      Finding.Loc = userLoc(Use.At->getBeginLoc());
      Finding.Pointer = textOf(Use.Pointer);
      Finding.Use = Use.Use;
      Finding.StopLoc = S.Site.Loc;
      Finding.StopApi = S.Site.Stopper;
      Finding.Stopper = F.FD->getName().str();
      Finding.User = Finding.Stopper;
      Found.push_back(std::move(Finding));
      return false;
    }
    for (const Store &Write : storesOf(St))
      if (Write.Target) {
        State.Values.assign(*Write.Target, Write.Value);
        if (State.Values.empty())
          return false;
      }
    return !isa<ReturnStmt>(St) && !isNoReturnCall(St);
  };
  auto Branch = [&](const CFGBlock *Block, PathState &State,
                    Successors<PathState> &Next) {
    pushSide(Block,
             validSide(Block, Api,
                       [&](const StorageLocation &L) {
                         return State.Values.holds(L);
                       }),
             State, Next);
  };
  if (!walkPaths(*F.Cfg, B, I + 1, PathState{HolderSet(S.Task)}, Transfer,
                 Branch)
           .Exhausted)
    llvm::append_range(Findings, Found);
}

/// Walks \p F from its entry, following the fields its stops leave
/// holding a stopped task and the locals holding an error code: a stale
/// field at an error return, or when a waker is removed, is a source.
void Analysis::walkStopper(const FunctionCfg &F) {
  struct Stale {
    const ValueDecl *Slot;
    const Stmt *StopCall;
    unsigned Index;
    auto tie() const { return std::tie(Slot, StopCall, Index); }
    bool operator<(const Stale &O) const { return tie() < O.tie(); }
  };
  struct StopperState {
    llvm::SmallVector<Stale, 1> Fields;
    ErrorLocals Errors;
    auto tie() const { return std::tie(Fields, Errors); }
    bool operator<(const StopperState &O) const { return tie() < O.tie(); }
    void print(llvm::raw_ostream &OS) const {
      OS << Fields.size() << " stale, " << Errors.size() << " errors";
    }
  };
  std::set<std::tuple<const Stmt *, unsigned, const Stmt *>> Seen;
  auto Source = [&](const Stale &S, UseAfterStopFinding::Why Reason,
                    const Stmt *At, const Registration *Waker) {
    if (Seen.insert({S.StopCall, S.Index, At}).second)
      addSource(F, M.stops().stopsOf(S.StopCall)[S.Index], Reason, At, Waker);
  };
  bool Callback = !M.callbackTableOf(F.FD).empty();
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *St,
                      StopperState &State) {
    if (const auto *Ret = dyn_cast<ReturnStmt>(St)) {
      if (Callback && Ret->getRetValue() &&
          State.Errors.holdsError(Ret->getRetValue(), Api, Ctx))
        for (const Stale &S : State.Fields)
          Source(S, UseAfterStopFinding::Why::ErrorReturn, Ret, nullptr);
      return false;
    }
    if (isNoReturnCall(St))
      return false;
    const auto *Call = dyn_cast<CallExpr>(St);
    if (Call && Api.is(Call, Role::Unregister) && Call->getNumArgs() > 0) {
      ObjectKey Removed = objectKey(Call->getArg(0), Ctx);
      for (const Registration &R : Registrations)
        if (R.Object.matches(Removed))
          for (const Stale &S : State.Fields)
            Source(S, UseAfterStopFinding::Why::WakerLater, Call, &R);
    }
    for (const Store &Write : storesOf(St)) {
      if (!Write.Target)
        continue;
      State.Errors.apply(Write, Api, Ctx);
      if (const ValueDecl *Slot = Write.Target->slot())
        llvm::erase_if(State.Fields,
                       [&](const Stale &S) { return S.Slot == Slot; });
    }
    llvm::SmallVector<Stop, 1> Stops = M.stops().stopsOf(St);
    for (unsigned Index = 0; Index < Stops.size(); ++Index) {
      const ValueDecl *Slot = Stops[Index].Task.slot();
      llvm::erase_if(State.Fields,
                     [&](const Stale &S) { return S.Slot == Slot; });
      if (unpinnedSlot(F, Stops[Index])) {
        State.Fields.push_back({Slot, St, Index});
        llvm::sort(State.Fields);
      }
    }
    return true;
  };
  auto Branch = [&](const CFGBlock *B, StopperState &State,
                    Successors<StopperState> &Next) {
    const Expr *Cond = B->succ_size() == 2 ? B->getLastCondition() : nullptr;
    bool Negated = false;
    const Expr *Peeled = Cond ? peelCondition(Cond, Negated, Api) : nullptr;
    const VarDecl *V = Peeled ? errorLocalTested(Peeled, Ctx) : nullptr;
    if (!V) {
      Next.pushAll(B, State);
      return;
    }
    // `if (err)`, `if (err < 0)`: the true side has the error.
    StopperState Failing = State, Passing = State;
    Failing.Errors.set(V, true);
    Passing.Errors.set(V, false);
    Next.push(B->succ_begin()[Negated ? 1 : 0].getReachableBlock(), Failing);
    Next.push(B->succ_begin()[Negated ? 0 : 1].getReachableBlock(), Passing);
  };
  walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, StopperState(), Transfer, Branch);
}

void Analysis::addSource(const FunctionCfg &F, const Stop &S,
                         UseAfterStopFinding::Why Reason, const Stmt *At,
                         const Registration *Waker) {
  StaleSource Source;
  Source.Slot = S.Task.slot();
  Source.Reason = Reason;
  Source.StopLoc = S.Site.Loc;
  Source.StopApi = S.Site.Stopper;
  Source.Stopper = F.FD->getName().str();
  Source.ReasonLoc = userLoc(At->getBeginLoc());
  if (Reason == UseAfterStopFinding::Why::ErrorReturn) {
    Source.Table = M.callbackTableOf(F.FD);
    Source.Users = otherTablesCallbacks(Source.Table);
  } else {
    Source.ReasonCall = calleeName(cast<CallExpr>(At)).str();
    Source.Waker = Waker;
    Source.Users = reachableFrom({Waker->Callback});
  }
  llvm::erase(Source.Users, F.FD->getCanonicalDecl());
  Sources.push_back(std::move(Source));
}

void Analysis::addExternalSources() {
  for (const FactModel::ExternalStaleStop &E : M.externalStaleStops()) {
    StaleSource Source;
    Source.Slot = E.Slot;
    Source.Reason = UseAfterStopFinding::Why::ErrorReturn;
    Source.StopLoc = E.StopLoc;
    Source.ReasonLoc = E.ExitLoc;
    Source.StopApi = E.Fact.Api;
    Source.Stopper = E.Fact.Function;
    Source.Table = E.Fact.Table;
    Source.External = true;
    Source.Users = otherTablesCallbacks(Source.Table);
    Sources.push_back(std::move(Source));
  }
}

UseAfterStopFinding Analysis::staleFinding(const StaleSource &Source,
                                           const FunctionCfg &U,
                                           const TaskUseAt &Use,
                                           SourceLocation NullTest) const {
  UseAfterStopFinding Finding;
  Finding.FindingKind = UseAfterStopFinding::StaleField;
  Finding.Reason = Source.Reason;
  Finding.Loc = userLoc(Use.At->getBeginLoc());
  Finding.Pointer = Use.Pointer ? textOf(Use.Pointer)
                                : cast<NamedDecl>(Source.Slot)->getName().str();
  Finding.Use = Use.Use;
  Finding.StopLoc = Source.StopLoc;
  Finding.StopApi = Source.StopApi;
  Finding.Stopper = Source.Stopper;
  Finding.User = U.FD->getName().str();
  Finding.NullTestLoc = NullTest;
  Finding.ReasonLoc = Source.ReasonLoc;
  Finding.ReasonCall = Source.ReasonCall;
  if (Source.Waker) {
    Finding.Callback = Source.Waker->Callback->getName().str();
    Finding.RegisterCall = nameAsWritten(Source.Waker->Call, Api, Ctx);
    Finding.RegisterLoc = userLoc(Source.Waker->Call->getBeginLoc());
  }
  if (Source.Reason == UseAfterStopFinding::Why::ErrorReturn) {
    Finding.StopperTable = Source.Table;
    Finding.UserTable = M.callbackTableOf(U.FD);
  }
  Finding.External = Source.External;
  return Finding;
}

/// Follows \p Source's field from the entry of \p U: a use past its NULL
/// test, before a store to it, is a finding.
void Analysis::walkUser(const FunctionCfg &U, const StaleSource &Source,
                        std::vector<UseAfterStopFinding> &Found) const {
  struct UserState {
    /// The NULL test of the field the path passed, if any.
    SourceLocation NullTest;
    bool operator<(const UserState &O) const {
      return NullTest.isValid() < O.NullTest.isValid();
    }
    void print(llvm::raw_ostream &OS) const {
      OS << (NullTest.isValid() ? "stale, null-tested" : "stale");
    }
  };
  auto InSlot = [&](const StorageLocation &L) {
    return L.slot() == Source.Slot;
  };
  std::vector<UseAfterStopFinding> Here;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *St,
                      UserState &State) {
    if (isa<ReturnStmt>(St) || isNoReturnCall(St))
      return false;
    for (const TaskUseAt &Use : usesIn(St, M))
      if (InSlot(Use.Task))
        Here.push_back(staleFinding(Source, U, Use, State.NullTest));
    for (const Store &Write : storesOf(St))
      if (Write.Target && InSlot(*Write.Target))
        return false;
    return true;
  };
  auto Branch = [&](const CFGBlock *B, UserState &State,
                    Successors<UserState> &Next) {
    int Side = validSide(B, Api, InSlot);
    UserState Tested = State;
    if (Side >= 0 && branchOf(B, Api).TestKind == BranchCondition::NullTest)
      Tested.NullTest = userLoc(B->getLastCondition()->getBeginLoc());
    pushSide(B, Side, Tested, Next);
  };
  if (!walkPaths(*U.Cfg, &U.Cfg->getEntry(), 0, UserState(), Transfer, Branch)
           .Exhausted)
    llvm::append_range(Found, Here);
}

/// One finding per stale source, at its first use in the file, as
/// bugprone-use-after-move reports the first use after a move; the later
/// uses are counted on it.
void Analysis::keepFirstUses(std::vector<UseAfterStopFinding> Found) {
  auto Before = [&](const UseAfterStopFinding &L,
                    const UseAfterStopFinding &R) {
    return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
  };
  std::stable_sort(Found.begin(), Found.end(), Before);
  std::map<std::pair<unsigned, unsigned>, size_t> First;
  std::set<std::pair<size_t, unsigned>> Counted;
  for (UseAfterStopFinding &F : Found) {
    auto Key = std::make_pair(F.StopLoc.getRawEncoding(),
                              F.ReasonLoc.getRawEncoding());
    auto [It, New] = First.try_emplace(Key, Findings.size());
    if (New)
      Findings.push_back(std::move(F));
    else if (Findings[It->second].Loc != F.Loc &&
             Counted.insert({It->second, F.Loc.getRawEncoding()}).second)
      ++Findings[It->second].LaterUses;
  }
}

UseAfterStopResults Analysis::run() {
  findRegistrations();
  for (const FunctionCfg &F : M.functions()) {
    forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *S) {
      for (const Stop &Done : M.stops().stopsOf(S))
        if (Done.LeavesStale && Done.Task.comparable() && !pinned(F, Done.Task))
          walkFromStop(F, B, I, Done);
    });
    walkStopper(F);
  }
  addExternalSources();

  std::vector<UseAfterStopFinding> Stale;
  for (const StaleSource &Source : Sources)
    for (const FunctionDecl *User : Source.Users)
      if (const FunctionCfg *U = M.cfgOf(User))
        walkUser(*U, Source, Stale);
  keepFirstUses(std::move(Stale));
  std::stable_sort(
      Findings.begin(), Findings.end(),
      [&](const UseAfterStopFinding &L, const UseAfterStopFinding &R) {
        return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
      });
  Findings.erase(
      std::unique(Findings.begin(), Findings.end(),
                  [](const UseAfterStopFinding &L,
                     const UseAfterStopFinding &R) { return L.Loc == R.Loc; }),
      Findings.end());

  UseAfterStopResults Results;
  Results.Findings = std::move(Findings);
  for (const StaleSource &Source : Sources) {
    std::optional<FieldKey> Key = fieldKey(dyn_cast<FieldDecl>(Source.Slot));
    if (Source.External || !Key ||
        Source.Reason != UseAfterStopFinding::Why::ErrorReturn)
      continue;
    Results.Stale.push_back({*Key, Source.Stopper, Source.StopApi, Source.Table,
                             M.placeOf(Source.StopLoc),
                             M.placeOf(Source.ReasonLoc)});
  }
  return Results;
}

} // namespace

UseAfterStopResults findUsesAfterStop(const FactModel &Model) {
  return Analysis(Model).run();
}

} // namespace kthread
