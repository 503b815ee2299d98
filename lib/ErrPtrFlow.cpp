//===--- ErrPtrFlow.cpp ---------------------------------------------------===//
//
// The shape follows bugprone-use-after-move: from each creation, walk the CFG
// forward; an IS_ERR() test ends the walk on its "valid" branch and marks the
// value as a known ERR_PTR on the other; re-assignment ends it; a consumer
// reached on the way is a finding. What is still stored in a field or global
// when the function returns success is followed into the file's other
// functions by a second walk keyed on the field.
//
//===----------------------------------------------------------------------===//

#include "ErrPtrFlow.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "ErrorCodes.h"
#include "FactModel.h"
#include "PointerFlow.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>
#include <set>

using namespace clang;

namespace kthread {
namespace {

enum class Phase { MaybeErr, KnownErr };

/// What one CFG element does to a pointer.
struct Effect {
  enum Kind { Assign, Check, Use, Return };
  Effect(Kind K, std::optional<StorageLocation> Key,
         const Expr *Value = nullptr, const Expr *At = nullptr)
      : EffectKind(K), Key(std::move(Key)), Value(Value), At(At) {}
  Kind EffectKind;
  std::optional<StorageLocation> Key;
  /// Assign: the assigned value; Use: the pointer used; Return: the value.
  const Expr *Value = nullptr;
  /// Use: the call or dereference.
  const Expr *At = nullptr;
  std::string Consumer;
  const FunctionDecl *Helper = nullptr;
  SourceLocation HelperUseLoc;
  SourceLocation ReturnLoc;
  /// Use through a helper that stops a field of its argument: the field as
  /// seen from the call (`dev->thread`), written nowhere at the call.
  std::string Described;
};

/// How a file function treats a pointer parameter.
struct ParamSummary {
  enum Kind { Ignores, Checks, UsesUnchecked };
  Kind What = Ignores;
  std::string Consumer;
  SourceLocation UseLoc;
  bool operator==(const ParamSummary &O) const {
    return What == O.What && Consumer == O.Consumer && UseLoc == O.UseLoc;
  }
};

/// What a file function does with its pointer parameters, and the creation
/// it returns, if it returns one unchecked.
struct FunctionSummary {
  std::vector<ParamSummary> Params;
  std::optional<Creation> Returns;
  bool operator==(const FunctionSummary &O) const {
    return Params == O.Params && Returns == O.Returns;
  }
};

struct ValueState {
  explicit ValueState(const StorageLocation &Initial) : Values(Initial) {}
  HolderSet Values;
  Phase P = Phase::MaybeErr;
  int NullTag = -1;
  const Expr *ErrTest = nullptr;
  /// The test for one error code (`p == ERR_PTR(-ENOMEM)`) the path passed
  /// on its other side: other failures are still possible.
  const Expr *PartialTest = nullptr;
  /// After a known failure, the path passed a test of another field of the
  /// same object (`if (data->kthread_running) kthread_stop(data->task);`):
  /// the driver tracks the thread's state itself, so uses are not judged.
  bool GuardedByState = false;
  /// After a known failure, the path sent the object's state machine an
  /// event (`bfad->sm(bfad, BFAD_E_KTHREAD_CREATE_FAILED)`): the failure is
  /// in the object's state, which the driver acts on, so its exits leave
  /// no ERR_PTR behind that the analysis can judge.
  bool FailureSent = false;

  int find(const StorageLocation &Key) const { return Values.find(Key); }
  /// Which test found the failure does not tell paths apart.
  bool operator<(const ValueState &O) const {
    return std::tie(P, NullTag, GuardedByState, FailureSent, Values) <
           std::tie(O.P, O.NullTag, O.GuardedByState, O.FailureSent, O.Values);
  }
  void print(llvm::raw_ostream &OS) const {
    OS << (P == Phase::KnownErr ? "err" : "maybe-err") << " null-tag "
       << NullTag << (GuardedByState ? " guarded " : " ");
    Values.print(OS);
  }
};

struct WalkEvents {
  struct Use {
    Effect At;
    Phase P;
    int NullTag;
    const Expr *ErrTest;
    /// A test for one error code only that the value passed.
    const Expr *PartialTest;
  };
  struct NullTest {
    const Expr *Condition;
    const CFGBlock *Block;
    BranchCondition Test;
    bool Benign = false;
  };
  struct Exit {
    SourceLocation Loc;
    Phase P;
    int NullTag;
    const Expr *ErrTest;
    const ValueDecl *Slot;
    const Expr *PartialTest;
    /// A return of a value that may be an error, with the value in a static
    /// global, which keeps it either way.
    bool AnyResult = false;
  };
  std::vector<Use> Uses;
  std::vector<NullTest> NullTests;
  /// Every visit of one NULL test shares its tag, so loops stay finite.
  int nullTestTag(const CFGBlock *B, const BranchCondition &Test) {
    for (unsigned I = 0; I < NullTests.size(); ++I)
      if (NullTests[I].Block == B)
        return I;
    NullTests.push_back({B->getLastCondition(), B, Test});
    return NullTests.size() - 1;
  }
  std::vector<Exit> SuccessExits;
  /// Returns of an error with the ERR_PTR still stored in a field.
  std::vector<Exit> ErrorExits;
  bool Checked = false;
  bool Returned = false;
};

/// A field or global that may hold an ERR_PTR after its function succeeded.
struct Poison {
  const ValueDecl *Slot;
  std::string Api, Helper, Function;
  bool MakesWorker;
  SourceLocation CreationLoc, ExitLoc, ErrTestLoc;
  /// A test for one error code that the ERR_PTR passed on the way.
  SourceLocation PartialTestLoc;
  /// Why a function that returned the error leaves an object that lives on:
  /// a caller that ignores the error, or a NULL test that skips the creation
  /// when the function runs again.
  ErrPtrFinding::LivesOn Reason = ErrPtrFinding::LivesOn::Returned;
  SourceLocation ReasonLoc;
  std::string ReasonFunction;
  /// Completions the created thread's function signals: whoever waits for
  /// one, believing the thread exists, waits for ever.
  llvm::SmallVector<const ValueDecl *, 2> Signalled;
  /// For OtherTablesRun: the record type of the creating function's ops
  /// table; only callbacks of other tables may use the field.
  std::string Table;
  /// Told by another file through the tree index.
  bool External = false;
  /// The exit returns a value that may be an error (Exit::AnyResult).
  bool AnyResult = false;

  /// Whether a use in \p User (a callback of \p UserTable, or "") may see
  /// the ERR_PTR.
  bool reaches(llvm::StringRef UserTable) const {
    return Table.empty() || (!UserTable.empty() && UserTable != Table);
  }
};

/// A poison another file told of.
Poison poisonFrom(const FactModel::ExternalStoredErrPtr &E) {
  Poison P{};
  P.Slot = E.Slot;
  P.Api = E.Fact.Api;
  P.Function = E.Fact.Function;
  P.MakesWorker = E.Fact.MakesWorker;
  P.CreationLoc = E.CreationLoc;
  P.ExitLoc = E.ExitLoc;
  P.ErrTestLoc = E.ErrTestLoc;
  P.Table = E.Fact.Table;
  if (!P.Table.empty()) {
    P.Reason = ErrPtrFinding::LivesOn::OtherTablesRun;
    P.ReasonLoc = E.ExitLoc;
    P.ReasonFunction = E.Fact.Function;
  }
  P.External = true;
  return P;
}

/// Fills in what \p Finding tells of the stored ERR_PTR's source.
void describeSource(const Poison &P, ErrPtrFinding &Finding) {
  Finding.CreateName = P.Api;
  Finding.MakesWorker = P.MakesWorker;
  Finding.CreateHelper = P.Helper;
  Finding.CreationLoc = P.CreationLoc;
  Finding.CreatingFunction = P.Function;
  Finding.SuccessExitLoc = P.ExitLoc;
  Finding.ErrTestLoc = P.ErrTestLoc;
  Finding.Reason = P.Reason;
  Finding.ReasonLoc = P.ReasonLoc;
  Finding.ReasonFunction = P.ReasonFunction;
  Finding.PartialTestLoc = P.PartialTestLoc;
  Finding.ExitAnyResult = P.AnyResult;
}

/// Whether \p Cond reads a field of an object that holds the value in
/// another field.
bool testsSiblingField(const Stmt *Cond, const ValueState &S) {
  if (!Cond)
    return false;
  if (const auto *Member = dyn_cast<MemberExpr>(Cond)) {
    std::optional<StorageLocation> Base =
        StorageLocation::of(Member->getBase());
    std::optional<StorageLocation> Whole = StorageLocation::of(Member);
    if (Base && Base->comparable() && Whole && S.find(*Whole) < 0)
      for (const StorageLocation &H : S.Values.holders())
        if (H.dependsOn(*Base))
          return true;
  }
  for (const Stmt *Child : Cond->children())
    if (testsSiblingField(Child, S))
      return true;
  return false;
}

/// Whether \p Call calls through a function-pointer field of an object
/// that holds the value in another field (`bfad->sm(bfad, event)`).
bool callsThroughSibling(const CallExpr *Call, const ValueState &S) {
  const auto *Member =
      dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParenImpCasts());
  std::optional<StorageLocation> Base =
      Member ? StorageLocation::of(Member->getBase()) : std::nullopt;
  if (!Base || !Base->comparable())
    return false;
  return llvm::any_of(S.Values.holders(), [&](const StorageLocation &H) {
    return H.dependsOn(*Base);
  });
}

/// Whether a static global holds the value (`x.poll_task` of a file's
/// `static struct { ... } x`): it outlives the function whatever it
/// returns.
bool inStaticGlobal(const ValueState &S) {
  return llvm::any_of(S.Values.holders(), [](const StorageLocation &H) {
    const auto *Global = dyn_cast_or_null<VarDecl>(H.root());
    return Global && Global->hasGlobalStorage();
  });
}

/// Whether `return Value;` certainly reports success: 0 from an int
/// function, true from a bool one. NULL from a pointer function is a failure,
/// and anything computed is unknown.
bool returnsSuccess(const Expr *Value) {
  QualType Type = Value->getType();
  const auto *Literal = dyn_cast<IntegerLiteral>(Value->IgnoreParenCasts());
  if (!Literal || Type->isPointerType() || !Type->isIntegerType())
    return false;
  return Type->isBooleanType() ? Literal->getValue() != 0
                               : Literal->getValue() == 0;
}

class Analysis {
public:
  explicit Analysis(const FactModel &M)
      : M(M), Ctx(M.context()), SM(Ctx.getSourceManager()), Api(M.api()) {}

  std::vector<ErrPtrFinding> run();
  void keepFirstUseOfStoredErrPtrs();
  /// This file's stored ERR_PTRs, for the tree index.
  std::vector<StoredErrPtr> storedForOthers() const;

private:
  const FactModel &M;
  ASTContext &Ctx;
  const SourceManager &SM;
  const KthreadApi &Api;
  llvm::DenseMap<const FunctionDecl *, FunctionSummary> Summaries;
  CreationHelpers Creators;
  std::vector<ErrPtrFinding> Findings;
  std::vector<Poison> Poisons;

  SourceLocation userLoc(SourceLocation Loc) const { return M.userLoc(Loc); }
  std::string textOf(const Expr *E) const { return spelledText(E, Ctx); }
  std::string pointerText(const Effect &Use) const {
    return Use.Described.empty() ? textOf(Use.Value) : Use.Described;
  }
  std::optional<Creation> creationOf(const Expr *E) const;
  void callEffects(const CallExpr *Call,
                   llvm::SmallVectorImpl<Effect> &Out) const;
  llvm::SmallVector<Effect, 2> effectsOf(const Stmt *S,
                                         const Expr *BranchCore) const;

  WalkEvents walkValue(const FunctionCfg &F, const CFGBlock *Start,
                       unsigned StartIndex,
                       const StorageLocation &Initial) const;
  bool applyToValue(const Effect &E, ValueState &S, WalkEvents &Ev) const;
  void recordExit(const ValueState &S, SourceLocation Loc,
                  std::vector<WalkEvents::Exit> &Exits,
                  bool AnyResult = false) const;
  bool livesOn(const FunctionCfg &F, const CFGBlock *CreationBlock,
               const ValueDecl *Slot, Poison &P) const;
  llvm::SmallVector<const ValueDecl *, 2> signalledBy(const Creation &C) const;

  FunctionSummary summarise(const FunctionCfg &F) const;
  std::optional<Creation> returnedCreation(const FunctionCfg &F) const;
  void analyseSites(const FunctionCfg &F);
  void reportSite(const FunctionCfg &F, const CFGBlock *CreationBlock,
                  const Effect &Store, const Creation &C, const WalkEvents &Ev);
  void reportDirectUse(const Effect &E, const Creation &C);
  void walkPoisonedSlots(const FunctionCfg &F);
  void awaitPoisoned(
      const CallExpr *Wait,
      llvm::ArrayRef<std::pair<const ValueDecl *, SourceLocation>> Live,
      const llvm::DenseMap<const ValueDecl *, const Poison *> &PoisonOf,
      std::vector<ErrPtrFinding> &Found) const;
  void findDiscarded(const FunctionDecl *FD);
  std::optional<FixItHint> nullTestFix(const WalkEvents::NullTest &T) const;
};

std::optional<Creation> Analysis::creationOf(const Expr *E) const {
  return M.creations().recognize(E, &Creators);
}

/// Roles whose call dereferences the task or worker in argument Arg.
bool consumes(Role R) {
  if (dereferencesTask(R))
    return true;
  switch (R) {
  case Role::Stop:
  case Role::StopPut:
  case Role::WorkerUse:
  case Role::FlushWorker:
  case Role::DestroyWorker:
    return true;
  default:
    return false;
  }
}

void Analysis::callEffects(const CallExpr *Call,
                           llvm::SmallVectorImpl<Effect> &Out) const {
  const ApiEntry *Entry = Api.lookup(Call);
  if (Entry && Entry->What == Role::ErrCheck && Call->getNumArgs() == 1) {
    Out.emplace_back(Effect::Check, StorageLocation::of(Call->getArg(0)),
                     Call->getArg(0));
    return;
  }
  if (Entry && consumes(Entry->What)) {
    if (Entry->Arg < Call->getNumArgs()) {
      const Expr *Arg = Call->getArg(Entry->Arg);
      Effect E(Effect::Use, StorageLocation::of(Arg), Arg, Call);
      E.Consumer = calleeName(Call).str();
      Out.push_back(E);
    }
    return;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  // A helper that stops a field of its argument whenever it is not NULL
  // (`stop_thread(dev)`), as the stop analysis summarised it.
  for (const Stop &Made : M.stops().stopsOf(Call)) {
    if (Made.Site.Inner.empty())
      continue;
    Effect E(Effect::Use, Made.Task, Call, Call);
    E.Consumer = Made.Site.Inner;
    E.Helper = Callee;
    E.HelperUseLoc = Made.Site.InnerLoc;
    E.Described = Made.Pointer;
    Out.push_back(E);
  }
  auto Summary =
      Callee ? Summaries.find(Callee->getCanonicalDecl()) : Summaries.end();
  if (Summary == Summaries.end())
    return;
  const std::vector<ParamSummary> &Params = Summary->second.Params;
  unsigned N = std::min<unsigned>(Call->getNumArgs(), Params.size());
  for (unsigned I = 0; I < N; ++I) {
    const ParamSummary &Param = Params[I];
    if (Param.What == ParamSummary::Ignores)
      continue;
    Effect E(Param.What == ParamSummary::Checks ? Effect::Check : Effect::Use,
             StorageLocation::of(Call->getArg(I)), Call->getArg(I), Call);
    E.Consumer = Param.Consumer;
    E.Helper = Callee;
    E.HelperUseLoc = Param.UseLoc;
    Out.push_back(E);
  }
}

llvm::SmallVector<Effect, 2> Analysis::effectsOf(const Stmt *S,
                                                 const Expr *BranchCore) const {
  llvm::SmallVector<Effect, 2> Out;
  for (const Store &Write : storesOf(S))
    Out.emplace_back(Effect::Assign, Write.Target, Write.Value);
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (Call != BranchCore)
      callEffects(Call, Out);
  } else if (const auto *Member = dyn_cast<MemberExpr>(S)) {
    if (Member->isArrow())
      Out.emplace_back(Effect::Use, StorageLocation::of(Member->getBase()),
                       Member->getBase(), Member);
  } else if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
    if (Unary->getOpcode() == UO_Deref)
      Out.emplace_back(Effect::Use, StorageLocation::of(Unary->getSubExpr()),
                       Unary->getSubExpr(), Unary);
  } else if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
    Effect E(Effect::Return, std::nullopt, Ret->getRetValue());
    E.ReturnLoc = Ret->getBeginLoc();
    Out.push_back(E);
  }
  return Out;
}

void Analysis::recordExit(const ValueState &S, SourceLocation Loc,
                          std::vector<WalkEvents::Exit> &Exits,
                          bool AnyResult) const {
  if (S.FailureSent)
    return;
  for (const StorageLocation &H : S.Values.holders())
    if (const ValueDecl *Slot = H.slot())
      Exits.push_back(
          {Loc, S.P, S.NullTag, S.ErrTest, Slot, S.PartialTest, AnyResult});
}

/// Applies \p E to the followed value; false when the path ends here.
bool Analysis::applyToValue(const Effect &E, ValueState &S,
                            WalkEvents &Ev) const {
  auto MarkChecked = [&] {
    Ev.Checked = true;
    if (S.NullTag >= 0)
      Ev.NullTests[S.NullTag].Benign = true;
  };
  switch (E.EffectKind) {
  case Effect::Assign: {
    if (!E.Key)
      return true;
    S.Values.assign(*E.Key, E.Value);
    return !S.Values.empty();
  }
  case Effect::Check:
    if (!E.Key || S.find(*E.Key) < 0)
      return true;
    MarkChecked();
    return false;
  case Effect::Use:
    if (!E.Key || S.find(*E.Key) < 0)
      return true;
    if (!S.GuardedByState)
      Ev.Uses.push_back({E, S.P, S.NullTag, S.ErrTest, S.PartialTest});
    return false;
  case Effect::Return: {
    std::optional<StorageLocation> Returned =
        E.Value ? StorageLocation::of(E.Value) : std::nullopt;
    if (Returned && S.find(*Returned) >= 0)
      Ev.Returned = true;
    else if (!E.Value || returnsSuccess(E.Value))
      recordExit(S, E.ReturnLoc, Ev.SuccessExits);
    else if (S.P == Phase::MaybeErr && inStaticGlobal(S) &&
             !isErrorCode(E.Value, {}, Api, Ctx))
      recordExit(S, E.ReturnLoc, Ev.SuccessExits, /*AnyResult=*/true);
    else if (S.P == Phase::KnownErr)
      recordExit(S, E.ReturnLoc, Ev.ErrorExits);
    return false;
  }
  }
  return true;
}

WalkEvents Analysis::walkValue(const FunctionCfg &F, const CFGBlock *Start,
                               unsigned StartIndex,
                               const StorageLocation &Initial) const {
  WalkEvents Ev;
  auto Transfer = [&](const CFGBlock *B, unsigned, const Stmt *S,
                      ValueState &State) {
    BranchCondition Cond = branchOf(B, Api);
    for (const Effect &E : effectsOf(S, Cond.Core))
      if (!applyToValue(E, State, Ev))
        return false;
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call && State.P == Phase::KnownErr && callsThroughSibling(Call, State))
      State.FailureSent = true;
    return !isNoReturnCall(S);
  };
  auto Branch = [&](const CFGBlock *B, ValueState &State,
                    Successors<ValueState> &Next) {
    if (B == &F.Cfg->getExit()) {
      recordExit(State, F.FD->getBodyRBrace(), Ev.SuccessExits);
      return;
    }
    BranchCondition Cond = branchOf(B, Api);
    std::optional<StorageLocation> Tested =
        Cond.Pointer ? StorageLocation::of(Cond.Pointer) : std::nullopt;
    if (Tested && State.find(*Tested) >= 0) {
      if (Cond.TestKind == BranchCondition::ErrTest) {
        Ev.Checked = true;
        if (State.NullTag >= 0)
          Ev.NullTests[State.NullTag].Benign = true;
        // Only the branch where the pointer is an ERR_PTR goes on.
        ValueState Failed = State;
        Failed.P = Phase::KnownErr;
        Failed.ErrTest = Cond.Core;
        Next.push(B->succ_begin()[Cond.Successor].getReachableBlock(), Failed);
        return;
      }
      if (Cond.TestKind == BranchCondition::PartialErrTest) {
        // The tested error goes one way; every other one the other way.
        ValueState Failed = State;
        Failed.P = Phase::KnownErr;
        Failed.ErrTest = Cond.Core;
        Next.push(B->succ_begin()[Cond.Successor].getReachableBlock(), Failed);
        ValueState Other = State;
        Other.PartialTest = Cond.Core;
        Next.push(B->succ_begin()[1 - Cond.Successor].getReachableBlock(),
                  Other);
        return;
      }
      if (Cond.TestKind == BranchCondition::NullTest &&
          State.P == Phase::MaybeErr)
        State.NullTag = Ev.nullTestTag(B, Cond);
    } else if (State.P == Phase::KnownErr && B->succ_size() == 2 &&
               testsSiblingField(B->getLastCondition(), State)) {
      State.GuardedByState = true;
    }
    Next.pushAll(B, State);
  };
  // A walk that reaches the bound says nothing, rather than something
  // unfounded.
  if (walkPaths(*F.Cfg, Start, StartIndex, ValueState(Initial), Transfer,
                Branch)
          .Exhausted)
    return WalkEvents();
  return Ev;
}

FunctionSummary Analysis::summarise(const FunctionCfg &F) const {
  FunctionSummary Result;
  for (const ParmVarDecl *Param : F.FD->parameters()) {
    ParamSummary Summary;
    if (Param->getType()->isPointerType()) {
      WalkEvents Ev = walkValue(F, &F.Cfg->getEntry(), 0,
                                StorageLocation::ofVariable(Param));
      auto Unchecked =
          std::find_if(Ev.Uses.begin(), Ev.Uses.end(),
                       [](const auto &U) { return U.P == Phase::MaybeErr; });
      if (Unchecked != Ev.Uses.end()) {
        Summary.What = ParamSummary::UsesUnchecked;
        Summary.Consumer = Unchecked->At.Consumer;
        Summary.UseLoc = userLoc(Unchecked->At.At->getBeginLoc());
      } else if (Ev.Checked) {
        Summary.What = ParamSummary::Checks;
      }
    }
    Result.Params.push_back(Summary);
  }
  Result.Returns = returnedCreation(F);
  return Result;
}

/// Finds the file's functions that hand out a creation result unchecked,
/// e.g. `static struct task_struct *start(...) { return kthread_run(...); }`.
std::optional<Creation> Analysis::returnedCreation(const FunctionCfg &F) const {
  if (!F.FD->getReturnType()->isPointerType())
    return std::nullopt;
  // Once found, a helper's creation stays: the lattice only grows.
  auto Known = Creators.find(F.FD->getCanonicalDecl());
  if (Known != Creators.end())
    return Known->second;
  std::optional<Creation> Found;
  forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *S) {
    for (const Effect &E : effectsOf(S, nullptr)) {
      if (Found || !E.Value ||
          (E.EffectKind != Effect::Assign && E.EffectKind != Effect::Return))
        continue;
      std::optional<Creation> C = creationOf(E.Value);
      if (C && (E.EffectKind == Effect::Return ||
                (E.Key && E.Key->comparable() &&
                 walkValue(F, B, I + 1, *E.Key).Returned)))
        Found = C;
    }
  });
  return Found;
}

std::optional<FixItHint>
Analysis::nullTestFix(const WalkEvents::NullTest &T) const {
  // Only `if (<null test>)` as a whole: inside && or || the rewrite would
  // change what the other operand guards.
  const auto *If = dyn_cast_or_null<IfStmt>(T.Block->getTerminatorStmt());
  if (!If)
    return std::nullopt;
  bool Negated = false;
  if (peelCondition(If->getCond(), Negated, Api) != T.Test.Core)
    return std::nullopt;
  IdentifierInfo &IsErr = Ctx.Idents.get("IS_ERR");
  if (Ctx.getTranslationUnitDecl()->lookup(&IsErr).empty())
    return std::nullopt;
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(If->getCond()->getSourceRange()), SM,
      Ctx.getLangOpts());
  std::string Pointer = textOf(T.Test.Pointer);
  if (Range.isInvalid() || Pointer.empty())
    return std::nullopt;
  // The then-branch was meant for a valid pointer when the test succeeds on
  // non-NULL.
  bool ThenIsValid = T.Test.Successor == 0;
  return FixItHint::CreateReplacement(
      Range, (ThenIsValid ? "!IS_ERR(" : "IS_ERR(") + Pointer + ")");
}

void Analysis::reportSite(const FunctionCfg &F, const CFGBlock *CreationBlock,
                          const Effect &Store, const Creation &C,
                          const WalkEvents &Ev) {
  SourceLocation CreationLoc = userLoc(Store.Value->getBeginLoc());
  auto Base = [&](ErrPtrFinding::Kind K, SourceLocation Loc) {
    ErrPtrFinding Finding;
    Finding.FindingKind = K;
    Finding.Loc = userLoc(Loc);
    Finding.CreateName = C.Api;
    Finding.MakesWorker = C.makesWorker();
    Finding.CreateHelper = C.Helper;
    Finding.CreationLoc = CreationLoc;
    return Finding;
  };
  bool Reported = false;
  for (const WalkEvents::NullTest &T : Ev.NullTests) {
    if (T.Benign)
      continue;
    ErrPtrFinding Finding =
        Base(ErrPtrFinding::NullTestOnly, T.Condition->getBeginLoc());
    Finding.Pointer = textOf(T.Test.Pointer);
    Finding.Fix = nullTestFix(T);
    Findings.push_back(std::move(Finding));
    Reported = true;
  }
  for (const WalkEvents::Use &U : Ev.Uses) {
    if (U.NullTag >= 0 && !Ev.NullTests[U.NullTag].Benign)
      continue;
    ErrPtrFinding Finding =
        Base(U.P == Phase::KnownErr ? ErrPtrFinding::UsedAfterFailure
                                    : ErrPtrFinding::UsedUnchecked,
             U.At.At->getBeginLoc());
    Finding.Pointer = pointerText(U.At);
    Finding.Consumer = U.At.Consumer;
    if (U.At.Helper) {
      Finding.ViaHelper = U.At.Helper->getName().str();
      Finding.HelperUseLoc = U.At.HelperUseLoc;
    }
    if (U.ErrTest)
      Finding.ErrTestLoc = userLoc(U.ErrTest->getBeginLoc());
    if (U.PartialTest && U.P == Phase::MaybeErr)
      Finding.PartialTestLoc = userLoc(U.PartialTest->getBeginLoc());
    Findings.push_back(std::move(Finding));
    Reported = true;
  }
  auto PoisonAt = [&](const WalkEvents::Exit &X) {
    Poison P{};
    P.Slot = X.Slot;
    P.Api = C.Api;
    P.Helper = C.Helper;
    P.Function = F.FD->getName().str();
    P.MakesWorker = C.makesWorker();
    P.CreationLoc = CreationLoc;
    P.ExitLoc = userLoc(X.Loc);
    P.AnyResult = X.AnyResult;
    if (X.ErrTest)
      P.ErrTestLoc = userLoc(X.ErrTest->getBeginLoc());
    P.Signalled = signalledBy(C);
    return P;
  };
  for (const WalkEvents::Exit &X : Ev.SuccessExits) {
    bool LoggedFailure = X.P == Phase::KnownErr;
    bool NeverChecked = X.P == Phase::MaybeErr && X.NullTag < 0 && !Reported;
    if (!LoggedFailure && !NeverChecked)
      continue;
    Poison P = PoisonAt(X);
    if (X.PartialTest && X.P == Phase::MaybeErr)
      P.PartialTestLoc = userLoc(X.PartialTest->getBeginLoc());
    Poisons.push_back(std::move(P));
  }
  for (const WalkEvents::Exit &X : Ev.ErrorExits) {
    Poison P = PoisonAt(X);
    if (livesOn(F, CreationBlock, X.Slot, P)) {
      Poisons.push_back(std::move(P));
    } else if (std::string Table = M.callbackTableOf(F.FD); !Table.empty()) {
      P.Reason = ErrPtrFinding::LivesOn::OtherTablesRun;
      P.ReasonLoc = P.ExitLoc;
      P.ReasonFunction = P.Function;
      P.Table = std::move(Table);
      Poisons.push_back(std::move(P));
    }
  }
}

/// The completions \p C's thread function signals.
llvm::SmallVector<const ValueDecl *, 2>
Analysis::signalledBy(const Creation &C) const {
  llvm::SmallVector<const ValueDecl *, 2> Out;
  const FunctionDecl *Thread = CreationRecognizer::threadFunction(C);
  const FunctionCfg *F = Thread ? M.cfgOf(Thread) : nullptr;
  if (!F)
    return Out;
  forEachStmt(*F->Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const ApiEntry *Entry = Call ? Api.lookup(Call) : nullptr;
    if (Entry && (Entry->What == Role::Complete || Entry->AlsoCompletes))
      if (const ValueDecl *Slot = slotOfFirstArgument(Call))
        Out.push_back(Slot);
  });
  return Out;
}

/// Whether a path leads from \p From to \p To.
static bool reaches(const CFG &Cfg, const CFGBlock *From, const CFGBlock *To) {
  if (!From)
    return false;
  bool Found = From == To;
  walkPaths(
      Cfg, From, 0, NoState(),
      [](const CFGBlock *, unsigned, const Stmt *, NoState &) { return true; },
      [&](const CFGBlock *B, NoState &S, Successors<NoState> &Next) {
        Found |= B == To;
        if (!Found)
          Next.pushAll(B, S);
      });
  return Found;
}

/// Whether the object that keeps the ERR_PTR in \p Slot outlives \p F's
/// error return, and why (in \p P): a caller in the file throws the error
/// away, or \p F, a callback, tests the field for NULL before creating, so
/// that when it runs again it keeps the ERR_PTR and goes on.
bool Analysis::livesOn(const FunctionCfg &F, const CFGBlock *CreationBlock,
                       const ValueDecl *Slot, Poison &P) const {
  for (const CallSite &Site : M.callsOf(F.FD))
    if (Site.ResultIgnored) {
      P.Reason = ErrPtrFinding::LivesOn::ErrorIgnored;
      P.ReasonLoc = userLoc(Site.Call->getBeginLoc());
      P.ReasonFunction = Site.Caller->getName().str();
      return true;
    }
  for (const ExternalCall &Site : M.ignoredElsewhere(F.FD)) {
    P.Reason = ErrPtrFinding::LivesOn::ErrorIgnored;
    P.ReasonLoc = Site.Loc;
    P.ReasonFunction = Site.Caller;
    return true;
  }
  // Only a callback or an exported function is sure to run again on the
  // object that kept the ERR_PTR; a function that runs once per object (an
  // init step of probe) is not.
  bool Exported = false;
  if (!M.runsAsCallback(F.FD)) {
    if (!M.runsExported(F.FD))
      return false;
    Exported = true;
  }
  bool Guarded = false;
  forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned, const Stmt *) {
    if (Guarded)
      return;
    BranchCondition Cond = branchOf(B, Api);
    std::optional<StorageLocation> Tested =
        Cond.Pointer ? StorageLocation::of(Cond.Pointer) : std::nullopt;
    // The guard: the creation happens only on the test's NULL side.
    if (Cond.TestKind == BranchCondition::NullTest && Tested &&
        Tested->slot() == Slot &&
        reaches(*F.Cfg, B->succ_begin()[1 - Cond.Successor].getReachableBlock(),
                CreationBlock) &&
        !reaches(*F.Cfg, B->succ_begin()[Cond.Successor].getReachableBlock(),
                 CreationBlock)) {
      Guarded = true;
      P.Reason = Exported ? ErrPtrFinding::LivesOn::CreationSkippedExported
                          : ErrPtrFinding::LivesOn::CreationSkipped;
      P.ReasonLoc = userLoc(B->getLastCondition()->getBeginLoc());
      P.ReasonFunction = F.FD->getName().str();
    }
  });
  return Guarded;
}

void Analysis::reportDirectUse(const Effect &E, const Creation &C) {
  ErrPtrFinding Finding;
  Finding.FindingKind = ErrPtrFinding::UsedUnchecked;
  Finding.Loc = userLoc(E.At->getBeginLoc());
  Finding.CreateName = C.Api;
  Finding.MakesWorker = C.makesWorker();
  Finding.CreateHelper = C.Helper;
  Finding.CreationLoc = userLoc(E.Value->getBeginLoc());
  Finding.Consumer = E.Consumer;
  if (E.Helper) {
    Finding.ViaHelper = E.Helper->getName().str();
    Finding.HelperUseLoc = E.HelperUseLoc;
  }
  Findings.push_back(std::move(Finding));
}

void Analysis::analyseSites(const FunctionCfg &F) {
  forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned I, const Stmt *S) {
    for (const Effect &E : effectsOf(S, nullptr)) {
      std::optional<Creation> C = E.Value ? creationOf(E.Value) : std::nullopt;
      if (!C)
        continue;
      if (E.EffectKind == Effect::Use)
        reportDirectUse(E, *C);
      else if (E.EffectKind == Effect::Assign && E.Key)
        reportSite(F, B, E, *C, walkValue(F, B, I + 1, *E.Key));
    }
  });
}

/// A wait for a completion that a poisoned slot's thread signals, on a path
/// that took the slot's NULL test for "the thread exists".
void Analysis::awaitPoisoned(
    const CallExpr *Wait,
    llvm::ArrayRef<std::pair<const ValueDecl *, SourceLocation>> Live,
    const llvm::DenseMap<const ValueDecl *, const Poison *> &PoisonOf,
    std::vector<ErrPtrFinding> &Found) const {
  const ValueDecl *Completion = slotOfFirstArgument(Wait);
  for (const auto &[Slot, NullTest] : Live) {
    if (!Completion || NullTest.isInvalid())
      continue;
    const Poison &P = *PoisonOf.lookup(Slot);
    if (!llvm::is_contained(P.Signalled, Completion))
      continue;
    ErrPtrFinding Finding;
    Finding.FindingKind = ErrPtrFinding::StoredErrPtrAwaited;
    Finding.Loc = userLoc(Wait->getBeginLoc());
    Finding.Pointer = cast<NamedDecl>(Slot)->getName().str();
    Finding.Consumer = calleeName(Wait).str();
    describeSource(P, Finding);
    Finding.NullTestLoc = NullTest;
    Found.push_back(std::move(Finding));
  }
}

/// Follows the poisoned slots from the entry of \p F: a consumer reached
/// before an IS_ERR() test or a re-assignment of the slot is a finding.
void Analysis::walkPoisonedSlots(const FunctionCfg &F) {
  /// The slots that may hold an ERR_PTR, with the NULL test (if any) that
  /// the path passed believing it checked the value.
  struct SlotState {
    llvm::SmallVector<std::pair<const ValueDecl *, SourceLocation>, 2> Live;
    int findSlot(const ValueDecl *Slot) const {
      for (unsigned I = 0; Slot && I < Live.size(); ++I)
        if (Live[I].first == Slot)
          return I;
      return -1;
    }
    int find(const std::optional<StorageLocation> &Key) const {
      return Key ? findSlot(Key->slot()) : -1;
    }
    /// Which NULL test was passed does not tell paths apart, only whether.
    auto key() const {
      std::vector<std::pair<const ValueDecl *, bool>> K;
      for (const auto &[Slot, NullTest] : Live)
        K.push_back({Slot, NullTest.isValid()});
      return K;
    }
    bool operator<(const SlotState &O) const { return key() < O.key(); }
    void print(llvm::raw_ostream &OS) const {
      OS << "poisoned {";
      for (const auto &[Slot, NullTest] : Live)
        OS << " " << cast<NamedDecl>(Slot)->getName()
           << (NullTest.isValid() ? "(null-tested)" : "");
      OS << " }";
    }
  };
  // The first poison of each slot that a use in F may see.
  std::string Table = M.callbackTableOf(F.FD);
  llvm::DenseMap<const ValueDecl *, const Poison *> Seen;
  SlotState Init;
  for (const Poison &P : Poisons)
    if (P.reaches(Table) && Seen.try_emplace(P.Slot, &P).second)
      Init.Live.push_back({P.Slot, SourceLocation()});
  if (Init.Live.empty())
    return;

  std::vector<ErrPtrFinding> Found;
  auto Transfer = [&](const CFGBlock *B, unsigned, const Stmt *St,
                      SlotState &S) {
    BranchCondition Cond = branchOf(B, Api);
    if (const auto *Call = dyn_cast<CallExpr>(St);
        Call && Api.is(Call, Role::WaitCompletion))
      awaitPoisoned(Call, S.Live, Seen, Found);
    for (const Effect &E : effectsOf(St, Cond.Core)) {
      if (E.EffectKind == Effect::Return)
        return false;
      int Index = S.find(E.Key);
      if (Index < 0)
        continue;
      if (E.EffectKind == Effect::Use) {
        const Poison &P = *Seen.lookup(S.Live[Index].first);
        ErrPtrFinding Finding;
        Finding.FindingKind = ErrPtrFinding::StoredErrPtrUsed;
        Finding.Loc = userLoc(E.At->getBeginLoc());
        Finding.Pointer = pointerText(E);
        Finding.Consumer = E.Consumer;
        if (E.Helper) {
          Finding.ViaHelper = E.Helper->getName().str();
          Finding.HelperUseLoc = E.HelperUseLoc;
        }
        describeSource(P, Finding);
        Finding.CreatorTable = P.Table;
        Finding.UserTable = Table;
        Finding.NullTestLoc = S.Live[Index].second;
        Found.push_back(std::move(Finding));
      }
      if (E.EffectKind != Effect::Assign || E.Key->slot())
        S.Live.erase(S.Live.begin() + Index);
    }
    return true;
  };
  auto Branch = [&](const CFGBlock *B, SlotState &S,
                    Successors<SlotState> &Next) {
    auto Push = [&](const CFGBlock *To, const SlotState &State) {
      if (!State.Live.empty())
        Next.push(To, State);
    };
    BranchCondition Cond = branchOf(B, Api);
    int Tested = Cond.Pointer ? S.find(StorageLocation::of(Cond.Pointer)) : -1;
    if (Tested < 0) {
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        Push(Succ.getReachableBlock(), S);
      return;
    }
    // A test for one error code keeps the ERR_PTR on both sides.
    if (Cond.TestKind == BranchCondition::PartialErrTest) {
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        Push(Succ.getReachableBlock(), S);
      return;
    }
    // A NULL test keeps the ERR_PTR on its non-NULL side; an ERR_PTR test
    // keeps it only on its failure side.
    unsigned KeepSide = Cond.Successor;
    SlotState Kept = S, Dropped = S;
    Dropped.Live.erase(Dropped.Live.begin() + Tested);
    if (Cond.TestKind == BranchCondition::NullTest)
      Kept.Live[Tested].second = userLoc(B->getLastCondition()->getBeginLoc());
    auto Succ = B->succ_begin();
    Push(Succ[KeepSide].getReachableBlock(), Kept);
    Push(Succ[1 - KeepSide].getReachableBlock(), Dropped);
  };
  if (!walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, Init, Transfer, Branch)
           .Exhausted)
    llvm::append_range(Findings, Found);
}

/// An expression statement whose value is a creation result.
void Analysis::findDiscarded(const FunctionDecl *FD) {
  struct Visitor : RecursiveASTVisitor<Visitor> {
    Analysis &A;
    llvm::SmallPtrSet<const CompoundStmt *, 4> ValueBlocks;
    explicit Visitor(Analysis &A) : A(A) {}
    // The last statement of ({ ... }) is its value, not discarded.
    bool VisitStmtExpr(StmtExpr *E) {
      ValueBlocks.insert(E->getSubStmt());
      return true;
    }
    bool VisitCompoundStmt(CompoundStmt *Block) {
      const Stmt *ValueStmt = ValueBlocks.count(Block) && !Block->body_empty()
                                  ? Block->body_back()
                                  : nullptr;
      for (const Stmt *Child : Block->body()) {
        const auto *E = dyn_cast<Expr>(Child);
        if (E && Child != ValueStmt)
          report(E);
      }
      return true;
    }
    void report(const Expr *E) {
      const Expr *Value = E->IgnoreParenImpCasts();
      if (const auto *Cast = dyn_cast<CStyleCastExpr>(Value))
        if (Cast->getType()->isVoidType())
          Value = Cast->getSubExpr()->IgnoreParenImpCasts();
      std::optional<Creation> C = A.creationOf(Value);
      if (!C || !(C->startsAsleep() || C->makesWorker()))
        return;
      ErrPtrFinding Finding;
      Finding.FindingKind = ErrPtrFinding::Discarded;
      Finding.Loc = A.userLoc(Value->getBeginLoc());
      Finding.CreateName = C->Api;
      Finding.MakesWorker = C->makesWorker();
      Finding.CreateHelper = C->Helper;
      Finding.CreationLoc = Finding.Loc;
      A.Findings.push_back(std::move(Finding));
    }
  };
  Visitor(*this).TraverseStmt(FD->getBody());
}

std::vector<ErrPtrFinding> Analysis::run() {
  // Helpers may call helpers, and return what helpers return.
  summariseToFixedPoint(M.functions(), Summaries, [&](const FunctionCfg &F) {
    FunctionSummary Summary = summarise(F);
    if (Summary.Returns)
      Creators.try_emplace(F.FD->getCanonicalDecl(), *Summary.Returns);
    return Summary;
  });
  for (const FunctionCfg &F : M.functions()) {
    analyseSites(F);
    findDiscarded(F.FD);
  }
  for (const FactModel::ExternalStoredErrPtr &E : M.externalStoredErrPtrs())
    Poisons.push_back(poisonFrom(E));
  if (!Poisons.empty())
    for (const FunctionCfg &F : M.functions())
      walkPoisonedSlots(F);

  std::stable_sort(Findings.begin(), Findings.end(),
                   [&](const ErrPtrFinding &L, const ErrPtrFinding &R) {
                     return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
                   });
  Findings.erase(
      std::unique(Findings.begin(), Findings.end(),
                  [](const ErrPtrFinding &L, const ErrPtrFinding &R) {
                    return L.Loc == R.Loc && L.FindingKind == R.FindingKind;
                  }),
      Findings.end());
  keepFirstUseOfStoredErrPtrs();
  return std::move(Findings);
}

std::vector<StoredErrPtr> Analysis::storedForOthers() const {
  std::vector<StoredErrPtr> Out;
  for (const Poison &P : Poisons) {
    std::optional<FieldKey> Key = fieldKey(dyn_cast<FieldDecl>(P.Slot));
    // Other files learn only what this file found itself.
    if (P.External || !Key)
      continue;
    Out.push_back(
        {*Key, P.Function, P.Api, P.MakesWorker, P.Table,
         M.placeOf(P.CreationLoc), M.placeOf(P.ExitLoc),
         P.ErrTestLoc.isValid() ? M.placeOf(P.ErrTestLoc) : SourcePlace()});
  }
  return Out;
}

/// One finding per stored ERR_PTR, at its first use in the file, as
/// bugprone-use-after-move reports the first use after a move: the later
/// uses are the same bug, and are counted on it.
void Analysis::keepFirstUseOfStoredErrPtrs() {
  llvm::DenseMap<unsigned, size_t> FirstUse;
  std::vector<ErrPtrFinding> Kept;
  for (ErrPtrFinding &F : Findings) {
    bool Stored = F.FindingKind == ErrPtrFinding::StoredErrPtrUsed ||
                  F.FindingKind == ErrPtrFinding::StoredErrPtrAwaited;
    if (!Stored) {
      Kept.push_back(std::move(F));
      continue;
    }
    auto [It, New] =
        FirstUse.try_emplace(F.CreationLoc.getRawEncoding(), Kept.size());
    if (New)
      Kept.push_back(std::move(F));
    else
      ++Kept[It->second].LaterUses;
  }
  Findings = std::move(Kept);
}

} // namespace

ErrPtrResults findErrPtrMisuse(const FactModel &Model) {
  Analysis A(Model);
  ErrPtrResults Results;
  Results.Findings = A.run();
  Results.Stored = A.storedForOthers();
  return Results;
}

} // namespace kthread
