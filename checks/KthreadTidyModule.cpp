//===--- KthreadTidyModule.cpp - the `kthread` clang-tidy module ----------===//

#include "BindAfterStartCheck.h"
#include "DoubleStopCheck.h"
#include "LoopWithoutStopCheckCheck.h"
#include "LostWakeupCheck.h"
#include "StopAfterExitCheck.h"
#include "StopDeadlockCheck.h"
#include "StopInAtomicCheck.h"
#include "ThreadLeakCheck.h"
#include "UseAfterStopCheck.h"
#include "UncheckedCreateCheck.h"
#include "WaitWithoutStopConditionCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace kthread {

class KthreadTidyModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(
      clang::tidy::ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<BindAfterStartCheck>(
        "kthread-bind-after-start");
    CheckFactories.registerCheck<DoubleStopCheck>("kthread-double-stop");
    CheckFactories.registerCheck<LoopWithoutStopCheckCheck>(
        "kthread-loop-without-stop-check");
    CheckFactories.registerCheck<LostWakeupCheck>("kthread-lost-wakeup");
    CheckFactories.registerCheck<StopAfterExitCheck>("kthread-stop-after-exit");
    CheckFactories.registerCheck<StopDeadlockCheck>("kthread-stop-deadlock");
    CheckFactories.registerCheck<StopInAtomicCheck>("kthread-stop-in-atomic");
    CheckFactories.registerCheck<ThreadLeakCheck>("kthread-thread-leak");
    CheckFactories.registerCheck<UseAfterStopCheck>("kthread-use-after-stop");
    CheckFactories.registerCheck<UncheckedCreateCheck>(
        "kthread-unchecked-create");
    CheckFactories.registerCheck<WaitWithoutStopConditionCheck>(
        "kthread-wait-without-stop-condition");
  }
};

} // namespace kthread

static clang::tidy::ClangTidyModuleRegistry::Add<kthread::KthreadTidyModule>
    KthreadModuleRegistration("kthread-module",
                              "Checks for misuse of the Linux kthread API.");
