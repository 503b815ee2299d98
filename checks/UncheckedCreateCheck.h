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
#include "FileAnalysisCheck.h"

namespace kthread {

class UncheckedCreateCheck : public FileAnalysisCheck {
public:
  UncheckedCreateCheck(llvm::StringRef Name,
                       clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void
  analyseFile(clang::ASTContext &Context,
              llvm::ArrayRef<const clang::FunctionDecl *> Functions) override;

private:
  void report(const ErrPtrFinding &Finding);

  const std::string CreateFunctions;
  const std::string ErrCheckFunctions;
};

} // namespace kthread

#endif
