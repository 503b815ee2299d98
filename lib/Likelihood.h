//===--- Likelihood.h - How likely a finding's bug is to happen -----------===//
//
// Every finding carries one: whether its bug happens on any run that takes a
// reachable path, only when something races with the stop (a flag the
// thread tests, an exit that may come first), only on an error path (a
// call after the thread started fails), or only when creating a thread
// fails (kthread_create() returns -ENOMEM, or -EINTR when the creator is
// killed). Reports show it, and users filter on it.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_LIKELIHOOD_H
#define KTHREAD_TIDY_LIB_LIKELIHOOD_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace kthread {

/// From most to least likely.
enum class Likelihood { Certain, Race, ErrorPath, FailedCreation };

/// "certain", "race", "error-path", "failed-creation": the option value and
/// JSON field.
llvm::StringRef likelihoodName(Likelihood L);
std::optional<Likelihood> parseLikelihood(llvm::StringRef Name);
/// The note text, e.g. "needs a failed thread creation".
llvm::StringRef likelihoodDescription(Likelihood L);

/// The note the checks attach to every finding, and back.
std::string likelihoodNote(Likelihood L);
std::optional<Likelihood> likelihoodOfNote(llvm::StringRef Message);

/// Whether a finding of likelihood \p L is shown when \p Min is asked for.
inline bool atLeast(Likelihood L, Likelihood Min) { return L <= Min; }

} // namespace kthread

#endif
