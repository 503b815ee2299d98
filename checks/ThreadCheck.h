//===--- ThreadCheck.h - Checks about a stopped thread's own code ---------===//
//
// kthread-stop-after-exit, kthread-wait-without-stop-condition and
// kthread-loop-without-stop-check judge the code of thread functions that
// the file stops; they share the notes that place a finding in its thread.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_THREADCHECK_H
#define KTHREAD_TIDY_CHECKS_THREADCHECK_H

#include "KthreadCheck.h"

namespace kthread {

class ThreadCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  /// Notes that place a finding at \p Loc in its thread: the helper it is
  /// in, where the thread starts, and a stop that waits for it.
  void noteThread(clang::SourceLocation Loc, const ThreadPlace &Place);
};

} // namespace kthread

#endif
