//===--- BindAfterStartCheck.cpp - kthread-bind-after-start ---------------===//

#include "BindAfterStartCheck.h"

using namespace clang;

namespace kthread {

void BindAfterStartCheck::checkModel(FactModel &Model) {
  if (!reports(Likelihood::Certain))
    return;
  for (const BindAfterStartFinding &F : Model.bindsAfterStart()) {
    {
      auto Warning = diag(F.Loc, "'%0' of '%1', which '%2' already started: "
                                 "the bind WARNs and the thread stays unbound")
                     << F.Bind << F.Task << F.StartApi;
      if (F.FixIt)
        Warning << FixItHint::CreateReplacement(F.FixIt->RunName,
                                                "kthread_create")
                << FixItHint::CreateInsertion(F.FixIt->AfterBind,
                                              F.FixIt->Wake);
    }
    if (F.StartFunction.empty())
      diag(F.StartLoc, "'%0' starts it here", DiagnosticIDs::Note)
          << F.StartApi;
    else
      diag(F.StartLoc, "'%0' in '%1' starts the thread kept there",
           DiagnosticIDs::Note)
          << F.StartApi << F.StartFunction;
    diag(F.Loc,
         "a thread can be bound only before its first wake-up: create it "
         "with kthread_create(), bind it, then wake_up_process() it, or use "
         "kthread_create_on_cpu()",
         DiagnosticIDs::Note);
    noteLikelihood(F.Loc, Likelihood::Certain);
  }
}

} // namespace kthread
