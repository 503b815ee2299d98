//===--- StopAfterExitCheck.h - kthread-stop-after-exit ----------------===//
//
// A thread function that can return before kthread_should_stop() is true,
// while the file stops its task with kthread_stop() and never pinned it:
// kthread_stop() on an already exited thread uses a freed task_struct.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_STOPAFTEREXITCHECK_H
#define KTHREAD_TIDY_CHECKS_STOPAFTEREXITCHECK_H

#include "ThreadCheck.h"

namespace kthread {

class StopAfterExitCheck : public ThreadCheck {
public:
  using ThreadCheck::ThreadCheck;

protected:
  void checkModel(FactModel &Model) override;
};

} // namespace kthread

#endif
