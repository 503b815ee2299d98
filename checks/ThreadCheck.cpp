//===--- ThreadCheck.cpp --------------------------------------------------===//

#include "ThreadCheck.h"

using namespace clang;

namespace kthread {

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
