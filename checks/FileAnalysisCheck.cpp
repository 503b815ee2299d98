//===--- FileAnalysisCheck.cpp --------------------------------------------===//

#include "FileAnalysisCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace kthread {

void FileAnalysisCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), isExpansionInMainFile()).bind("function"),
      this);
}

void FileAnalysisCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  Functions.push_back(Result.Nodes.getNodeAs<FunctionDecl>("function"));
}

void FileAnalysisCheck::onEndOfTranslationUnit() {
  // An AST with errors has holes (dropped statements, recovery expressions)
  // that would make paths look wrong; clang-tidy reports the errors.
  if (Context && !Context->getDiagnostics().hasUncompilableErrorOccurred())
    analyseFile(*Context, Functions);
  Functions.clear();
  Context = nullptr;
}

} // namespace kthread
