//===--- ThreadLeakCheck.h - kthread-thread-leak --------------------------===//
//
// A thread that a module's init, a driver's probe or a device's open
// started, still running when that function fails (nothing calls exit,
// remove or close then), or a module's thread that nothing stops.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_THREADLEAKCHECK_H
#define KTHREAD_TIDY_CHECKS_THREADLEAKCHECK_H

#include "KthreadCheck.h"

namespace kthread {

class ThreadLeakCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  void checkModel(FactModel &Model) override;

private:
  void reportErrorPath(const ThreadLeakFinding &F);
  void reportNeverStopped(const ThreadLeakFinding &F);
};

} // namespace kthread

#endif
