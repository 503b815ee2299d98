//===--- Isolation.h - One process per analysed file ----------------------===//
//
// A file that overflows the parser's stack (an 8000-long `else if` chain),
// grows without bound (exponential macros) or never finishes must cost only
// its own analysis. Each file is analysed in a forked child process under a
// memory limit and a time limit; the parent, which runs no threads, collects
// each child's findings through a pipe and reports a child that died or was
// stopped as a file not analysed.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_ISOLATION_H
#define KTHREAD_TIDY_TOOLS_AUDIT_ISOLATION_H

#include "FileAuditor.h"
#include <functional>

namespace kthread::audit {

struct FileLimits {
  /// Address space of one analysis, in MiB (0: none).
  unsigned MemoryMiB = 4096;
  /// Wall-clock time of one analysis, in seconds (0: none).
  unsigned Seconds = 600;
};

/// An outcome as the child sends it (JSON), and back: also how a run keeps
/// outcomes for the next one.
std::string outcomeText(const FileOutcome &O);
std::optional<FileOutcome> parseOutcome(llvm::StringRef Text);

/// Analyses every command in a child process, \p Jobs at a time; outcomes
/// are in the order of \p Commands. \p Finished is called as each ends.
std::vector<FileOutcome>
auditIsolated(const std::vector<Command> &Commands,
              const std::vector<std::vector<std::string>> &Arguments,
              const AuditSettings &Settings, unsigned Jobs, FileLimits Limits,
              const std::function<void(size_t)> &Finished);

} // namespace kthread::audit

#endif
