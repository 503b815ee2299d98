//===--- FactModel.cpp ----------------------------------------------------===//

#include "FactModel.h"
#include "Engine.h"
#include "Trace.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include <map>
#include <mutex>

using namespace clang;

namespace kthread {

FactModel::FactModel(ASTContext &Ctx, llvm::ArrayRef<const FunctionDecl *> Fns,
                     const ApiOptions &Options)
    : Ctx(Ctx), Api(Options), Definitions(Fns.begin(), Fns.end()),
      Functions(buildCfgs(Ctx, Fns)) {
  Pins.emplace(Functions, Api);
  Stops.emplace(Ctx, Api, Functions);
  Checks.emplace(Api, Functions);
  Creations.emplace(Ctx, Api);
  Threads.emplace(Ctx, Functions, *Stops, *Creations, Api);
  FileParks = kthread::parksThreads(Functions, Api);
  for (const FunctionCfg &F : Functions)
    if (!blocksReachingExit(*F.Cfg, /*Stopped=*/false, Api)
             .count(&F.Cfg->getEntry()))
      Endless.insert(F.FD->getCanonicalDecl());
  findOpsTables();
  findCalls();
  if (traceEnabled("model")) {
    const SourceManager &SM = Ctx.getSourceManager();
    const FileEntry *Main = SM.getFileEntryForID(SM.getMainFileID());
    trace("model") << "built the fact model of "
                   << (Main ? Main->tryGetRealPathName() : "<main file>")
                   << ": " << Functions.size() << " functions, "
                   << Threads->threads().size() << " stopped threads\n";
  }
}

std::shared_ptr<FactModel>
FactModel::of(ASTContext &Ctx, llvm::ArrayRef<const FunctionDecl *> Functions,
              const ApiOptions &Options) {
  // Checks of one translation unit run one after the other, on one thread;
  // clangd parses files on several. Each model is keyed by its context and
  // options, and lives as long as a check holds it (the checks of a
  // translation unit are destroyed with it).
  using Key = std::pair<const ASTContext *, std::string>;
  static std::mutex Lock;
  static std::map<Key, std::weak_ptr<FactModel>> Models;
  std::lock_guard<std::mutex> Guard(Lock);
  for (auto It = Models.begin(); It != Models.end();)
    It = It->second.expired() ? Models.erase(It) : std::next(It);
  std::weak_ptr<FactModel> &Slot = Models[{&Ctx, Options.fingerprint()}];
  // The same functions, too: a context at a freed one's address is another.
  std::shared_ptr<FactModel> Shared = Slot.lock();
  if (Shared && llvm::equal(Shared->Definitions, Functions))
    return Shared;
  auto Built = std::make_shared<FactModel>(Ctx, Functions, Options);
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

/// The file-scope initializers that store a function in a field.
void collectFieldFunctions(
    const InitListExpr *Init,
    llvm::DenseMap<const FieldDecl *,
                   llvm::SmallVector<const FunctionDecl *, 2>> &Out) {
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
      if (Fn && Field != Record->field_end())
        Out[*Field].push_back(Fn->getCanonicalDecl());
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
      collectFieldFunctions(Init, FieldFunctions);
  }
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

bool FactModel::runsAsCallback(const FunctionDecl *FD) const {
  llvm::SmallPtrSet<const FunctionDecl *, 8> InTables;
  for (const auto &[Field, Targets] : FieldFunctions)
    for (const FunctionDecl *Target : Targets)
      InTables.insert(Target->getCanonicalDecl());
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
  llvm::SmallVector<const FunctionDecl *, 8> Work{FD->getCanonicalDecl()};
  while (!Work.empty()) {
    const FunctionDecl *F = Work.pop_back_val();
    if (!Seen.insert(F).second)
      continue;
    if (InTables.count(F))
      return true;
    for (const CallSite &Site : callsOf(F))
      Work.push_back(Site.Caller->getCanonicalDecl());
  }
  return false;
}

void FactModel::traceAnalysis(llvm::StringRef Name) const {
  if (traceEnabled("model"))
    trace("model") << "ran " << Name << "\n";
}

const std::vector<ErrPtrFinding> &FactModel::errPtrMisuse() {
  if (!ErrPtrs) {
    traceAnalysis("the ERR_PTR flow");
    ErrPtrs = findErrPtrMisuse(*this);
  }
  return *ErrPtrs;
}

const std::vector<DoubleStopFinding> &FactModel::doubleStops() {
  if (!DoubleStops) {
    traceAnalysis("the stop-to-stop paths");
    DoubleStops = findDoubleStops(*this);
  }
  return *DoubleStops;
}

const std::vector<EarlyExitFinding> &FactModel::stopsAfterExit() {
  if (!EarlyExits) {
    traceAnalysis("the thread exits");
    EarlyExits = findStopAfterExit(*this);
  }
  return *EarlyExits;
}

const std::vector<WaitFinding> &
FactModel::waitsWithoutStop(bool InterruptibleEndsOnStop) {
  std::optional<std::vector<WaitFinding>> &Cached =
      Waits[InterruptibleEndsOnStop];
  if (!Cached) {
    traceAnalysis(InterruptibleEndsOnStop
                      ? "the waits (interruptible sleeps end on stop)"
                      : "the waits (no sleep ends on stop)");
    Cached = findWaitsWithoutStop(*this, InterruptibleEndsOnStop);
  }
  return *Cached;
}

const std::vector<LoopFinding> &FactModel::loopsWithoutStop() {
  if (!Loops) {
    traceAnalysis("the loops");
    Loops = findLoopsWithoutStop(*this);
  }
  return *Loops;
}

} // namespace kthread
