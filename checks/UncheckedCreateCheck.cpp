//===--- UncheckedCreateCheck.cpp - kthread-unchecked-create --------------===//

#include "UncheckedCreateCheck.h"

using namespace clang;

namespace kthread {

void UncheckedCreateCheck::checkModel(FactModel &Model) {
  for (const ErrPtrFinding &Finding : Model.errPtrMisuse())
    report(Finding);
}

namespace {

const char *objectOf(const ErrPtrFinding &F) {
  return F.MakesWorker ? "kthread_worker" : "task";
}

/// "'kthread_run'" or, through a helper of the file,
/// "'start_thread' (which returns the result of 'kthread_run')".
std::string creatorOf(const ErrPtrFinding &F) {
  if (F.CreateHelper.empty())
    return "'" + F.CreateName + "'";
  return "'" + F.CreateHelper + "' (which returns the result of '" +
         F.CreateName + "')";
}

/// "is passed to 'kthread_stop'", "is dereferenced", or through a helper.
std::string useOf(const ErrPtrFinding &F) {
  if (!F.ViaHelper.empty())
    return "is passed to '" + F.ViaHelper + "', which passes it to '" +
           F.Consumer + "'";
  if (F.Consumer.empty())
    return "is dereferenced";
  return "is passed to '" + F.Consumer + "'";
}

} // namespace

void UncheckedCreateCheck::report(const ErrPtrFinding &F) {
  // A discarded creation leaks on every run; the others need a failure.
  Likelihood L = F.FindingKind == ErrPtrFinding::Discarded
                     ? Likelihood::Certain
                     : Likelihood::FailedCreation;
  if (!reports(L))
    return;
  const std::string Creator = creatorOf(F);
  switch (F.FindingKind) {
  case ErrPtrFinding::NullTestOnly: {
    auto Diag = diag(F.Loc, "'%0' is tested for NULL, but %1 returns an "
                            "ERR_PTR on failure, never NULL")
                << F.Pointer << Creator;
    if (F.Fix)
      Diag << *F.Fix;
    break;
  }
  case ErrPtrFinding::UsedUnchecked:
    if (F.Pointer.empty())
      diag(F.Loc, "the result of %0 %1 without an IS_ERR() test")
          << Creator << useOf(F);
    else
      diag(F.Loc, "'%0' %1 before an IS_ERR() test") << F.Pointer << useOf(F);
    break;
  case ErrPtrFinding::UsedAfterFailure:
    diag(F.Loc, "'%0' %1 on the path where IS_ERR() is true")
        << F.Pointer << useOf(F);
    break;
  case ErrPtrFinding::StoredErrPtrUsed:
    diag(F.Loc, "'%0' %1, but may still hold the ERR_PTR of a failed %2")
        << F.Pointer << useOf(F) << Creator;
    break;
  case ErrPtrFinding::StoredErrPtrAwaited:
    diag(F.Loc, "'%0' waits for a completion of the thread in '%1', which %2 "
                "may have failed to create")
        << F.Consumer << F.Pointer << Creator;
    break;
  case ErrPtrFinding::Discarded:
    diag(F.Loc, "the result of %0 is discarded") << Creator;
    diag(F.Loc,
         F.MakesWorker
             ? "the kthread_worker can never be given work or destroyed, and "
               "its thread leaks"
             : "the new thread is never woken and can never be stopped: it "
               "and its task_struct leak",
         DiagnosticIDs::Note);
    noteLikelihood(F.Loc, L);
    return;
  }

  if (F.NullTestLoc.isValid())
    diag(F.NullTestLoc, "a NULL test does not catch an ERR_PTR",
         DiagnosticIDs::Note);
  if (F.PartialTestLoc.isValid())
    diag(F.PartialTestLoc,
         "this test catches one error code only; a creation fails with "
         "-ENOMEM or, when the creating task is killed, -EINTR",
         DiagnosticIDs::Note);
  if (F.HelperUseLoc.isValid())
    diag(F.HelperUseLoc, "'%0' passes it to '%1' here without an IS_ERR() test",
         DiagnosticIDs::Note)
        << F.ViaHelper << F.Consumer;
  if (F.CreationLoc.isValid() && F.CreationLoc != F.Loc && !F.Pointer.empty())
    diag(F.CreationLoc, "the result of %0 is stored here", DiagnosticIDs::Note)
        << Creator;
  bool Stored = F.FindingKind == ErrPtrFinding::StoredErrPtrUsed ||
                F.FindingKind == ErrPtrFinding::StoredErrPtrAwaited;
  bool ErrorReturned = F.Reason != ErrPtrFinding::LivesOn::Returned;
  if (F.ErrTestLoc.isValid())
    diag(F.ErrTestLoc,
         !Stored ? "IS_ERR() is true on this path"
         : ErrorReturned
             ? "the failure is detected here and returned as an error, but "
               "the ERR_PTR stays stored"
             : "the failure is detected here, but the ERR_PTR is neither "
               "cleared nor returned as an error",
         DiagnosticIDs::Note);
  else if (Stored && F.PartialTestLoc.isInvalid())
    diag(F.CreationLoc, "'%0' never tests it with IS_ERR()",
         DiagnosticIDs::Note)
        << F.CreatingFunction;
  if (F.SuccessExitLoc.isValid())
    diag(F.SuccessExitLoc,
         ErrorReturned ? "'%0' returns the error here with the ERR_PTR still "
                         "stored"
         : F.ExitAnyResult
             ? "'%0' returns here with the ERR_PTR still stored in a static "
               "global, which keeps it whatever the function returns"
             : "'%0' returns success here with the ERR_PTR still stored",
         DiagnosticIDs::Note)
        << F.CreatingFunction;
  if (F.Reason == ErrPtrFinding::LivesOn::ErrorIgnored)
    diag(F.ReasonLoc,
         "'%0' ignores the error that '%1' returns, and the object lives on",
         DiagnosticIDs::Note)
        << F.ReasonFunction << F.CreatingFunction;
  else if (F.Reason == ErrPtrFinding::LivesOn::CreationSkipped)
    diag(F.ReasonLoc,
         "'%0' is a callback that may run again on the same object: then "
         "this test finds the ERR_PTR non-NULL and skips the creation",
         DiagnosticIDs::Note)
        << F.ReasonFunction;
  else if (F.Reason == ErrPtrFinding::LivesOn::CreationSkippedExported)
    diag(F.ReasonLoc,
         "'%0' is exported to other modules, which may call it again on the "
         "same object: then this test finds the ERR_PTR non-NULL and skips "
         "the creation",
         DiagnosticIDs::Note)
        << F.ReasonFunction;
  else if (F.Reason == ErrPtrFinding::LivesOn::OtherTablesRun)
    diag(F.ReasonLoc,
         "'%0' is a callback of 'struct %1': after it fails the object "
         "lives on, and the callbacks of 'struct %2' still run",
         DiagnosticIDs::Note)
        << F.ReasonFunction << F.CreatorTable << F.UserTable;
  if (F.FindingKind == ErrPtrFinding::StoredErrPtrAwaited)
    diag(F.Loc,
         "on failure no thread exists to signal it, and the wait never ends",
         DiagnosticIDs::Note);
  else
    diag(F.Loc,
         F.FindingKind == ErrPtrFinding::NullTestOnly
             ? "on failure the ERR_PTR passes this test and is later used as "
               "a %0, which oopses the kernel; test it with IS_ERR()"
             : "on failure the kernel uses the ERR_PTR as a %0 and oopses",
         DiagnosticIDs::Note)
        << objectOf(F);
  if (F.LaterUses)
    diag(F.Loc,
         "the same ERR_PTR reaches %0 more %plural{1:use|:uses}0 "
         "later in this file",
         DiagnosticIDs::Note)
        << F.LaterUses;
  noteLikelihood(F.Loc, L);
}

} // namespace kthread
