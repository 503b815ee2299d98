//===--- KthreadCheck.cpp -------------------------------------------------===//

#include "KthreadCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace clang::tidy {
llvm::ArrayRef<std::pair<kthread::Likelihood, llvm::StringRef>>
OptionEnumMapping<kthread::Likelihood>::getEnumMapping() {
  static const std::pair<kthread::Likelihood, llvm::StringRef> Mapping[] = {
      {kthread::Likelihood::Certain, "certain"},
      {kthread::Likelihood::Race, "race"},
      {kthread::Likelihood::ErrorPath, "error-path"},
      {kthread::Likelihood::FailedCreation, "failed-creation"}};
  return Mapping;
}
} // namespace clang::tidy

namespace kthread {
namespace {

/// The option of each role, and where in ApiOptions it goes.
const std::pair<const char *, std::vector<std::string> ApiOptions::*>
    RoleOptions[] = {
        {"CreateFunctions", &ApiOptions::CreateFunctions},
        {"RunFunctions", &ApiOptions::RunFunctions},
        {"CreateWorkerFunctions", &ApiOptions::CreateWorkerFunctions},
        {"StopFunctions", &ApiOptions::StopFunctions},
        {"StopCheckFunctions", &ApiOptions::StopCheckFunctions},
        {"ErrCheckFunctions", &ApiOptions::ErrCheckFunctions},
        {"WakeFunctions", &ApiOptions::WakeFunctions},
        {"LockFunctions", &ApiOptions::LockFunctions},
        {"UnlockFunctions", &ApiOptions::UnlockFunctions},
        {"SleepingFunctions", &ApiOptions::SleepingFunctions},
        {"SleepingLockFunctions", &ApiOptions::SleepingLockFunctions},
        {"SleepingUnlockFunctions", &ApiOptions::SleepingUnlockFunctions},
};

} // namespace

ApiOptions readApiOptions(const tidy::ClangTidyCheck::OptionsView &O) {
  ApiOptions Api;
  for (const auto &[Name, Field] : RoleOptions)
    for (StringRef Function :
         tidy::utils::options::parseStringList(O.getLocalOrGlobal(Name, "")))
      (Api.*Field).push_back(Function.str());
  Api.FactsDatabase = O.getLocalOrGlobal("FactsDatabase", "").str();
  return Api;
}

KthreadCheck::KthreadCheck(StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), Api(readApiOptions(Options)),
      MinLikelihood(Options.getLocalOrGlobal("MinLikelihood",
                                             Likelihood::FailedCreation)) {}

void KthreadCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  for (const auto &[Name, Field] : RoleOptions) {
    std::vector<StringRef> Names((Api.*Field).begin(), (Api.*Field).end());
    Options.store(Opts, Name, tidy::utils::options::serializeStringList(Names));
  }
  Options.store(Opts, "MinLikelihood", MinLikelihood);
  Options.store(Opts, "FactsDatabase", Api.FactsDatabase);
}

void KthreadCheck::registerMatchers(MatchFinder *Finder) {
  // Once per translation unit: the model lists the main file's functions
  // itself, which costs less than a matcher run on every function of the
  // headers.
  Finder->addMatcher(translationUnitDecl(), this);
}

void KthreadCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
}

void KthreadCheck::onEndOfTranslationUnit() {
  // An AST with errors has holes (dropped statements, recovery expressions)
  // that would make paths look wrong; clang-tidy reports the errors.
  if (Context && !Context->getDiagnostics().hasUncompilableErrorOccurred()) {
    Model = FactModel::of(*Context, mainFileDefinitions(*Context), Api);
    // Once per translation unit, whichever check gets there first.
    if (std::optional<std::string> Problem = Model->takeIndexProblem())
      configurationDiag("%0; the kthread checks see this file alone")
          << *Problem;
    checkModel(*Model);
  }
  Context = nullptr;
}

void KthreadCheck::noteLikelihood(SourceLocation Loc, Likelihood L) {
  diag(Loc, likelihoodNote(L), DiagnosticIDs::Note);
}

} // namespace kthread
