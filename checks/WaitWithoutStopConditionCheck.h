//===--- WaitWithoutStopConditionCheck.h ----------------------------------===//
//
// kthread-wait-without-stop-condition: a wait_event*() in a stopped kernel
// thread whose condition does not test kthread_should_stop(), so that
// kthread_stop() hangs or waits out the timeout.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_WAITWITHOUTSTOPCONDITIONCHECK_H
#define KTHREAD_TIDY_CHECKS_WAITWITHOUTSTOPCONDITIONCHECK_H

#include "ThreadCheck.h"

namespace kthread {

class WaitWithoutStopConditionCheck : public ThreadCheck {
public:
  WaitWithoutStopConditionCheck(llvm::StringRef Name,
                                clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkModel(FactModel &Model) override;

private:
  const bool InterruptibleWaitsEndOnStop;
};

} // namespace kthread

#endif
