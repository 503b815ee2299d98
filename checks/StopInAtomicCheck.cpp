//===--- StopInAtomicCheck.cpp - kthread-stop-in-atomic -------------------===//

#include "StopInAtomicCheck.h"

using namespace clang;

namespace kthread {
namespace {

/// "while spinlock 'd->lock' is held", "in 'rx_irq', an interrupt handler".
std::string context(const AtomicHold &Hold) {
  std::string What = describeAtomic(Hold.Kind).str();
  switch (Hold.Kind) {
  case AtomicKind::Spinlock:
  case AtomicKind::Rwlock:
    return "while " + What + " '" + Hold.Lock + "' is held";
  case AtomicKind::Rcu:
    return "inside an " + What;
  case AtomicKind::HardIrq:
    return "in '" + Hold.Callback + "', an " + What;
  case AtomicKind::Timer:
  case AtomicKind::Tasklet:
    return "in '" + Hold.Callback + "', a " + What;
  default:
    return "with " + What;
  }
}

/// What the call at the start of the atomic context did.
std::string entered(const AtomicHold &Hold) {
  std::string Call = "'" + Hold.Api + "' ";
  switch (Hold.Kind) {
  case AtomicKind::Spinlock:
  case AtomicKind::Rwlock:
    return Call + "takes '" + Hold.Lock + "' here";
  case AtomicKind::IrqsOff:
    return Call + "disables interrupts here";
  case AtomicKind::BhOff:
    return Call + "disables bottom halves here";
  case AtomicKind::PreemptOff:
    return Call + "disables preemption here";
  case AtomicKind::Rcu:
    return Call + "enters the read-side section here";
  default:
    return Call + "registers '" + Hold.Callback + "' as " +
           (Hold.Kind == AtomicKind::HardIrq ? "an " : "a ") +
           describeAtomic(Hold.Kind).str() + " here";
  }
}

} // namespace

void StopInAtomicCheck::checkModel(FactModel &Model) {
  if (!reports(Likelihood::Certain))
    return;
  for (const AtomicSleepFinding &F : Model.sleepsInAtomic()) {
    std::string Callee = "'" + F.Callee + "'";
    if (!F.Inner.empty())
      Callee += " (which calls '" + F.Inner + "')";
    diag(F.Loc, "%0 sleeps, but is called %1") << Callee << context(F.Hold);
    diag(F.Hold.Where, entered(F.Hold), DiagnosticIDs::Note);
    if (F.InnerLoc.isValid())
      diag(F.InnerLoc, "'%0' calls '%1' here", DiagnosticIDs::Note)
          << F.Callee << F.Inner;
    diag(F.Loc,
         "it %select{may sleep|waits for another thread}0, so it schedules "
         "in atomic context: 'BUG: sleeping function called from invalid "
         "context'",
         DiagnosticIDs::Note)
        << F.WaitsForThread;
    noteLikelihood(F.Loc, Likelihood::Certain);
  }
}

} // namespace kthread
