//===--- KthreadApi.h - What the analysis knows of the kthread API --------===//
//
// Names and roles of the kernel functions and macros that create, check and
// consume kernel threads and kthread workers.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_KTHREADAPI_H
#define KTHREAD_TIDY_LIB_KTHREADAPI_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace kthread {

/// Creation functions and macros. All return an ERR_PTR on failure, never NULL.
extern const char DefaultCreateFunctions[];

/// Functions whose test of a pointer tells an ERR_PTR apart.
extern const char DefaultErrCheckFunctions[];

/// Functions that stop the task given as their first argument.
extern const char DefaultStopFunctions[];

/// Functions whose true result means that kthread_stop() was called.
extern const char DefaultStopCheckFunctions[];

/// Splits a semicolon-separated option value, dropping blanks.
std::vector<std::string> splitNameList(llvm::StringRef List);

/// Whether a creation function only creates (the thread sleeps until woken),
/// as opposed to `kthread_run*`, which also starts it.
bool createsWithoutStarting(llvm::StringRef CreateName);

/// Whether a creation function makes a kthread_worker rather than a task.
bool createsWorker(llvm::StringRef CreateName);

/// If \p Callee dereferences the task or worker it is given, the index of
/// that argument (e.g. 0 for `wake_up_process`, 1 for `send_sig`).
std::optional<unsigned> consumedArgument(llvm::StringRef Callee);

} // namespace kthread

#endif
