//===--- ThreadCheck.h - Checks about a stopped thread's own code ---------===//
//
// kthread-stop-after-exit, kthread-wait-without-stop-condition and
// kthread-loop-without-stop-check judge the code of thread functions that
// the file stops; they share the options that name the project's creation,
// stop and stop-check functions, and the notes that place a finding in its
// thread.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_CHECKS_THREADCHECK_H
#define KTHREAD_TIDY_CHECKS_THREADCHECK_H

#include "FileAnalysisCheck.h"
#include "StoppedThreads.h"

namespace kthread {

class ThreadCheck : public FileAnalysisCheck {
public:
  ThreadCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  ThreadCheckOptions threadOptions() const;
  /// Notes that place a finding at \p Loc in its thread: the helper it is
  /// in, where the thread starts, and a stop that waits for it.
  void noteThread(clang::SourceLocation Loc, const ThreadPlace &Place);

private:
  const std::string CreateFunctions;
  const std::string StopFunctions;
  const std::string StopCheckFunctions;
};

} // namespace kthread

#endif
