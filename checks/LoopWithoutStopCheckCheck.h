//===--- LoopWithoutStopCheckCheck.h - kthread-loop-without-stop-check ----===//
//
// A loop in a stopped kernel thread that kthread_stop() cannot end: no path
// leaves it, or it repeats an interrupted sleep without testing the stop
// flag.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_LOOPWITHOUTSTOPCHECKCHECK_H
#define KTHREAD_TIDY_CHECKS_LOOPWITHOUTSTOPCHECKCHECK_H

#include "FileAnalysisCheck.h"

namespace kthread {

class LoopWithoutStopCheckCheck : public FileAnalysisCheck {
public:
  LoopWithoutStopCheckCheck(llvm::StringRef Name,
                            clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void
  analyseFile(clang::ASTContext &Context,
              llvm::ArrayRef<const clang::FunctionDecl *> Functions) override;

private:
  const std::string CreateFunctions;
  const std::string StopFunctions;
  const std::string StopCheckFunctions;
};

} // namespace kthread

#endif
