//===--- DoubleStopCheck.h - kthread-double-stop --------------------------===//
//
// kthread_stop() applied twice to one task on a path with no re-assignment of
// the pointer in between: a use-after-free of an unpinned task, a hang on a
// pinned one.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_DOUBLESTOPCHECK_H
#define KTHREAD_TIDY_CHECKS_DOUBLESTOPCHECK_H

#include "KthreadCheck.h"

namespace kthread {

class DoubleStopCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  void checkModel(FactModel &Model) override;
};

} // namespace kthread

#endif
