//===--- BindAfterStart.cpp -----------------------------------------------===//

#include "BindAfterStart.h"
#include "Engine.h"
#include "PointerFlow.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <map>

using namespace clang;

namespace kthread {
namespace {

/// A place holding a task on this path, what put it there, and whether the
/// task was started (woken) or is still asleep after its creation.
struct Held {
  StorageLocation Task;
  const Stmt *By;
  bool Running;
  auto tie() const { return std::tie(Task, By, Running); }
  bool operator<(const Held &O) const { return tie() < O.tie(); }
};

struct StartState {
  llvm::SmallVector<Held, 2> Tasks;
  bool operator<(const StartState &O) const { return Tasks < O.Tasks; }
  void print(llvm::raw_ostream &OS) const { OS << Tasks.size() << " tasks"; }
  const Held *find(const StorageLocation &L) const {
    for (const Held &H : Tasks)
      if (H.Task.sameAs(L))
        return &H;
    return nullptr;
  }
  void forget(const StorageLocation &L) {
    llvm::erase_if(Tasks, [&](const Held &H) {
      return H.Task.sameAs(L) || H.Task.dependsOn(L);
    });
  }
  void set(Held H) {
    forget(H.Task);
    Tasks.push_back(std::move(H));
    llvm::sort(Tasks);
  }
};

/// Where the file stores creations of a field or global: the first one
/// that starts its thread, and whether any leaves it asleep.
struct SlotCreations {
  const Stmt *FirstRun = nullptr;
  const FunctionDecl *RunIn = nullptr;
  bool AnyAsleep = false;
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, const KthreadApi &Api,
           const CreationRecognizer &Creations,
           llvm::ArrayRef<FunctionCfg> Functions)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Api(Api), Creations(Creations),
        Functions(Functions) {}
  std::vector<BindAfterStartFinding> run();

private:
  void findSlotCreations();
  void walk(const FunctionCfg &F);
  void transferStore(const Stmt *S, StartState &State) const;
  void report(const FunctionCfg &F, const CallExpr *Bind, const Held *Start,
              const SlotCreations *Slot);
  std::optional<BindAfterStartFinding::Fix>
  fixFor(const FunctionCfg &F, const CallExpr *Bind, const Held &Start) const;
  std::string startApi(const Stmt *By) const;
  SourceLocation startLoc(const Stmt *By) const;

  ASTContext &Ctx;
  const SourceManager &SM;
  const KthreadApi &Api;
  const CreationRecognizer &Creations;
  llvm::ArrayRef<FunctionCfg> Functions;
  llvm::DenseMap<const ValueDecl *, SlotCreations> Slots;
  std::map<const CallExpr *, BindAfterStartFinding> Found;
};

void Analysis::findSlotCreations() {
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Store &Write : storesOf(S)) {
        const ValueDecl *Slot = Write.Target ? Write.Target->slot() : nullptr;
        std::optional<Creation> C = Slot && Write.Value
                                        ? Creations.recognize(Write.Value)
                                        : std::nullopt;
        if (!C || C->makesWorker())
          continue;
        SlotCreations &Made = Slots[Slot];
        if (C->startsAsleep())
          Made.AnyAsleep = true;
        else if (!Made.FirstRun)
          Made = {S, F.FD, Made.AnyAsleep};
      }
    });
}

void Analysis::transferStore(const Stmt *S, StartState &State) const {
  for (const Store &Write : storesOf(S)) {
    if (!Write.Target)
      continue;
    State.forget(*Write.Target);
    if (!Write.Value)
      continue;
    if (std::optional<Creation> C = Creations.recognize(Write.Value)) {
      if (!C->makesWorker())
        State.set({*Write.Target, S, !C->startsAsleep()});
    } else if (std::optional<StorageLocation> From =
                   StorageLocation::of(Write.Value)) {
      if (const Held *Copied = State.find(*From))
        State.set({*Write.Target, Copied->By, Copied->Running});
    }
  }
}

void Analysis::walk(const FunctionCfg &F) {
  if (!callsRole(F, Api, Role::Bind))
    return;
  auto Transfer = [&](const CFGBlock *, unsigned, const Stmt *S,
                      StartState &State) {
    const auto *Call = dyn_cast<CallExpr>(S);
    const ApiEntry *E = Call ? Api.lookup(Call) : nullptr;
    std::optional<StorageLocation> Task =
        E && E->Arg < Call->getNumArgs()
            ? StorageLocation::of(Call->getArg(E->Arg))
            : std::nullopt;
    if (E && E->What == Role::Wake && Task) {
      State.set({*Task, Call, true});
    } else if (E && E->What == Role::Bind && Task) {
      if (const Held *Start = State.find(*Task)) {
        if (Start->Running)
          report(F, Call, Start, nullptr);
      } else if (auto It = Slots.find(Task->slot());
                 Task->slot() && It != Slots.end() && It->second.FirstRun &&
                 !It->second.AnyAsleep) {
        report(F, Call, nullptr, &It->second);
      }
    }
    transferStore(S, State);
    return true;
  };
  auto Branch = [](const CFGBlock *B, StartState &State,
                   Successors<StartState> &Next) { Next.pushAll(B, State); };
  walkPaths(*F.Cfg, &F.Cfg->getEntry(), 0, StartState(), Transfer, Branch);
}

/// Where \p By starts the thread: the wake-up call, or the creation in a
/// store.
SourceLocation Analysis::startLoc(const Stmt *By) const {
  for (const Store &Write : storesOf(By))
    if (Write.Value)
      return SM.getFileLoc(Write.Value->getBeginLoc());
  return SM.getFileLoc(By->getBeginLoc());
}

std::string Analysis::startApi(const Stmt *By) const {
  if (const auto *Call = dyn_cast<CallExpr>(By))
    return nameAsWritten(Call, Api, Ctx);
  for (const Store &Write : storesOf(By))
    if (Write.Value)
      if (std::optional<Creation> C = Creations.recognize(Write.Value))
        return C->Api;
  return "kthread_run";
}

void Analysis::report(const FunctionCfg &F, const CallExpr *Bind,
                      const Held *Start, const SlotCreations *Slot) {
  if (Found.count(Bind))
    return;
  BindAfterStartFinding Finding;
  Finding.Loc = SM.getFileLoc(Bind->getBeginLoc());
  Finding.Bind = nameAsWritten(Bind, Api, Ctx);
  Finding.Task = spelledText(Bind->getArg(0), Ctx);
  const Stmt *By = Start ? Start->By : Slot->FirstRun;
  Finding.StartApi = startApi(By);
  Finding.StartLoc = startLoc(By);
  if (Slot && Slot->RunIn != F.FD)
    Finding.StartFunction = Slot->RunIn->getNameAsString();
  if (Start)
    Finding.FixIt = fixFor(F, Bind, *Start);
  Found.emplace(Bind, std::move(Finding));
}

/// `t = kthread_run(...);` directly followed by `kthread_bind(t, ...);` in
/// the same block: create asleep, bind, then wake.
std::optional<BindAfterStartFinding::Fix>
Analysis::fixFor(const FunctionCfg &F, const CallExpr *Bind,
                 const Held &Start) const {
  ParentMap Parents(F.FD->getBody());
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Parents.getParent(Bind));
  if (!Block || Bind->getBeginLoc().isMacroID())
    return std::nullopt;
  const Stmt *Previous = nullptr;
  for (const Stmt *Child : Block->body()) {
    if (Child == Bind)
      break;
    Previous = Child;
  }
  if (Previous != Start.By)
    return std::nullopt;
  llvm::SmallVector<Store, 1> Writes = storesOf(Previous);
  if (Writes.size() != 1 || !Writes[0].Value)
    return std::nullopt;
  SourceLocation RunLoc =
      SM.getExpansionLoc(Writes[0].Value->IgnoreParens()->getBeginLoc());
  CharSourceRange RunName = CharSourceRange::getCharRange(
      RunLoc, RunLoc.getLocWithOffset(StringRef("kthread_run").size()));
  if (!SM.isInMainFile(RunLoc) ||
      Lexer::getSourceText(RunName, SM, Ctx.getLangOpts()) != "kthread_run")
    return std::nullopt;
  // The task must be spelled the same at the creation and at the bind.
  std::string Task = spelledText(Bind->getArg(0), Ctx);
  const auto *Assign = dyn_cast<BinaryOperator>(Previous);
  const auto *Decl = dyn_cast<DeclStmt>(Previous);
  std::string Stored =
      Assign ? spelledText(Assign->getLHS(), Ctx)
      : Decl && Decl->isSingleDecl()
          ? cast<NamedDecl>(Decl->getSingleDecl())->getNameAsString()
          : "";
  SourceLocation AfterBind = Lexer::findLocationAfterToken(
      SM.getFileLoc(Bind->getEndLoc()), tok::semi, SM, Ctx.getLangOpts(),
      /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (Task.empty() || Task != Stored || AfterBind.isInvalid())
    return std::nullopt;
  SourceLocation BindLoc = SM.getFileLoc(Bind->getBeginLoc());
  unsigned Column = SM.getSpellingColumnNumber(BindLoc);
  StringRef Indent =
      Lexer::getSourceText(CharSourceRange::getCharRange(
                               BindLoc.getLocWithOffset(1 - Column), BindLoc),
                           SM, Ctx.getLangOpts());
  if (Indent.find_first_not_of(" \t") != StringRef::npos)
    return std::nullopt;
  return BindAfterStartFinding::Fix{RunName, AfterBind,
                                    "\n" + Indent.str() + "wake_up_process(" +
                                        Task + ");"};
}

std::vector<BindAfterStartFinding> Analysis::run() {
  findSlotCreations();
  for (const FunctionCfg &F : Functions)
    walk(F);
  std::vector<BindAfterStartFinding> Out;
  for (auto &[Call, Finding] : Found)
    Out.push_back(std::move(Finding));
  llvm::sort(
      Out, [&](const BindAfterStartFinding &L, const BindAfterStartFinding &R) {
        return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
      });
  return Out;
}

} // namespace

std::vector<BindAfterStartFinding>
findBindsAfterStart(ASTContext &Ctx, const KthreadApi &Api,
                    const CreationRecognizer &Creations,
                    llvm::ArrayRef<FunctionCfg> Functions) {
  return Analysis(Ctx, Api, Creations, Functions).run();
}

} // namespace kthread
