//===--- StopAfterExitCheck.h - kthread-stop-after-exit -------------------===//
//
// A thread function that can return before kthread_should_stop() is true,
// while the file stops its task with kthread_stop() and never pinned it:
// kthread_stop() on an already exited thread uses a freed task_struct.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_STOPAFTEREXITCHECK_H
#define KTHREAD_TIDY_CHECKS_STOPAFTEREXITCHECK_H

#include "FileAnalysisCheck.h"

namespace kthread {

class StopAfterExitCheck : public FileAnalysisCheck {
public:
  StopAfterExitCheck(llvm::StringRef Name,
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
