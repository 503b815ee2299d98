//===--- StopDeadlockCheck.h - kthread-stop-deadlock ----------------------===//
//
// kthread_stop() waits for the thread to exit. Called with a mutex,
// semaphore, rw_semaphore or the CPU-hotplug lock held that the thread
// takes before it can leave, the stopper and the thread wait for each
// other.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_STOPDEADLOCKCHECK_H
#define KTHREAD_TIDY_CHECKS_STOPDEADLOCKCHECK_H

#include "KthreadCheck.h"

namespace kthread {

class StopDeadlockCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  void checkModel(FactModel &Model) override;
};

} // namespace kthread

#endif
