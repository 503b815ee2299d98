//===--- UseAfterStopCheck.cpp - kthread-use-after-stop -------------------===//

#include "UseAfterStopCheck.h"

using namespace clang;

namespace kthread {

void UseAfterStopCheck::checkModel(FactModel &Model) {
  for (const UseAfterStopFinding &F : Model.usesAfterStop()) {
    if (F.FindingKind == UseAfterStopFinding::SamePath)
      reportSamePath(F);
    else
      reportStaleField(F);
  }
}

void UseAfterStopCheck::reportSamePath(const UseAfterStopFinding &F) {
  if (!reports(Likelihood::Certain))
    return;
  if (F.Use.empty())
    diag(F.Loc, "'%0' is dereferenced after '%1' stopped its thread")
        << F.Pointer << F.StopApi;
  else
    diag(F.Loc, "'%0' is passed to '%1' after '%2' stopped its thread")
        << F.Pointer << F.Use << F.StopApi;
  diag(F.StopLoc,
       "'%0' returns once the thread has exited, and its task_struct may "
       "then be freed",
       DiagnosticIDs::Note)
      << F.StopApi;
  diag(F.Loc, "so this uses the freed task_struct: a use-after-free",
       DiagnosticIDs::Note);
  diag(F.Loc,
       "do this before the stop, or pin the task with get_task_struct() "
       "before stopping it",
       DiagnosticIDs::Note);
  noteLikelihood(F.Loc, Likelihood::Certain);
}

void UseAfterStopCheck::reportStaleField(const UseAfterStopFinding &F) {
  bool ErrorReturn = F.Reason == UseAfterStopFinding::Why::ErrorReturn;
  Likelihood L = ErrorReturn ? Likelihood::ErrorPath : Likelihood::Race;
  if (!reports(L))
    return;
  if (F.Use.empty())
    diag(F.Loc, "'%0' is dereferenced, but may still hold the task that '%1' "
                "stopped in '%2'")
        << F.Pointer << F.StopApi << F.Stopper;
  else
    diag(F.Loc, "'%0' is passed to '%1', but may still hold the task that "
                "'%2' stopped in '%3'")
        << F.Pointer << F.Use << F.StopApi << F.Stopper;
  diag(F.StopLoc, "'%0' stops the thread here and leaves its pointer stored",
       DiagnosticIDs::Note)
      << F.StopApi;
  if (ErrorReturn) {
    diag(F.ReasonLoc,
         "'%0' returns the error here with the stopped task still stored",
         DiagnosticIDs::Note)
        << F.Stopper;
    diag(F.ReasonLoc,
         "'%0' is a callback of 'struct %1': after it fails the object "
         "lives on, and the callbacks of 'struct %2' still run",
         DiagnosticIDs::Note)
        << F.Stopper << F.StopperTable << F.UserTable;
  } else {
    if (F.Callback == F.User)
      diag(F.RegisterLoc, "'%0' makes '%1' a callback here",
           DiagnosticIDs::Note)
          << F.RegisterCall << F.Callback;
    else
      diag(F.RegisterLoc,
           "'%0' makes '%1' a callback here, and '%1' calls '%2'",
           DiagnosticIDs::Note)
          << F.RegisterCall << F.Callback << F.User;
    diag(F.ReasonLoc,
         "'%0' removes the callback only here, after the stop: until then "
         "'%1' may run",
         DiagnosticIDs::Note)
        << F.ReasonCall << F.Callback;
  }
  if (F.NullTestLoc.isValid())
    diag(F.NullTestLoc,
         "a NULL test does not tell a stopped task from a running one",
         DiagnosticIDs::Note);
  diag(F.Loc,
       "once the thread has exited its task_struct may be freed: a "
       "use-after-free",
       DiagnosticIDs::Note);
  if (F.LaterUses)
    diag(F.Loc,
         "the same stopped task reaches %0 more %plural{1:use|:uses}0 "
         "later in this file",
         DiagnosticIDs::Note)
        << F.LaterUses;
  diag(F.StopLoc,
       ErrorReturn ? "set the pointer to NULL after the stop"
                   : "remove the callback before the stop, or pin the task "
                     "with get_task_struct() before stopping it",
       DiagnosticIDs::Note);
  noteLikelihood(F.Loc, L);
}

} // namespace kthread
