//===--- UncheckedCreateCheck.h - kthread-unchecked-create -------------===//
//
// kthread_run(), kthread_create() and kthread_create_worker() return an
// ERR_PTR on failure, never NULL. Finds results tested against NULL only,
// used before IS_ERR(), left in a field after a failure that was only logged,
// or thrown away.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_UNCHECKEDCREATECHECK_H
#define KTHREAD_TIDY_CHECKS_UNCHECKEDCREATECHECK_H

#include "KthreadCheck.h"

namespace kthread {

class UncheckedCreateCheck : public KthreadCheck {
public:
  using KthreadCheck::KthreadCheck;

protected:
  void checkModel(FactModel &Model) override;

private:
  void report(const ErrPtrFinding &Finding);
};

} // namespace kthread

#endif
