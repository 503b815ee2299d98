//===--- FactModel.h - One translation unit's kthread facts ---------------===//
//
// Built once per translation unit and shared by every check (and so by the
// plugin, kthread-clangd and kthread-audit alike): the CFGs of the main
// file's functions, the API table, and the facts the analyses share (task
// pins, stop sites and stop helpers, stop checks, creations and creation
// helpers, the threads the file stops and the code they run). Each analysis
// runs at most once, when a check first asks for its findings; checks are
// queries over the model.
//
// KTHREAD_TIDY_TRACE=model says when a model is built and when each analysis
// runs, which is how a test shows that nothing is computed twice.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_FACTMODEL_H
#define KTHREAD_TIDY_LIB_FACTMODEL_H

#include "Creation.h"
#include "ErrPtrFlow.h"
#include "FunctionCfg.h"
#include "KthreadApi.h"
#include "LoopStop.h"
#include "StopFlow.h"
#include "StopSites.h"
#include "StoppedThreads.h"
#include "ThreadExit.h"
#include "WaitStop.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include <memory>
#include <optional>

namespace kthread {

/// A call of one of the file's functions, directly or through a
/// function-pointer field that a file-scope table (`static const struct
/// foo_ops ops = { .init = foo_init }`) sets to it.
struct CallSite {
  const clang::CallExpr *Call;
  const clang::FunctionDecl *Caller;
  /// The result is thrown away (the call is a statement of its own).
  bool ResultIgnored;
  /// Through a field of an ops table rather than by name.
  bool Indirect;
};

class FactModel {
public:
  /// The model of \p Ctx's translation unit for the API \p Options give,
  /// built on first use from \p Functions (the main file's definitions, in
  /// source order) and shared with every later caller with the same
  /// options, as long as one of them holds it.
  static std::shared_ptr<FactModel>
  of(clang::ASTContext &Ctx,
     llvm::ArrayRef<const clang::FunctionDecl *> Functions,
     const ApiOptions &Options);

  FactModel(clang::ASTContext &Ctx,
            llvm::ArrayRef<const clang::FunctionDecl *> Functions,
            const ApiOptions &Options);

  clang::ASTContext &context() const { return Ctx; }
  const clang::SourceManager &sourceManager() const {
    return Ctx.getSourceManager();
  }
  /// \p Loc where the user wrote it (outside macro bodies).
  clang::SourceLocation userLoc(clang::SourceLocation Loc) const {
    return Loc.isValid() ? Ctx.getSourceManager().getFileLoc(Loc) : Loc;
  }
  const KthreadApi &api() const { return Api; }
  llvm::ArrayRef<FunctionCfg> functions() const { return Functions; }
  const FunctionCfg *cfgOf(const clang::FunctionDecl *FD) const;

  const TaskPins &pins() const { return *Pins; }
  const StopSites &stops() const { return *Stops; }
  const StopChecks &stopChecks() const { return *Checks; }
  const CreationRecognizer &creations() const { return *Creations; }
  const StoppedThreads &stoppedThreads() const { return *Threads; }
  /// Whether a function of the file calls kthread_park().
  bool parksThreads() const { return FileParks; }
  /// Whether no path through \p FD returns (a `while (1)` server loop).
  bool isEndless(const clang::FunctionDecl *FD) const;
  /// Every call in the file of the file's function \p FD.
  llvm::ArrayRef<CallSite> callsOf(const clang::FunctionDecl *FD) const;
  /// The file's functions that file-scope tables store in \p Field.
  llvm::ArrayRef<const clang::FunctionDecl *>
  functionsIn(const clang::FieldDecl *Field) const;
  /// Whether \p FD runs as a callback of a file-scope ops table, itself or
  /// through the file's functions that call it: the subsystem may call it
  /// again on the same object after it failed (a second open()).
  bool runsAsCallback(const clang::FunctionDecl *FD) const;

  const std::vector<ErrPtrFinding> &errPtrMisuse();
  const std::vector<DoubleStopFinding> &doubleStops();
  const std::vector<EarlyExitFinding> &stopsAfterExit();
  const std::vector<WaitFinding> &
  waitsWithoutStop(bool InterruptibleEndsOnStop);
  const std::vector<LoopFinding> &loopsWithoutStop();

private:
  void traceAnalysis(llvm::StringRef Name) const;
  void findOpsTables();
  void findCalls();

  clang::ASTContext &Ctx;
  KthreadApi Api;
  std::vector<const clang::FunctionDecl *> Definitions;
  std::vector<FunctionCfg> Functions;
  std::optional<TaskPins> Pins;
  std::optional<StopSites> Stops;
  std::optional<StopChecks> Checks;
  std::optional<CreationRecognizer> Creations;
  std::optional<StoppedThreads> Threads;
  llvm::SmallPtrSet<const clang::FunctionDecl *, 4> Endless;
  bool FileParks = false;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<CallSite>> Calls;
  llvm::DenseMap<const clang::FieldDecl *,
                 llvm::SmallVector<const clang::FunctionDecl *, 2>>
      FieldFunctions;

  std::optional<std::vector<ErrPtrFinding>> ErrPtrs;
  std::optional<std::vector<DoubleStopFinding>> DoubleStops;
  std::optional<std::vector<EarlyExitFinding>> EarlyExits;
  std::optional<std::vector<WaitFinding>> Waits[2];
  std::optional<std::vector<LoopFinding>> Loops;
};

} // namespace kthread

#endif
