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

#include "AtomicContext.h"
#include "BindAfterStart.h"
#include "ThreadLeak.h"
#include "Creation.h"
#include "ErrPtrFlow.h"
#include "FunctionCfg.h"
#include "KthreadApi.h"
#include "LoopStop.h"
#include "LostWakeup.h"
#include "StopDeadlock.h"
#include "StopFlow.h"
#include "StopSites.h"
#include "StoppedThreads.h"
#include "ThreadExit.h"
#include "TreeIndex.h"
#include "UseAfterStop.h"
#include "WaitStop.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include <map>
#include <memory>
#include <optional>
#include <utility>

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

/// A thread this file creates, stores in a field or global, with a thread
/// function another file defines.
struct ForeignThread {
  const clang::ValueDecl *Slot;
  const clang::FunctionDecl *Thread;
  std::string CreateName;
  clang::SourceLocation CreationLoc;
};

/// A call in another file of the tree that throws away the result of one
/// of this file's functions, through a field of an ops table.
struct ExternalCall {
  clang::SourceLocation Loc;
  std::string Caller;
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

  /// A model of \p Ctx that a check holds, built with any options.
  static std::shared_ptr<FactModel> existing(const clang::ASTContext &Ctx);

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
  /// The function that one of \p Fields holds in the file-scope table
  /// (a top-level initializer) that also stores \p FD: a probe's remove.
  const clang::FunctionDecl *
  tableSibling(const clang::FunctionDecl *FD,
               std::initializer_list<llvm::StringRef> Fields) const;
  /// Whether \p FD runs as a callback of a file-scope ops table, itself or
  /// through the file's functions that call it: the subsystem may call it
  /// again on the same object after it failed (a second open()).
  bool runsAsCallback(const clang::FunctionDecl *FD) const;
  /// Whether \p FD is exported to other modules (EXPORT_SYMBOL*), itself or
  /// through the file's functions that call it: they may call it again on
  /// the same object after it failed.
  bool runsExported(const clang::FunctionDecl *FD) const;

  /// What this file tells the other files of its tree (TreeIndex.h).
  FileSummary summary();
  /// The record type of the ops table a field of which stores \p FD (a
  /// net_device_ops' open), or "" when none does, or when one stores it as
  /// a driver's probe (after a failed probe, nothing of the object runs).
  std::string callbackTableOf(const clang::FunctionDecl *FD) const;
  /// The names of the table fields that store \p FD (`probe`, `ndo_open`).
  std::vector<std::string> tableFieldsOf(const clang::FunctionDecl *FD) const;
  /// \p Loc as a place of the tree: absolute path, line, column.
  SourcePlace placeOf(clang::SourceLocation Loc) const;
  /// ERR_PTRs that other files' creating functions may leave in the task
  /// fields this file uses, from the tree index.
  struct ExternalStoredErrPtr {
    const clang::FieldDecl *Slot;
    StoredErrPtr Fact;
    clang::SourceLocation CreationLoc, ExitLoc, ErrTestLoc;
  };
  llvm::ArrayRef<ExternalStoredErrPtr> externalStoredErrPtrs() const {
    return ExternalStored;
  }
  /// Stopped tasks that other files' failing callbacks may leave in the
  /// task fields this file uses, from the tree index.
  struct ExternalStaleStop {
    const clang::FieldDecl *Slot;
    StaleStop Fact;
    clang::SourceLocation StopLoc, ExitLoc;
  };
  llvm::ArrayRef<ExternalStaleStop> externalStaleStops() const {
    return ExternalStale;
  }
  /// Calls in other files, from the tree index, that throw away \p FD's
  /// result through a field of one of this file's ops tables.
  llvm::ArrayRef<ExternalCall>
  ignoredElsewhere(const clang::FunctionDecl *FD) const;
  /// Threads created here whose function another file defines.
  llvm::ArrayRef<ForeignThread> foreignThreads() const {
    return ForeignThreads;
  }
  /// The exits before a stop check of \p Thread, defined in another file,
  /// from the tree index.
  llvm::ArrayRef<clang::SourceLocation>
  externalExitsOf(const clang::FunctionDecl *Thread) const;
  /// Why the tree index could not be read; given once.
  std::optional<std::string> takeIndexProblem() {
    return std::exchange(IndexProblem, std::nullopt);
  }

  const std::vector<ErrPtrFinding> &errPtrMisuse();
  const ErrPtrResults &errPtrResults();
  const std::vector<DoubleStopFinding> &doubleStops();
  const std::vector<EarlyExitFinding> &stopsAfterExit();
  const std::vector<WaitFinding> &
  waitsWithoutStop(bool InterruptibleEndsOnStop);
  const std::vector<LoopFinding> &loopsWithoutStop();
  const std::vector<ForeignExitFinding> &stopsOfForeignThreads();
  const std::vector<AtomicSleepFinding> &sleepsInAtomic();
  const std::vector<LostWakeupFinding> &lostWakeups();
  const std::vector<StopDeadlockFinding> &stopDeadlocks();
  const std::vector<BindAfterStartFinding> &bindsAfterStart();
  const std::vector<ThreadLeakFinding> &threadLeaks();
  const std::vector<UseAfterStopFinding> &usesAfterStop();
  const UseAfterStopResults &useAfterStopResults();

private:
  /// What the model holds, for the "model" trace.
  std::string description() const;
  void findOpsTables();
  void findCalls();
  void findTaskFields();
  void readIndex(const std::string &Path);
  void findCreationStores();
  /// The task fields \p F stores NULL in on every path to its end, each
  /// with a place that does.
  std::vector<std::pair<const clang::FieldDecl *, clang::SourceLocation>>
  clearedOnEveryExit(const FunctionCfg &F) const;
  bool threadClears(const clang::FunctionDecl *Thread,
                    const clang::FieldDecl *Field) const;
  /// The task fields and globals that every thread function stored in
  /// them clears before it returns: once kthread_stop() returned, they
  /// hold NULL.
  llvm::SmallPtrSet<const clang::ValueDecl *, 4> slotsClearedByThread() const;
  /// \p P as a location, the file entering the source manager if need be.
  clang::SourceLocation locationOf(const SourcePlace &P);

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
  /// `p = kthread_run(fn, ...)`: where the file stores a creation's task.
  struct CreationStore {
    const clang::ValueDecl *Slot;
    /// The thread function, when the creation names one.
    const clang::FunctionDecl *Thread;
    const clang::FunctionDecl *In;
    std::string Api;
    clang::SourceLocation Loc;
  };
  std::vector<CreationStore> CreationStores;
  std::vector<ForeignThread> ForeignThreads;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::vector<clang::SourceLocation>>
      ExternalExits;
  /// Calls through a function-pointer field not set in this file, whose
  /// result is thrown away: facts for the functions other files store there.
  std::vector<std::pair<const clang::FieldDecl *, CallSite>> DroppedIndirect;
  /// Read from the tree index.
  std::map<std::string, std::vector<ClearOnExit>> ExternalClears;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<ExternalCall>>
      ExternalIgnored;
  std::optional<std::string> IndexProblem;
  std::vector<ExternalStoredErrPtr> ExternalStored;
  std::vector<ExternalStaleStop> ExternalStale;
  /// The task fields the file's functions name, in order of appearance.
  std::vector<const clang::FieldDecl *> TaskFieldsUsed;
  llvm::DenseMap<const clang::FieldDecl *,
                 llvm::SmallVector<const clang::FunctionDecl *, 2>>
      FieldFunctions;
  /// Each top-level table's own fields that store a function.
  using TableEntries = llvm::SmallVector<
      std::pair<const clang::FieldDecl *, const clang::FunctionDecl *>, 4>;
  std::vector<TableEntries> Tables;

  std::optional<ErrPtrResults> ErrPtrs;
  std::optional<std::vector<DoubleStopFinding>> DoubleStops;
  std::optional<std::vector<EarlyExitFinding>> EarlyExits;
  std::optional<std::vector<WaitFinding>> Waits[2];
  std::optional<std::vector<LoopFinding>> Loops;
  std::optional<std::vector<ForeignExitFinding>> ForeignExits;
  std::optional<std::vector<AtomicSleepFinding>> AtomicSleeps;
  std::optional<std::vector<LostWakeupFinding>> LostWakeups;
  std::optional<std::vector<StopDeadlockFinding>> StopDeadlocks;
  std::optional<std::vector<BindAfterStartFinding>> BindsAfterStart;
  std::optional<std::vector<ThreadLeakFinding>> ThreadLeaks;
  std::optional<UseAfterStopResults> UsesAfterStop;
};

} // namespace kthread

#endif
