//===--- LoopWithoutStopCheckCheck.h - kthread-loop-without-stop-check ----===//
//
// A loop in a stopped kernel thread that kthread_stop() cannot end: no path
// leaves it, or it repeats an interrupted sleep without testing the stop
// flag.
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
  void
  analyseFile(clang::ASTContext &Context,
              llvm::ArrayRef<const clang::FunctionDecl *> Functions) override;
};

} // namespace kthread

#endif
