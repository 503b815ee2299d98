//===--- LoopWithoutStopCheckCheck.h - kthread-loop-without-stop-check -===//
//
// A loop in a stopped kernel thread that kthread_stop() cannot end: no path
// leaves it, only a park request does, or it repeats an interrupted sleep
// without testing the stop flag.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_LOOPWITHOUTSTOPCHECKCHECK_H
#define KTHREAD_TIDY_CHECKS_LOOPWITHOUTSTOPCHECKCHECK_H

#include "ThreadCheck.h"

namespace kthread {

class LoopWithoutStopCheckCheck : public ThreadCheck {
public:
  using ThreadCheck::ThreadCheck;

protected:
  void checkModel(FactModel &Model) override;
};

} // namespace kthread

#endif
