//===--- StopInAtomicCheck.h - kthread-stop-in-atomic ---------------------===//
//
// kthread_stop(), kthread_park() and the worker flush and destroy sleep:
// they wait for another thread. Reached with a spinlock or rwlock held,
// with interrupts, bottom halves or preemption disabled, in an RCU
// read-side section, or in an interrupt handler, timer callback or tasklet
// the file registers, they schedule in atomic context.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_STOPINATOMICCHECK_H
#define KTHREAD_TIDY_CHECKS_STOPINATOMICCHECK_H

#include "KthreadCheck.h"

namespace kthread {

class StopInAtomicCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  void checkModel(FactModel &Model) override;
};

} // namespace kthread

#endif
