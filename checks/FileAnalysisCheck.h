//===--- FileAnalysisCheck.h - Checks that reason over a whole file -------===//
//
// The kthread checks follow pointers across the functions of one file (probe
// stores a task in a field, remove stops it), so they collect the file's
// function definitions and analyse them together at the end of the
// translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_FILEANALYSISCHECK_H
#define KTHREAD_TIDY_CHECKS_FILEANALYSISCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace kthread {

class FileAnalysisCheck : public clang::tidy::ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) final;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) final;
  void onEndOfTranslationUnit() final;

protected:
  /// Called once per file that compiled without errors, with the function
  /// definitions of its main file in source order.
  virtual void
  analyseFile(clang::ASTContext &Context,
              llvm::ArrayRef<const clang::FunctionDecl *> Functions) = 0;

private:
  std::vector<const clang::FunctionDecl *> Functions;
  clang::ASTContext *Context = nullptr;
};

} // namespace kthread

#endif
