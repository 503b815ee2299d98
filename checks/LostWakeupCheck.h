//===--- LostWakeupCheck.h - kthread-lost-wakeup --------------------------===//
//
// A thread that tests the condition it sleeps on before
// set_current_state(), and does not test it again before schedule(): a
// wake-up that lands in between is lost.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_LOSTWAKEUPCHECK_H
#define KTHREAD_TIDY_CHECKS_LOSTWAKEUPCHECK_H

#include "ThreadCheck.h"

namespace kthread {

class LostWakeupCheck : public ThreadCheck {
public:
  using ThreadCheck::ThreadCheck;

protected:
  void checkModel(FactModel &Model) override;
};

} // namespace kthread

#endif
