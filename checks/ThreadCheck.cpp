//===--- ThreadCheck.cpp --------------------------------------------------===//

#include "ThreadCheck.h"
#include "KthreadApi.h"

using namespace clang;

namespace kthread {

ThreadCheck::ThreadCheck(StringRef Name, tidy::ClangTidyContext *Context)
    : FileAnalysisCheck(Name, Context),
      CreateFunctions(Options.get("CreateFunctions", DefaultCreateFunctions)),
      StopFunctions(Options.get("StopFunctions", DefaultStopFunctions)),
      StopCheckFunctions(
          Options.get("StopCheckFunctions", DefaultStopCheckFunctions)) {}

void ThreadCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CreateFunctions", CreateFunctions);
  Options.store(Opts, "StopFunctions", StopFunctions);
  Options.store(Opts, "StopCheckFunctions", StopCheckFunctions);
}

ThreadCheckOptions ThreadCheck::threadOptions() const {
  return {splitNameList(CreateFunctions), splitNameList(StopFunctions),
          splitNameList(StopCheckFunctions)};
}

void ThreadCheck::noteThread(SourceLocation Loc, const ThreadPlace &Place) {
  if (!Place.Helper.empty())
    diag(Loc, "in '%0', called from thread function '%1'", DiagnosticIDs::Note)
        << Place.Helper << Place.ThreadFunction;
  diag(Place.CreationLoc, "'%0' starts thread function '%1' here",
       DiagnosticIDs::Note)
      << Place.CreateName << Place.ThreadFunction;
  diag(Place.StopLoc, "kthread_stop() waits here for the thread to exit",
       DiagnosticIDs::Note);
}

} // namespace kthread
