//===--- DoubleStopCheck.cpp - kthread-double-stop ------------------------===//

#include "DoubleStopCheck.h"
#include "KthreadApi.h"
#include "StopFlow.h"

using namespace clang;

namespace kthread {

DoubleStopCheck::DoubleStopCheck(StringRef Name,
                                 tidy::ClangTidyContext *Context)
    : FileAnalysisCheck(Name, Context),
      StopFunctions(Options.get("StopFunctions", DefaultStopFunctions)) {}

void DoubleStopCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "StopFunctions", StopFunctions);
}

namespace {

/// "'kthread_stop'" or "'stop_rx' (which calls 'kthread_stop')".
std::string describe(const StopSite &Site) {
  if (Site.Inner.empty())
    return "'" + Site.Stopper + "'";
  return "'" + Site.Stopper + "' (which calls '" + Site.Inner + "')";
}

} // namespace

void DoubleStopCheck::analyseFile(
    ASTContext &Context, llvm::ArrayRef<const FunctionDecl *> Functions) {
  StopFlowOptions FlowOptions{splitNameList(StopFunctions)};
  for (const DoubleStopFinding &F :
       findDoubleStops(Context, Functions, FlowOptions)) {
    diag(F.Second.Loc,
         "%0 stops '%1' again: %2 already waited for this thread to exit, and "
         "an exited kernel thread's task_struct is freed at once, so this is "
         "a use-after-free; clear the pointer after the first stop, or pin "
         "the task with get_task_struct()")
        << describe(F.Second) << F.Pointer << describe(F.First);
    diag(F.First.Loc, "first stopped here by %0", DiagnosticIDs::Note)
        << describe(F.First);
    if (F.First.InnerLoc.isValid())
      diag(F.First.InnerLoc, "'%0' stops it here", DiagnosticIDs::Note)
          << F.First.Stopper;
    if (F.Second.InnerLoc.isValid())
      diag(F.Second.InnerLoc, "'%0' stops it again here", DiagnosticIDs::Note)
          << F.Second.Stopper;
  }
}

} // namespace kthread
