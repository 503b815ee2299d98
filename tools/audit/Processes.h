//===--- Processes.h - Child processes and clean interruption -------------===//
//
// kthread-audit starts other processes (make for kbuild's dry run, one worker
// per analysed file) and writes files through temporaries. When SIGINT,
// SIGTERM or SIGHUP ends the run, its children must end with it and no
// temporary may be left behind: the handler installed here kills every
// registered process group and removes every registered path, then lets the
// signal end the process as it would have.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_PROCESSES_H
#define KTHREAD_TIDY_TOOLS_AUDIT_PROCESSES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <sys/types.h>
#include <vector>

namespace kthread::audit {

/// Installs the SIGINT/SIGTERM/SIGHUP handler; call once, early.
void installInterruptCleanup();

/// In a freshly forked child: the signals' default actions again, so that
/// the child never removes its parent's files or kills its siblings.
void resetInterruptCleanupInChild();

/// \p Path is removed if a signal ends the run before forgetPath().
void removeOnInterrupt(llvm::StringRef Path);
void forgetPath(llvm::StringRef Path);

/// Process group \p Group is killed if a signal ends the run before
/// forgetProcess().
void killOnInterrupt(pid_t Group);
void forgetProcess(pid_t Group);

/// Runs \p Program with \p Arguments (without argv[0]) and environment
/// \p Environment in a process group of its own, stdin from /dev/null,
/// stdout to \p StdoutPath and stderr to \p StderrPath (both truncated).
/// Returns its exit status; a program killed by a signal is an error.
llvm::Expected<int> runProgram(llvm::StringRef Program,
                               const std::vector<std::string> &Arguments,
                               const std::vector<std::string> &Environment,
                               llvm::StringRef StdoutPath,
                               llvm::StringRef StderrPath);

} // namespace kthread::audit

#endif
