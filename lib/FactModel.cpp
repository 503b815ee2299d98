//===--- FactModel.cpp ----------------------------------------------------===//

#include "FactModel.h"
#include "Engine.h"
#include "Trace.h"
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
  Threads.emplace(Ctx, Functions, *Stops, *Creations);
  FileParks = kthread::parksThreads(Functions, Api);
  for (const FunctionCfg &F : Functions)
    if (!blocksReachingExit(*F.Cfg, /*Stopped=*/false, Api)
             .count(&F.Cfg->getEntry()))
      Endless.insert(F.FD->getCanonicalDecl());
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
