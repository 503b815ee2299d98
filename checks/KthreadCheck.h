//===--- KthreadCheck.h - What every kthread check shares -----------------===//
//
// The kthread checks follow pointers across the functions of one file (probe
// stores a task in a field, remove stops it), so they collect the file's
// function definitions and, at the end of the translation unit, query the
// fact model that all of them share (FactModel: built once per translation
// unit). They read the same options:
//  - the project's own API functions, by role (CreateFunctions,
//    RunFunctions, CreateWorkerFunctions, StopFunctions, StopCheckFunctions,
//    ErrCheckFunctions, WakeFunctions, LockFunctions, UnlockFunctions,
//    SleepingFunctions, SleepingLockFunctions, SleepingUnlockFunctions),
//    each local to the check or global, adding to the
//    built-in table;
//  - MinLikelihood, the least likely findings to report.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_KTHREADCHECK_H
#define KTHREAD_TIDY_CHECKS_KTHREADCHECK_H

#include "FactModel.h"
#include "Likelihood.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace clang::tidy {
template <> struct OptionEnumMapping<kthread::Likelihood> {
  static llvm::ArrayRef<std::pair<kthread::Likelihood, llvm::StringRef>>
  getEnumMapping();
};
} // namespace clang::tidy

namespace kthread {

/// The API options of a check, as its OptionsView reads them.
ApiOptions readApiOptions(const clang::tidy::ClangTidyCheck::OptionsView &O);

class KthreadCheck : public clang::tidy::ClangTidyCheck {
public:
  KthreadCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) final;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) final;
  void onEndOfTranslationUnit() final;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  /// Called once per file that compiled without errors.
  virtual void checkModel(FactModel &Model) = 0;
  /// Whether a finding of likelihood \p L is to be reported.
  bool reports(Likelihood L) const { return atLeast(L, MinLikelihood); }
  /// The note that says how likely the finding at \p Loc is.
  void noteLikelihood(clang::SourceLocation Loc, Likelihood L);

private:
  const ApiOptions Api;
  const Likelihood MinLikelihood;
  clang::ASTContext *Context = nullptr;
  /// Held until the check is destroyed with its translation unit, so that
  /// the other checks of the unit share it.
  std::shared_ptr<FactModel> Model;
};

} // namespace kthread

#endif
