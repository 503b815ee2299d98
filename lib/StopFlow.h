//===--- StopFlow.h - A task stopped twice on one path --------------------===//
//
// kthread_stop() waits for the thread to exit; kernel threads are reaped at
// once, so when it returns the task_struct may already be freed unless the
// caller pinned it with get_task_struct(). A second kthread_stop() on the
// same pointer, on a path without a re-assignment in between, is a
// use-after-free. The shape is bugprone-use-after-move's: the stop is the
// move, a store to the pointer is the re-initialisation.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_STOPFLOW_H
#define KTHREAD_TIDY_LIB_STOPFLOW_H

#include "StopSites.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include <string>
#include <vector>

namespace kthread {

struct StopFlowOptions {
  /// Functions that stop the task given as their first argument.
  std::vector<std::string> StopFunctions;
};

struct DoubleStopFinding {
  /// The task pointer as written at the second stop.
  std::string Pointer;
  StopSite First;
  StopSite Second;
};

/// Analyses \p Functions, the definitions of one file, together.
std::vector<DoubleStopFinding>
findDoubleStops(clang::ASTContext &Ctx,
                llvm::ArrayRef<const clang::FunctionDecl *> Functions,
                const StopFlowOptions &Options);

} // namespace kthread

#endif
