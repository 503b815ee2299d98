//===--- DoubleStopCheck.h - kthread-double-stop --------------------------===//
//
// kthread_stop() applied twice to one task on a path with no re-assignment of
// the pointer in between: the second call touches a task_struct that may
// already be freed.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_DOUBLESTOPCHECK_H
#define KTHREAD_TIDY_CHECKS_DOUBLESTOPCHECK_H

#include "FileAnalysisCheck.h"

namespace kthread {

class DoubleStopCheck : public FileAnalysisCheck {
public:
  DoubleStopCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void
  analyseFile(clang::ASTContext &Context,
              llvm::ArrayRef<const clang::FunctionDecl *> Functions) override;

private:
  const std::string StopFunctions;
};

} // namespace kthread

#endif
