//===--- StoppedThreads.h - Thread functions that the file stops ----------===//
//
// The checks about a thread's own code (how it leaves, how it sleeps) matter
// only for threads that someone stops: a thread function started by a
// creation whose task the file later passes to kthread_stop().
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_STOPPEDTHREADS_H
#define KTHREAD_TIDY_LIB_STOPPEDTHREADS_H

#include "Creation.h"
#include "FunctionCfg.h"
#include "KthreadApi.h"
#include "Locations.h"
#include "StopSites.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <string>
#include <vector>

namespace kthread {

/// The stop checks of a file: kthread_should_stop() and the like, and the
/// file's functions that return one (`return kthread_should_stop() || x;`).
class StopChecks {
public:
  StopChecks(const KthreadApi &Api, llvm::ArrayRef<FunctionCfg> Functions);
  bool isStopCheck(const clang::CallExpr *Call) const;
  /// Whether \p S contains a stop check anywhere.
  bool mentions(const clang::Stmt *S) const;

private:
  const KthreadApi &Api;
  llvm::SmallPtrSet<const clang::FunctionDecl *, 8> Helpers;
};

struct StopCall {
  StorageLocation Task;
  /// Where a local copy stopped here came from (Stop::Origin).
  std::optional<StorageLocation> Origin;
  /// The task as written at the stop, e.g. "dev->thread".
  std::string Pointer;
  std::string Function;
  clang::SourceLocation Loc;
  const clang::FunctionDecl *Caller;
};

struct StoppedThread {
  const FunctionCfg *Thread;
  std::string CreateName;
  clang::SourceLocation CreationLoc;
  /// Where the creation stores the task.
  StorageLocation Task;
  /// Every stop of that task in the file.
  std::vector<const StopCall *> Stops;
  /// Whether the thread function may run at all: a thread created asleep
  /// that nothing wakes is stopped before it starts, and kthread() then
  /// returns -EINTR without calling it.
  bool Runs;
};

/// A function that runs in a stopped thread: its thread function, or a file
/// function that the thread function calls, transitively.
struct ThreadCode {
  const FunctionCfg *Function;
  const StoppedThread *Thread;
};

/// Where a finding in thread code sits, for its notes.
struct ThreadPlace {
  std::string ThreadFunction;
  /// The file function the finding is in, when not the thread function.
  std::string Helper;
  std::string CreateName;
  clang::SourceLocation CreationLoc;
  /// A kthread_stop() of the thread.
  clang::SourceLocation StopLoc;
};

ThreadPlace placeOf(const ThreadCode &Code);

/// Whether \p Thread lets signals in (allow_signal() and friends): then an
/// interrupted sleep need not mean that kthread_stop() was called.
bool takesSignals(const clang::FunctionDecl *Thread, const KthreadApi &Api);

/// The successor \p B takes when its branch finds a park request
/// (`kthread_should_park()` true), or null. kthread_stop() unparks the
/// thread, so a stopped thread never takes it unless parked again.
const clang::CFGBlock *parkRequestedSuccessor(const clang::CFGBlock *B,
                                              const KthreadApi &Api);

/// Blocks of \p Cfg from which its exit can be reached; with \p Stopped,
/// only by paths a stopped thread can take (no park-requested branch).
llvm::SmallPtrSet<const clang::CFGBlock *, 32>
blocksReachingExit(const clang::CFG &Cfg, bool Stopped, const KthreadApi &Api);

/// Whether any of \p Functions calls kthread_park().
bool parksThreads(llvm::ArrayRef<FunctionCfg> Functions, const KthreadApi &Api);

/// Whether \p Compare compares with -ERESTARTSYS or -EINTR, the result of an
/// interrupted sleep.
bool comparesWithInterruption(const clang::BinaryOperator *Compare,
                              const clang::ASTContext &Ctx);

class StoppedThreads {
public:
  StoppedThreads(clang::ASTContext &Ctx, llvm::ArrayRef<FunctionCfg> Functions,
                 const StopSites &Sites, const CreationRecognizer &Creations,
                 const KthreadApi &Api);
  llvm::ArrayRef<StoppedThread> threads() const { return Threads; }
  const FunctionCfg *cfgOf(const clang::FunctionDecl *FD) const;
  /// Each function once, with the first thread that runs it (threads that
  /// never run have no code).
  std::vector<ThreadCode> threadCode() const;

private:
  std::vector<StorageLocation>
  fieldsCopiedFrom(const FunctionCfg &F, const StorageLocation &Local) const;
  void addThread(const FunctionCfg &Thread, const Creation &C,
                 clang::SourceLocation CreationLoc, const StorageLocation &Task,
                 llvm::ArrayRef<StorageLocation> AllPlaces,
                 const KthreadApi &Api);

  llvm::ArrayRef<FunctionCfg> Functions;
  std::vector<StopCall> Stops;
  std::vector<StoppedThread> Threads;
};

} // namespace kthread

#endif
