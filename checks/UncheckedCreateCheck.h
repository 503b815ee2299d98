//===--- UncheckedCreateCheck.h - kthread-unchecked-create ----------------===//
//
// kthread_run(), kthread_create() and kthread_create_worker() return an
// ERR_PTR on failure, never NULL. Finds results tested against NULL only,
// used before IS_ERR(), left in a field after a failure that was only logged,
// or thrown away.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_UNCHECKEDCREATECHECK_H
#define KTHREAD_TIDY_CHECKS_UNCHECKEDCREATECHECK_H

#include "ErrPtrFlow.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace kthread {

class UncheckedCreateCheck : public clang::tidy::ClangTidyCheck {
public:
  UncheckedCreateCheck(llvm::StringRef Name,
                       clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const ErrPtrFinding &Finding);

  const std::string CreateFunctions;
  const std::string ErrCheckFunctions;
  // The file's functions are analysed together, once all are seen.
  std::vector<const clang::FunctionDecl *> Functions;
  clang::ASTContext *Context = nullptr;
};

} // namespace kthread

#endif
