//===--- ModeGuards.h - Code that runs only in one mode of a driver -------===//
//
// Drivers often run one kind of thread or another by a mode kept in a global
// or a field (`hwlat_data.thread_mode == MODE_ROUND_ROBIN`), and change the
// mode only while their threads are stopped. A call that every path reaches
// through the same branch of a test of such a mode against a constant runs
// only in that mode; two calls whose modes contradict (== A and == B, or
// == A and != A) never meet. The facts are per call: the tests that guard it
// in its own function, and, for a function that the file calls by name only,
// the tests that guard every call of it, up the call chain.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_MODEGUARDS_H
#define KTHREAD_TIDY_LIB_MODEGUARDS_H

#include "FunctionCfg.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>
#include <vector>

namespace kthread {

/// `mode == K` (Equal) or `mode != K`, for a mode slot: a global or field.
struct ModeGuard {
  const clang::ValueDecl *Mode;
  llvm::APSInt Value;
  bool Equal;
  /// Whether no state satisfies both this and \p O.
  bool contradicts(const ModeGuard &O) const;
};

class ModeGuards {
public:
  ModeGuards(clang::ASTContext &Ctx, llvm::ArrayRef<FunctionCfg> Functions);
  /// The guards of block \p B of \p F: the tested edges every path from
  /// the entry to \p B takes.
  std::vector<ModeGuard> within(const FunctionCfg &F,
                                const clang::CFGBlock *B) const;
  /// Whether every path to block \p B of \p F takes one branch of a test
  /// of a value fixed at the function's start from a field (`int id =
  /// kd->id; ... if (!id)`): in a thread function, \p B then runs in some
  /// instances of the thread only.
  bool dependsOnInstance(const FunctionCfg &F, const clang::CFGBlock *B) const;
  /// Whether every way to reach block \p B of \p F passes a guard that
  /// contradicts one of \p Guards: its own function's, or those of every
  /// call of \p F in the file (when the file's calls are all its calls).
  bool excludedBy(llvm::ArrayRef<ModeGuard> Guards, const FunctionCfg &F,
                  const clang::CFGBlock *B) const;

private:
  bool excluded(llvm::ArrayRef<ModeGuard> Guards, const FunctionCfg &F,
                const clang::CFGBlock *B, unsigned Depth) const;
  std::optional<ModeGuard> guardOf(const clang::CFGBlock *B,
                                   unsigned Successor) const;
  /// Whether the file's calls of \p FD are all its calls: it is static and
  /// the main file never takes its address.
  bool callersKnown(const clang::FunctionDecl *FD) const;

  clang::ASTContext &Ctx;
  struct Call {
    const FunctionCfg *Caller;
    const clang::CFGBlock *Block;
  };
  /// The calls of each function, by the file's functions.
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<Call>> Calls;
  /// Each function's locals fixed at its start, found on first use.
  mutable llvm::DenseMap<const clang::FunctionDecl *,
                         llvm::SmallPtrSet<const clang::VarDecl *, 4>>
      InstanceConstants;
  /// The functions whose address the main file takes, found on first use.
  mutable std::optional<llvm::SmallPtrSet<const clang::FunctionDecl *, 16>>
      Escaped;
};

} // namespace kthread

#endif
