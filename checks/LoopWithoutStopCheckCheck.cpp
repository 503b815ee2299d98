//===--- LoopWithoutStopCheckCheck.cpp - kthread-loop-without-stop-check --===//

#include "LoopWithoutStopCheckCheck.h"
#include "LoopStop.h"

using namespace clang;

namespace kthread {

void LoopWithoutStopCheckCheck::analyseFile(
    ASTContext &Context, llvm::ArrayRef<const FunctionDecl *> Functions) {
  for (const LoopFinding &F :
       findLoopsWithoutStop(Context, Functions, threadOptions())) {
    if (F.LoopKind == LoopFinding::NoExit)
      diag(F.Loc, "no path leaves this loop, so thread function '%0' never "
                  "returns and kthread_stop() waits forever; leave the loop "
                  "when kthread_should_stop() is true")
          << F.Place.ThreadFunction;
    else if (F.LoopKind == LoopFinding::ParkOnlyExit)
      diag(F.Loc, "this loop is left only when kthread_should_park() is "
                  "true, and kthread_stop() unparks the thread, so thread "
                  "function '%0' never returns and kthread_stop() waits "
                  "forever; leave the loop when kthread_should_stop() is "
                  "true as well")
          << F.Place.ThreadFunction;
    else
      diag(F.Loc, "this loop repeats a sleep while it is interrupted and never "
                  "tests kthread_should_stop(): kthread_stop() interrupts the "
                  "sleep at once every time, so the thread spins and "
                  "kthread_stop() never returns; test kthread_should_stop() "
                  "in the loop condition");
    noteThread(F.Loc, F.Place);
  }
}

} // namespace kthread
