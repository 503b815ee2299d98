//===--- Likelihood.cpp ---------------------------------------------------===//

#include "Likelihood.h"
#include "llvm/ADT/StringSwitch.h"

namespace kthread {

llvm::StringRef likelihoodName(Likelihood L) {
  switch (L) {
  case Likelihood::Certain:
    return "certain";
  case Likelihood::Race:
    return "race";
  case Likelihood::ErrorPath:
    return "error-path";
  case Likelihood::FailedCreation:
    return "failed-creation";
  }
  return "";
}

std::optional<Likelihood> parseLikelihood(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<Likelihood>>(Name)
      .Case("certain", Likelihood::Certain)
      .Case("race", Likelihood::Race)
      .Case("error-path", Likelihood::ErrorPath)
      .Case("failed-creation", Likelihood::FailedCreation)
      .Default(std::nullopt);
}

llvm::StringRef likelihoodDescription(Likelihood L) {
  switch (L) {
  case Likelihood::Certain:
    return "certain on any run that takes this path";
  case Likelihood::Race:
    return "a race: it happens when the thread gets there before the stop";
  case Likelihood::ErrorPath:
    return "needs the error path: a call after the thread started fails";
  case Likelihood::FailedCreation:
    return "needs a failed thread creation";
  }
  return "";
}

std::string likelihoodNote(Likelihood L) {
  return "likelihood: " + likelihoodDescription(L).str();
}

std::optional<Likelihood> likelihoodOfNote(llvm::StringRef Message) {
  for (Likelihood L :
       {Likelihood::Certain, Likelihood::Race, Likelihood::ErrorPath,
        Likelihood::FailedCreation})
    if (Message == likelihoodNote(L))
      return L;
  return std::nullopt;
}

} // namespace kthread
