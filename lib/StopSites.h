//===--- StopSites.h - Which task each call of a file stops ---------------===//
//
// A task is stopped by a call of a stop function (kthread_stop() and the
// project's own), or by a call of a file function that stops its argument,
// or a field reached from it, on every path on which the task is not NULL:
// `stop_worker(dev)`, `stop_thread(&dev->thread)`. Each stop names the place
// that holds the task as the caller sees it, so that it can be matched with
// the creation that stored the task there.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_STOPSITES_H
#define KTHREAD_TIDY_LIB_STOPSITES_H

#include "FunctionCfg.h"
#include "KthreadApi.h"
#include "Locations.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

namespace kthread {

/// One stop call: `kthread_stop(p)`, or a call of a file function that
/// stops its argument (or a field of it) on every path.
struct StopSite {
  clang::SourceLocation Loc;
  /// The callee: a stop function or the file's helper.
  std::string Stopper;
  /// For a helper: the stop function it calls, and where.
  std::string Inner;
  clang::SourceLocation InnerLoc;
};

struct Stop {
  StorageLocation Task;
  /// For a local that only ever holds a copy of a field or global
  /// (`t = dev->thread; dev->thread = NULL; kthread_stop(t);`): where the
  /// task came from, which names the thread the stop is for.
  std::optional<StorageLocation> Origin;
  /// The task as the user would write it: `t`, `dev->thread`.
  std::string Pointer;
  StopSite Site;
  /// Whether the place may still hold the stopped task afterwards: false
  /// for a helper that clears it on every path.
  bool LeavesStale = true;
};

class StopSites {
public:
  /// \p ClearedByThread: the places whose thread stores NULL in them
  /// before it returns, which a stop therefore leaves NULL.
  StopSites(
      clang::ASTContext &Ctx, const KthreadApi &Api,
      llvm::ArrayRef<FunctionCfg> Functions,
      const llvm::SmallPtrSetImpl<const clang::ValueDecl *> &ClearedByThread);
  /// The stops that \p S, a call, performs.
  llvm::SmallVector<Stop, 1> stopsOf(const clang::Stmt *S) const;

  /// A stop that a file function performs on every path on which the task
  /// pointer is not NULL: on its parameter, or on a field reached from it.
  struct HelperStop {
    unsigned Param;
    /// Where the task is, with the parameter as root.
    StorageLocation Task;
    std::string Inner;
    clang::SourceLocation InnerLoc;
    bool LeavesStale;
    bool operator==(const HelperStop &O) const {
      return Param == O.Param && Task == O.Task && Inner == O.Inner &&
             InnerLoc == O.InnerLoc && LeavesStale == O.LeavesStale;
    }
  };

private:
  clang::ASTContext &Ctx;
  const KthreadApi &Api;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<HelperStop>> Helpers;
  /// Locals assigned once, from a field or a global.
  llvm::DenseMap<const clang::VarDecl *, StorageLocation> Copies;
  llvm::SmallPtrSet<const clang::ValueDecl *, 4> ClearedByThread;

  void findCopies(llvm::ArrayRef<FunctionCfg> Functions);
  std::vector<HelperStop> summarise(const FunctionCfg &F) const;
  bool stopsOnEveryPath(const FunctionCfg &F,
                        const StorageLocation &Task) const;
  bool leavesStale(const FunctionCfg &F, const clang::CFGBlock *B,
                   unsigned Index, const StorageLocation &Task) const;
  std::string describeStopped(const clang::Expr *Arg,
                              const HelperStop &H) const;
};

} // namespace kthread

#endif
