//===--- BindAfterStartCheck.h - kthread-bind-after-start -----------------===//
//
// kthread_bind() and kthread_bind_mask() on a thread that already runs (a
// kthread_run() result, a task after wake_up_process()): the bind WARNs
// and leaves the thread unbound.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_BINDAFTERSTARTCHECK_H
#define KTHREAD_TIDY_CHECKS_BINDAFTERSTARTCHECK_H

#include "KthreadCheck.h"

namespace kthread {

class BindAfterStartCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  void checkModel(FactModel &Model) override;
};

} // namespace kthread

#endif
