//===--- UncheckedCreateCheck.cpp - kthread-unchecked-create --------------===//

#include "UncheckedCreateCheck.h"
#include "KthreadApi.h"

using namespace clang;

namespace kthread {

UncheckedCreateCheck::UncheckedCreateCheck(StringRef Name,
                                           tidy::ClangTidyContext *Context)
    : FileAnalysisCheck(Name, Context),
      CreateFunctions(Options.get("CreateFunctions", DefaultCreateFunctions)),
      ErrCheckFunctions(
          Options.get("ErrCheckFunctions", DefaultErrCheckFunctions)) {}

void UncheckedCreateCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CreateFunctions", CreateFunctions);
  Options.store(Opts, "ErrCheckFunctions", ErrCheckFunctions);
}

void UncheckedCreateCheck::analyseFile(
    ASTContext &Context, llvm::ArrayRef<const FunctionDecl *> Functions) {
  ErrPtrFlowOptions FlowOptions{splitNameList(CreateFunctions),
                                splitNameList(ErrCheckFunctions)};
  for (const ErrPtrFinding &Finding :
       findErrPtrMisuse(Context, Functions, FlowOptions))
    report(Finding);
}

namespace {

std::string objectOf(const ErrPtrFinding &F) {
  return createsWorker(F.CreateName) ? "kthread_worker" : "task";
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
  const std::string Creator = creatorOf(F);
  switch (F.FindingKind) {
  case ErrPtrFinding::NullTestOnly: {
    auto Diag = diag(F.Loc, "%0 returns an ERR_PTR on failure, never NULL: "
                            "this NULL test of '%1' lets a failed creation "
                            "through, and the ERR_PTR is later used as a "
                            "%2, which oopses the kernel; test it with "
                            "IS_ERR()")
                << Creator << F.Pointer << objectOf(F);
    if (F.Fix)
      Diag << *F.Fix;
    break;
  }
  case ErrPtrFinding::UsedUnchecked:
    if (F.Pointer.empty()) {
      diag(F.Loc, "the result of %0 %1 without an IS_ERR() test; on failure "
                  "the kernel dereferences an ERR_PTR as a %2 and oopses")
          << Creator << useOf(F) << objectOf(F);
      break;
    }
    diag(F.Loc, "'%0' may be an ERR_PTR from a failed %1 and %2 without an "
                "IS_ERR() test; on failure the kernel dereferences an "
                "invalid %3 pointer and oopses")
        << F.Pointer << Creator << useOf(F) << objectOf(F);
    break;
  case ErrPtrFinding::UsedAfterFailure:
    diag(F.Loc, "'%0' is an ERR_PTR on this path (IS_ERR() found that %1 "
                "failed), yet it %2, which oopses the kernel")
        << F.Pointer << Creator << useOf(F);
    break;
  case ErrPtrFinding::StoredErrPtrUsed:
    diag(F.Loc, "'%0' may still hold the ERR_PTR of a failed %1 that '%2' "
                "%select{never checked|only logged}3 before returning "
                "success; it %4 here, which oopses the kernel")
        << F.Pointer << Creator << F.CreatingFunction << F.ErrTestLoc.isValid()
        << useOf(F);
    break;
  case ErrPtrFinding::Discarded:
    diag(F.Loc, createsWorker(F.CreateName)
                    ? "result of %0 is discarded: the kthread_worker can "
                      "never be given work or destroyed, and its thread "
                      "leaks"
                    : "result of %0 is discarded: the new thread is never "
                      "woken and can never be stopped, so it and its "
                      "task_struct leak")
        << Creator;
    return;
  }

  if (F.NullTestLoc.isValid())
    diag(F.NullTestLoc, "a NULL test does not catch an ERR_PTR",
         DiagnosticIDs::Note);
  if (F.HelperUseLoc.isValid())
    diag(F.HelperUseLoc,
         "'%0' passes it to '%1' here without an IS_ERR() "
         "test",
         DiagnosticIDs::Note)
        << F.ViaHelper << F.Consumer;
  if (F.CreationLoc.isValid() && F.CreationLoc != F.Loc && !F.Pointer.empty())
    diag(F.CreationLoc, "the result of %0 is stored here", DiagnosticIDs::Note)
        << Creator;
  if (F.ErrTestLoc.isValid())
    diag(F.ErrTestLoc,
         F.FindingKind == ErrPtrFinding::StoredErrPtrUsed
             ? "the failure is detected here, but the ERR_PTR is neither "
               "cleared nor returned as an error"
             : "IS_ERR() is true on this path",
         DiagnosticIDs::Note);
  if (F.SuccessExitLoc.isValid())
    diag(F.SuccessExitLoc,
         "'%0' returns success here with the ERR_PTR still "
         "stored",
         DiagnosticIDs::Note)
        << F.CreatingFunction;
}

} // namespace kthread
