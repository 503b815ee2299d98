//===--- UseAfterStopCheck.h - kthread-use-after-stop ---------------------===//
//
// A task woken, parked, unparked, bound, stopped again or dereferenced
// after kthread_stop() let its thread exit: later on the stop's path, or in
// a function that finds the stopped task still stored in a field while it
// can still run (after the stopper failed, or before it removed the waker).
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_USEAFTERSTOPCHECK_H
#define KTHREAD_TIDY_CHECKS_USEAFTERSTOPCHECK_H

#include "KthreadCheck.h"

namespace kthread {

class UseAfterStopCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  void checkModel(FactModel &Model) override;

private:
  void reportSamePath(const UseAfterStopFinding &F);
  void reportStaleField(const UseAfterStopFinding &F);
};

} // namespace kthread

#endif
