//===--- AtomicContext.h - Sleeping kthread calls in atomic context -------===//
//
// kthread_stop(), kthread_park() and the worker flush and destroy wait for
// another thread, so they sleep; reached with a spinlock or rwlock held,
// with interrupts, bottom halves or preemption disabled, in an RCU
// read-side section, or in an interrupt handler, timer callback or tasklet
// the file registers, they schedule in atomic context ("BUG: sleeping
// function called from invalid context", "scheduling while atomic").
//
// The walk is path-sensitive: each path carries what it holds; an unlock
// releases the matching lock (the same storage), a trylock holds its lock
// on its success branch only. The file's functions that may sleep, through
// the sleeping calls or through each other, are summarised first, so that
// a helper that stops a thread is a sleeping call too.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_ATOMICCONTEXT_H
#define KTHREAD_TIDY_LIB_ATOMICCONTEXT_H

#include "FunctionCfg.h"
#include "KthreadApi.h"
#include "clang/AST/ASTContext.h"
#include <string>
#include <vector>

namespace kthread {

/// What made a path atomic: a lock taken, interrupts disabled, or the
/// function running as a callback in atomic context.
struct AtomicHold {
  AtomicKind Kind = AtomicKind::None;
  /// The call that entered it (the lock, the local_irq_save), or for a
  /// callback the call that registered the function.
  clang::SourceLocation Where;
  /// What the user wrote: "spin_lock_irqsave", "request_irq".
  std::string Api;
  /// The lock as written (`d->lock`), empty for the other kinds.
  std::string Lock;
  /// For a callback: the function registered.
  std::string Callback;
};

struct AtomicSleepFinding {
  /// The sleeping call: the kthread call, or the file's helper that
  /// reaches one.
  clang::SourceLocation Loc;
  std::string Callee;
  /// For a helper: the sleeping kthread call it reaches, and where.
  std::string Inner;
  clang::SourceLocation InnerLoc;
  /// A stop, park or worker call, rather than a SleepingFunctions one.
  bool WaitsForThread = true;
  AtomicHold Hold;
  /// The function the call is in.
  std::string Function;
};

/// The calls of \p Functions that sleep in atomic context, one per call,
/// in source order.
std::vector<AtomicSleepFinding>
findSleepsInAtomic(clang::ASTContext &Ctx, const KthreadApi &Api,
                   llvm::ArrayRef<FunctionCfg> Functions);

} // namespace kthread

#endif
