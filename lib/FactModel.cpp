//===--- FactModel.cpp ----------------------------------------------------===//

#include "FactModel.h"
#include "BranchCondition.h"
#include "Engine.h"
#include "PointerFlow.h"
#include "Trace.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallBitVector.h"
#include <functional>
#include <map>
#include <mutex>

using namespace clang;

namespace kthread {

FactModel::FactModel(ASTContext &Ctx, llvm::ArrayRef<const FunctionDecl *> Fns,
                     const ApiOptions &Options)
    : Ctx(Ctx), Api(Options), Definitions(Fns.begin(), Fns.end()),
      Functions(buildCfgs(Ctx, Fns)) {
  Pins.emplace(Functions, Api);
  Creations.emplace(Ctx, Api);
  findCreationStores();
  findOpsTables();
  findTaskFields();
  if (!Options.FactsDatabase.empty())
    readIndex(Options.FactsDatabase);
  Stops.emplace(Ctx, Api, Functions, slotsClearedByThread());
  Checks.emplace(Api, Functions);
  Threads.emplace(Ctx, Functions, *Stops, *Creations, Api);
  FileParks = kthread::parksThreads(Functions, Api);
  for (const FunctionCfg &F : Functions)
    if (!blocksReachingExit(*F.Cfg, /*Stopped=*/false, Api)
             .count(&F.Cfg->getEntry()))
      Endless.insert(F.FD->getCanonicalDecl());
  findCalls();
}

std::string FactModel::description() const {
  const SourceManager &SM = Ctx.getSourceManager();
  const FileEntry *Main = SM.getFileEntryForID(SM.getMainFileID());
  return ("built the fact model of " +
          (Main ? Main->tryGetRealPathName() : "<main file>") + ": " +
          llvm::Twine(Functions.size()) + " functions, " +
          llvm::Twine(Threads->threads().size()) + " stopped threads")
      .str();
}

static std::mutex ModelsLock;
static std::map<std::pair<const ASTContext *, std::string>,
                std::weak_ptr<FactModel>>
    Models;

std::shared_ptr<FactModel> FactModel::existing(const ASTContext &Ctx) {
  std::lock_guard<std::mutex> Guard(ModelsLock);
  for (auto &[Key, Model] : Models)
    if (Key.first == &Ctx)
      if (std::shared_ptr<FactModel> Shared = Model.lock())
        return Shared;
  return nullptr;
}

std::shared_ptr<FactModel>
FactModel::of(ASTContext &Ctx, llvm::ArrayRef<const FunctionDecl *> Functions,
              const ApiOptions &Options) {
  // Checks of one translation unit run one after the other, on one thread;
  // clangd parses files on several. Each model is keyed by its context and
  // options, and lives as long as a check holds it (the checks of a
  // translation unit are destroyed with it).
  std::lock_guard<std::mutex> Guard(ModelsLock);
  for (auto It = Models.begin(); It != Models.end();)
    It = It->second.expired() ? Models.erase(It) : std::next(It);
  std::weak_ptr<FactModel> &Slot = Models[{&Ctx, Options.fingerprint()}];
  // The same functions, too: a context at a freed one's address is another.
  std::shared_ptr<FactModel> Shared = Slot.lock();
  if (Shared && llvm::equal(Shared->Definitions, Functions))
    return Shared;
  TimedTrace Timed("model", "built the fact model");
  auto Built = std::make_shared<FactModel>(Ctx, Functions, Options);
  if (traceEnabled("model"))
    Timed.setWhat(Built->description());
  Slot = Built;
  return Built;
}

const FunctionCfg *FactModel::cfgOf(const FunctionDecl *FD) const {
  for (const FunctionCfg &F : Functions)
    if (F.FD->getCanonicalDecl() == FD->getCanonicalDecl())
      return &F;
  return nullptr;
}

bool FactModel::isEndless(const FunctionDecl *FD) const {
  return Endless.count(FD->getCanonicalDecl());
}

namespace {

/// The file-scope initializers that store a function in a field; with
/// \p Direct, also the fields \p Init itself (not a nested one) sets.
void collectFieldFunctions(
    const InitListExpr *Init,
    llvm::DenseMap<const FieldDecl *,
                   llvm::SmallVector<const FunctionDecl *, 2>> &Out,
    llvm::SmallVectorImpl<std::pair<const FieldDecl *, const FunctionDecl *>>
        *Direct = nullptr) {
  if (Init->isSyntacticForm() && Init->getSemanticForm())
    Init = Init->getSemanticForm();
  const RecordDecl *Record = Init->getType()->getAsRecordDecl();
  unsigned Index = 0;
  for (const Expr *E : Init->inits()) {
    if (const auto *Nested = dyn_cast<InitListExpr>(E->IgnoreImplicit())) {
      collectFieldFunctions(Nested, Out);
    } else if (Record) {
      const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      const auto *Fn = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
      auto Field = Record->field_begin();
      std::advance(
          Field, std::min<unsigned>(Index, std::distance(Record->field_begin(),
                                                         Record->field_end())));
      if (Fn && Field != Record->field_end()) {
        Out[*Field].push_back(Fn->getCanonicalDecl());
        if (Direct)
          Direct->push_back({*Field, Fn->getCanonicalDecl()});
      }
    }
    ++Index;
  }
}

/// The expression statements of \p S's children: where a value is
/// thrown away.
llvm::SmallVector<const Expr *, 4> statementExprs(const Stmt *S) {
  llvm::SmallVector<const Expr *, 4> Out;
  auto Add = [&](const Stmt *Child) {
    if (const auto *E = dyn_cast_or_null<Expr>(Child))
      Out.push_back(E);
  };
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : Block->body())
      Add(Child);
  } else if (const auto *If = dyn_cast<IfStmt>(S)) {
    Add(If->getThen());
    Add(If->getElse());
  } else if (const auto *Loop = dyn_cast<ForStmt>(S)) {
    Add(Loop->getBody());
    Add(Loop->getInc());
  } else if (const auto *Loop = dyn_cast<WhileStmt>(S)) {
    Add(Loop->getBody());
  } else if (const auto *Loop = dyn_cast<DoStmt>(S)) {
    Add(Loop->getBody());
  } else if (const auto *Label = dyn_cast<LabelStmt>(S)) {
    Add(Label->getSubStmt());
  } else if (const auto *Case = dyn_cast<SwitchCase>(S)) {
    Add(Case->getSubStmt());
  }
  return Out;
}

const CallExpr *calledIn(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Cast = dyn_cast<CStyleCastExpr>(E))
    if (Cast->getType()->isVoidType())
      E = Cast->getSubExpr()->IgnoreParenImpCasts();
  return dyn_cast<CallExpr>(E);
}

} // namespace

void FactModel::findOpsTables() {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    const auto *Var = dyn_cast<VarDecl>(D);
    if (!Var || !Var->hasGlobalStorage() || !Var->hasInit() ||
        !SM.isInMainFile(SM.getExpansionLoc(Var->getLocation())))
      continue;
    if (const auto *Init = dyn_cast<InitListExpr>(Var->getInit()))
      collectFieldFunctions(Init, FieldFunctions, &Tables.emplace_back());
  }
}

const FunctionDecl *
FactModel::tableSibling(const FunctionDecl *FD,
                        std::initializer_list<llvm::StringRef> Fields) const {
  for (const TableEntries &Table : Tables) {
    if (llvm::none_of(Table, [&](const auto &Entry) {
          return Entry.second == FD->getCanonicalDecl();
        }))
      continue;
    for (const auto &[Field, Fn] : Table)
      if (llvm::is_contained(Fields, Field->getName()))
        return Fn->getDefinition() ? Fn->getDefinition() : Fn;
    return nullptr;
  }
  return nullptr;
}

void FactModel::findTaskFields() {
  struct Visitor : RecursiveASTVisitor<Visitor> {
    std::vector<const FieldDecl *> &Fields;
    explicit Visitor(std::vector<const FieldDecl *> &Fields) : Fields(Fields) {}
    bool VisitMemberExpr(MemberExpr *Member) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (Field && isTaskPointer(Field->getType()) &&
          !llvm::is_contained(Fields, Field))
        Fields.push_back(Field);
      return true;
    }
  };
  Visitor V(TaskFieldsUsed);
  for (const FunctionCfg &F : Functions)
    V.TraverseStmt(F.FD->getBody());
}

void FactModel::findCalls() {
  struct Visitor : RecursiveASTVisitor<Visitor> {
    FactModel &M;
    const FunctionDecl *Caller;
    llvm::SmallPtrSet<const CallExpr *, 8> Ignored;
    Visitor(FactModel &M, const FunctionDecl *Caller) : M(M), Caller(Caller) {}
    bool VisitStmt(Stmt *S) {
      for (const Expr *E : statementExprs(S))
        if (const CallExpr *Call = calledIn(E))
          Ignored.insert(Call);
      return true;
    }
    bool VisitCallExpr(CallExpr *Call) {
      bool Dropped = Ignored.count(Call);
      if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        M.Calls[Callee->getCanonicalDecl()].push_back(
            {Call, Caller, Dropped, false});
        return true;
      }
      const auto *Member =
          dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParenImpCasts());
      const auto *Field =
          Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
      for (const FunctionDecl *Target : M.functionsIn(Field))
        M.Calls[Target].push_back({Call, Caller, Dropped, true});
      if (Field && Dropped && !Call->getType()->isVoidType())
        M.DroppedIndirect.push_back({Field, {Call, Caller, Dropped, true}});
      return true;
    }
  };
  for (const FunctionCfg &F : Functions) {
    Visitor V(*this, F.FD);
    // Statements before expressions: a parent is visited first.
    V.TraverseStmt(F.FD->getBody());
  }
}

llvm::ArrayRef<CallSite> FactModel::callsOf(const FunctionDecl *FD) const {
  auto It = Calls.find(FD->getCanonicalDecl());
  if (It == Calls.end())
    return {};
  return It->second;
}

llvm::ArrayRef<const FunctionDecl *>
FactModel::functionsIn(const FieldDecl *Field) const {
  auto It = Field ? FieldFunctions.find(Field) : FieldFunctions.end();
  if (It == FieldFunctions.end())
    return {};
  return It->second;
}

/// Whether \p FD, or a file function that calls it, is \p Entry.
static bool reachedFrom(
    const FactModel &M, const FunctionDecl *FD,
    llvm::function_ref<bool(const FunctionDecl *)> Entry) {
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
  llvm::SmallVector<const FunctionDecl *, 8> Work{FD->getCanonicalDecl()};
  while (!Work.empty()) {
    const FunctionDecl *F = Work.pop_back_val();
    if (!Seen.insert(F).second)
      continue;
    if (Entry(F))
      return true;
    for (const CallSite &Site : M.callsOf(F))
      Work.push_back(Site.Caller->getCanonicalDecl());
  }
  return false;
}

bool FactModel::runsAsCallback(const FunctionDecl *FD) const {
  llvm::SmallPtrSet<const FunctionDecl *, 8> InTables;
  for (const auto &[Field, Targets] : FieldFunctions)
    for (const FunctionDecl *Target : Targets)
      InTables.insert(Target->getCanonicalDecl());
  return reachedFrom(*this, FD, [&](const FunctionDecl *F) {
    return InTables.count(F) > 0;
  });
}

/// Whether a declaration of \p FD comes from EXPORT_SYMBOL*(), which
/// redeclares its argument (`extern typeof(sym) sym;`).
static bool declaredByExport(const FunctionDecl *FD, const SourceManager &SM,
                             const LangOptions &Lang) {
  for (const FunctionDecl *Redecl : FD->redecls())
    for (SourceLocation Loc = Redecl->getLocation(); Loc.isMacroID();
         Loc = SM.getImmediateMacroCallerLoc(Loc))
      if (Lexer::getImmediateMacroName(Loc, SM, Lang).starts_with(
              "EXPORT_SYMBOL"))
        return true;
  return false;
}

bool FactModel::runsExported(const FunctionDecl *FD) const {
  return reachedFrom(*this, FD, [&](const FunctionDecl *F) {
    return declaredByExport(F, Ctx.getSourceManager(), Ctx.getLangOpts());
  });
}

const std::vector<ErrPtrFinding> &FactModel::errPtrMisuse() {
  return errPtrResults().Findings;
}

const ErrPtrResults &FactModel::errPtrResults() {
  if (!ErrPtrs) {
    TimedTrace Timed("model", "ran the ERR_PTR flow");
    ErrPtrs = findErrPtrMisuse(*this);
  }
  return *ErrPtrs;
}

const std::vector<DoubleStopFinding> &FactModel::doubleStops() {
  if (!DoubleStops) {
    TimedTrace Timed("model", "ran the stop-to-stop paths");
    DoubleStops = findDoubleStops(*this);
  }
  return *DoubleStops;
}

const std::vector<EarlyExitFinding> &FactModel::stopsAfterExit() {
  if (!EarlyExits) {
    TimedTrace Timed("model", "ran the thread exits");
    EarlyExits = findStopAfterExit(*this);
  }
  return *EarlyExits;
}

const std::vector<WaitFinding> &
FactModel::waitsWithoutStop(bool InterruptibleEndsOnStop) {
  std::optional<std::vector<WaitFinding>> &Cached =
      Waits[InterruptibleEndsOnStop];
  if (!Cached) {
    TimedTrace Timed("model",
                     InterruptibleEndsOnStop
                         ? "ran the waits (interruptible sleeps end on stop)"
                         : "ran the waits (no sleep ends on stop)");
    Cached = findWaitsWithoutStop(*this, InterruptibleEndsOnStop);
  }
  return *Cached;
}

const std::vector<LoopFinding> &FactModel::loopsWithoutStop() {
  if (!Loops) {
    TimedTrace Timed("model", "ran the loops");
    Loops = findLoopsWithoutStop(*this);
  }
  return *Loops;
}

const std::vector<AtomicSleepFinding> &FactModel::sleepsInAtomic() {
  if (!AtomicSleeps) {
    TimedTrace Timed("model", "ran the sleeps in atomic context");
    AtomicSleeps = findSleepsInAtomic(Ctx, Api, Functions);
  }
  return *AtomicSleeps;
}

const std::vector<LostWakeupFinding> &FactModel::lostWakeups() {
  if (!LostWakeups) {
    TimedTrace Timed("model",
                     "ran the sleeps decided before the state was set");
    LostWakeups =
        findLostWakeups(Ctx, Api, *Checks, Functions, Threads->threadCode());
  }
  return *LostWakeups;
}

const std::vector<StopDeadlockFinding> &FactModel::stopDeadlocks() {
  if (!StopDeadlocks) {
    TimedTrace Timed("model", "ran the stops under a lock the thread takes");
    StopDeadlocks = findStopDeadlocks(Ctx, Api, *Checks, Functions, *Threads);
  }
  return *StopDeadlocks;
}

const std::vector<ThreadLeakFinding> &FactModel::threadLeaks() {
  if (!ThreadLeaks) {
    TimedTrace Timed(
        "model",
        "ran the threads left running by a failed init, probe or open");
    ThreadLeaks = findThreadLeaks(*this);
  }
  return *ThreadLeaks;
}

const UseAfterStopResults &FactModel::useAfterStopResults() {
  if (!UsesAfterStop) {
    TimedTrace Timed("model", "ran the uses of stopped tasks");
    UsesAfterStop = findUsesAfterStop(*this);
  }
  return *UsesAfterStop;
}

const std::vector<UseAfterStopFinding> &FactModel::usesAfterStop() {
  return useAfterStopResults().Findings;
}

const std::vector<BindAfterStartFinding> &FactModel::bindsAfterStart() {
  if (!BindsAfterStart) {
    TimedTrace Timed("model", "ran the binds of started threads");
    BindsAfterStart = findBindsAfterStart(Ctx, Api, *Creations, Functions);
  }
  return *BindsAfterStart;
}

const std::vector<ForeignExitFinding> &FactModel::stopsOfForeignThreads() {
  if (!ForeignExits) {
    TimedTrace Timed("model", "ran the stops of threads other files define");
    ForeignExits = findForeignThreadExits(*this);
  }
  return *ForeignExits;
}

void FactModel::findCreationStores() {
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Store &Write : storesOf(S)) {
        if (!Write.Target || !Write.Value || !Write.Target->slot())
          continue;
        if (std::optional<Creation> C = Creations->recognize(Write.Value)) {
          const FunctionDecl *Thread = CreationRecognizer::threadFunction(*C);
          SourceLocation Loc = userLoc(Write.Value->getBeginLoc());
          CreationStores.push_back(
              {Write.Target->slot(), Thread, F.FD, C->Api, Loc});
          if (Thread && !cfgOf(Thread))
            ForeignThreads.push_back(
                {Write.Target->slot(), Thread, C->Api, Loc});
        }
      }
    });
}

namespace {

/// `d->thread = NULL`: the task field a store clears, or null.
const FieldDecl *clearedField(const Store &Write, ASTContext &Ctx) {
  if (!Write.Target || !Write.Value || Write.Target->steps().empty() ||
      !Write.Value->isNullPointerConstant(Ctx,
                                          Expr::NPC_ValueDependentIsNotNull))
    return nullptr;
  const auto *Field = dyn_cast_or_null<FieldDecl>(Write.Target->slot());
  return Field && isTaskPointer(Field->getType()) ? Field : nullptr;
}

/// The fields \p Write sets to anything but NULL.
const FieldDecl *overwrittenField(const Store &Write) {
  if (!Write.Target || Write.Target->steps().empty())
    return nullptr;
  return dyn_cast_or_null<FieldDecl>(Write.Target->slot());
}

/// `int fn(void *data)`: the shape of a thread function.
bool hasThreadSignature(const FunctionDecl *FD) {
  return FD->getNumParams() == 1 && FD->getReturnType()->isIntegerType() &&
         FD->getParamDecl(0)->getType()->isVoidPointerType();
}

} // namespace

std::vector<std::pair<const FieldDecl *, SourceLocation>>
FactModel::clearedOnEveryExit(const FunctionCfg &F) const {
  // The candidates: the task fields the function clears somewhere.
  std::vector<std::pair<const FieldDecl *, SourceLocation>> Candidates;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    for (const Store &Write : storesOf(S))
      if (const FieldDecl *Field = clearedField(Write, Ctx))
        if (llvm::none_of(Candidates,
                          [&](const auto &C) { return C.first == Field; }))
          Candidates.push_back({Field, userLoc(S->getBeginLoc())});
  });
  if (Candidates.empty())
    return {};
  // A must-analysis over the blocks: which candidates every path from the
  // entry has cleared, and not overwritten since. Unvisited blocks hold
  // every candidate, the identity of the intersection.
  using Cleared = llvm::SmallBitVector;
  unsigned N = Candidates.size();
  std::vector<Cleared> Out(F.Cfg->getNumBlockIDs(), Cleared(N, true));
  auto IndexOf = [&](const FieldDecl *Field) -> int {
    for (unsigned I = 0; I < N; ++I)
      if (Candidates[I].first == Field)
        return I;
    return -1;
  };
  auto InOf = [&](const CFGBlock *B) {
    if (B == &F.Cfg->getEntry())
      return Cleared(N, false);
    Cleared In(N, true);
    for (const CFGBlock::AdjacentBlock &Pred : B->preds())
      if (const CFGBlock *P = Pred.getReachableBlock())
        In &= Out[P->getBlockID()];
    return In;
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : *F.Cfg) {
      Cleared State = InOf(B);
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          for (const Store &Write : storesOf(S->getStmt())) {
            if (const FieldDecl *Field = clearedField(Write, Ctx))
              State.set(IndexOf(Field));
            else if (int I = IndexOf(overwrittenField(Write)); I >= 0)
              State.reset(I);
          }
      if (State != Out[B->getBlockID()]) {
        Out[B->getBlockID()] = State;
        Changed = true;
      }
    }
  }
  Cleared AtExit = InOf(&F.Cfg->getExit());
  std::vector<std::pair<const FieldDecl *, SourceLocation>> Result;
  for (unsigned I = 0; I < N; ++I)
    if (AtExit[I])
      Result.push_back(Candidates[I]);
  return Result;
}

bool FactModel::threadClears(const FunctionDecl *Thread,
                             const FieldDecl *Field) const {
  if (const FunctionCfg *Own = cfgOf(Thread))
    return llvm::any_of(clearedOnEveryExit(*Own),
                        [&](const auto &C) { return C.first == Field; });
  std::optional<FieldKey> Key = fieldKey(Field);
  auto Known = ExternalClears.find(Thread->getName().str());
  return Key && Known != ExternalClears.end() &&
         llvm::any_of(Known->second,
                      [&](const ClearOnExit &C) { return C.Field == *Key; });
}

llvm::SmallPtrSet<const ValueDecl *, 4>
FactModel::slotsClearedByThread() const {
  // Every creation stored in the slot must start a thread that clears it.
  std::map<const ValueDecl *, bool> AllClear;
  for (const CreationStore &C : CreationStores) {
    const auto *Field = dyn_cast<FieldDecl>(C.Slot);
    bool Clears = Field && C.Thread && threadClears(C.Thread, Field);
    auto [It, New] = AllClear.try_emplace(C.Slot, Clears);
    if (!New)
      It->second = It->second && Clears;
  }
  llvm::SmallPtrSet<const ValueDecl *, 4> Slots;
  for (const auto &[Slot, Clears] : AllClear)
    if (Clears)
      Slots.insert(Slot);
  return Slots;
}

SourceLocation FactModel::locationOf(const SourcePlace &P) {
  SourceManager &SM = Ctx.getSourceManager();
  llvm::Expected<FileEntryRef> File = SM.getFileManager().getFileRef(P.File);
  if (!File) {
    llvm::consumeError(File.takeError());
    return {};
  }
  FileID ID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
  return SM.translateLineCol(ID, P.Line, P.Column);
}

SourcePlace FactModel::placeOf(SourceLocation Loc) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation At = SM.getFileLoc(Loc);
  SourcePlace P;
  if (OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getFileID(At))) {
    llvm::SmallString<256> Path(File->getFileEntry().tryGetRealPathName());
    if (Path.empty()) {
      Path = File->getName();
      SM.getFileManager().makeAbsolutePath(Path);
    }
    P.File = Path.str().str();
  }
  P.Line = SM.getSpellingLineNumber(At);
  P.Column = SM.getSpellingColumnNumber(At);
  return P;
}

void FactModel::readIndex(const std::string &Path) {
  llvm::Expected<TreeIndex> Index = TreeIndex::open(Path);
  if (!Index) {
    IndexProblem = llvm::toString(Index.takeError());
    return;
  }
  // A thread function started from several places is looked up once.
  for (const ForeignThread &T : ForeignThreads) {
    auto [Exits, New] = ExternalExits.try_emplace(T.Thread->getCanonicalDecl());
    if (!New)
      continue;
    for (const EarlyExit &X : Index->exitsOf(T.Thread->getName()))
      Exits->second.push_back(locationOf(X.At));
    ExternalClears.try_emplace(T.Thread->getName().str(),
                               Index->clearsBy(T.Thread->getName()));
  }
  const SourceManager &SM = Ctx.getSourceManager();
  SourcePlace Main = placeOf(SM.getLocForStartOfFile(SM.getMainFileID()));
  for (const FieldDecl *Field : TaskFieldsUsed) {
    std::optional<FieldKey> Key = fieldKey(Field);
    if (!Key)
      continue;
    for (const StoredErrPtr &E : Index->storedIn(*Key))
      if (E.Creation.File != Main.File)
        ExternalStored.push_back(
            {Field, E, locationOf(E.Creation), locationOf(E.Exit),
             E.ErrTest.Line ? locationOf(E.ErrTest) : SourceLocation()});
    for (const StaleStop &E : Index->staleIn(*Key))
      if (E.Stop.File != Main.File)
        ExternalStale.push_back(
            {Field, E, locationOf(E.Stop), locationOf(E.Exit)});
  }
  std::map<FieldKey, const FieldDecl *> Fields;
  for (const auto &Entry : FieldFunctions)
    if (std::optional<FieldKey> Key = fieldKey(Entry.first))
      Fields.emplace(*Key, Entry.first);
  for (const auto &[Key, Field] : Fields)
    // This file's own calls are in Calls already.
    for (const IgnoredResult &Call : Index->ignoredThrough(Key))
      if (Call.At.File != Main.File)
        for (const FunctionDecl *Target : functionsIn(Field))
          ExternalIgnored[Target].push_back({locationOf(Call.At), Call.Caller});
}

std::string FactModel::callbackTableOf(const FunctionDecl *FD) const {
  std::string Table;
  for (const auto &[Field, Targets] : FieldFunctions) {
    if (!llvm::is_contained(Targets, FD->getCanonicalDecl()))
      continue;
    if (Field->getName() == "probe")
      return "";
    std::optional<FieldKey> Key = fieldKey(Field);
    // The least name, whatever the map's order.
    if (Key && (Table.empty() || Key->Record < Table))
      Table = Key->Record;
  }
  return Table;
}

std::vector<std::string>
FactModel::tableFieldsOf(const FunctionDecl *FD) const {
  std::vector<std::string> Names;
  for (const auto &[Field, Targets] : FieldFunctions)
    if (llvm::is_contained(Targets, FD->getCanonicalDecl()))
      Names.push_back(Field->getName().str());
  llvm::sort(Names);
  return Names;
}

llvm::ArrayRef<SourceLocation>
FactModel::externalExitsOf(const FunctionDecl *Thread) const {
  auto It = ExternalExits.find(Thread->getCanonicalDecl());
  if (It == ExternalExits.end())
    return {};
  return It->second;
}

llvm::ArrayRef<ExternalCall>
FactModel::ignoredElsewhere(const FunctionDecl *FD) const {
  auto It = ExternalIgnored.find(FD->getCanonicalDecl());
  if (It == ExternalIgnored.end())
    return {};
  return It->second;
}

/// Whether \p Call is on the non-NULL side of an `if` that tests a pointer
/// held in \p Slot (`if (qca->spi_thread) kthread_park(qca->spi_thread)`).
static bool nullGuarded(ASTContext &Ctx, const KthreadApi &Api,
                        const CallExpr *Call, const ValueDecl *Slot) {
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return false;
    if (const auto *If = Parents[0].get<IfStmt>()) {
      BranchCondition Cond = classifyCondition(If->getCond(), Api);
      std::optional<StorageLocation> Tested =
          Cond.Pointer ? StorageLocation::of(Cond.Pointer) : std::nullopt;
      const Stmt *Guarded = Cond.Successor == 0 ? If->getThen() : If->getElse();
      if (Cond.TestKind == BranchCondition::NullTest && Tested &&
          Tested->slot() == Slot && Node.get<Stmt>() == Guarded)
        return true;
    }
    Node = Parents[0];
  }
  return false;
}

/// The calls of \p F that use the task a struct field holds.
static void
collectTaskUses(ASTContext &Ctx, const KthreadApi &Api, const FunctionCfg &F,
                const std::function<SourcePlace(SourceLocation)> &PlaceOf,
                std::vector<TaskUse> &Uses) {
  static const Role UseRoles[] = {Role::Wake, Role::Park,  Role::Unpark,
                                  Role::Bind, Role::Stop,  Role::StopPut,
                                  Role::Pin,  Role::Unpin, Role::TaskUse};
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const ApiEntry *E = Call ? Api.lookup(Call) : nullptr;
    if (!E || !llvm::is_contained(UseRoles, E->What) ||
        E->Arg >= Call->getNumArgs())
      return;
    std::optional<StorageLocation> Task =
        StorageLocation::of(Call->getArg(E->Arg));
    const auto *Field =
        Task ? dyn_cast_or_null<FieldDecl>(Task->slot()) : nullptr;
    std::optional<FieldKey> Key = Field ? fieldKey(Field) : std::nullopt;
    if (Key)
      Uses.push_back({*Key, F.FD->getName().str(), calleeName(Call).str(),
                      nullGuarded(Ctx, Api, Call, Field),
                      PlaceOf(Call->getBeginLoc())});
  });
}

/// The struct fields the branch conditions of \p F read.
static std::vector<FieldKey> flagsRead(const FunctionCfg &F) {
  struct Fields : RecursiveASTVisitor<Fields> {
    std::vector<FieldKey> Keys;
    bool VisitMemberExpr(MemberExpr *M) {
      if (const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl()))
        if (std::optional<FieldKey> Key = fieldKey(Field))
          Keys.push_back(*Key);
      return true;
    }
  } Visitor;
  for (const CFGBlock *B : *F.Cfg)
    if (B->succ_size() == 2 && B->getLastCondition())
      Visitor.TraverseStmt(const_cast<Expr *>(B->getLastCondition()));
  llvm::sort(Visitor.Keys);
  Visitor.Keys.erase(std::unique(Visitor.Keys.begin(), Visitor.Keys.end()),
                     Visitor.Keys.end());
  return Visitor.Keys;
}

FileSummary FactModel::summary() {
  const SourceManager &SM = Ctx.getSourceManager();
  FileSummary S;
  S.File = placeOf(SM.getLocForStartOfFile(SM.getMainFileID())).File;
  for (const FunctionCfg &F : Functions)
    if (F.FD->isExternallyVisible() && hasThreadSignature(F.FD)) {
      for (const auto &[Field, Loc] : clearedOnEveryExit(F))
        if (std::optional<FieldKey> Key = fieldKey(Field))
          S.Clears.push_back({F.FD->getName().str(), *Key, placeOf(Loc)});
      for (SourceLocation Exit : exitsBeforeStopCheck(*this, F))
        S.Exits.push_back({F.FD->getName().str(), placeOf(Exit)});
      S.Threads.push_back({F.FD->getName().str(),
                           Checks->mentions(F.FD->getBody()), flagsRead(F)});
    }
  for (const FunctionCfg &F : Functions)
    collectTaskUses(
        Ctx, Api, F, [&](SourceLocation Loc) { return placeOf(Loc); },
        S.TaskUses);
  for (const CreationStore &C : CreationStores)
    if (const auto *Field = dyn_cast<FieldDecl>(C.Slot))
      if (std::optional<FieldKey> Key = fieldKey(Field))
        S.Creations.push_back({*Key, C.In->getName().str(), C.Api,
                               C.Thread ? C.Thread->getName().str() : "",
                               placeOf(C.Loc)});
  for (const auto &[Field, Site] : DroppedIndirect)
    if (std::optional<FieldKey> Key = fieldKey(Field))
      S.Ignored.push_back({*Key, Site.Caller->getName().str(),
                           placeOf(Site.Call->getBeginLoc())});
  for (const ForeignThread &T : ForeignThreads)
    if (T.Thread->isExternallyVisible() &&
        !llvm::is_contained(S.NeededFunctions, T.Thread->getName()))
      S.NeededFunctions.push_back(T.Thread->getName().str());
  // The ops-table fields that hold a function creating a thread: another
  // file may call it and drop its error.
  for (const auto &[Field, Targets] : FieldFunctions) {
    std::optional<FieldKey> Key = fieldKey(Field);
    bool Creates = llvm::any_of(Targets, [&](const FunctionDecl *Target) {
      return llvm::any_of(CreationStores, [&](const CreationStore &C) {
        return C.In->getCanonicalDecl() == Target;
      });
    });
    if (Key && Creates)
      S.NeededFields.push_back(*Key);
  }
  for (const StoredErrPtr &E : errPtrResults().Stored)
    S.StoredErrPtrs.push_back(E);
  for (const StaleStop &E : useAfterStopResults().Stale)
    S.StaleStops.push_back(E);
  for (const FieldDecl *Field : TaskFieldsUsed)
    if (std::optional<FieldKey> Key = fieldKey(Field))
      S.NeededTaskFields.push_back(*Key);
  llvm::sort(S.NeededTaskFields);
  S.NeededTaskFields.erase(
      std::unique(S.NeededTaskFields.begin(), S.NeededTaskFields.end()),
      S.NeededTaskFields.end());
  llvm::sort(S.NeededFunctions);
  llvm::sort(S.NeededFields);
  S.NeededFields.erase(
      std::unique(S.NeededFields.begin(), S.NeededFields.end()),
      S.NeededFields.end());
  return S;
}

} // namespace kthread
