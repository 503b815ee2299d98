//===--- KernelTree.h - Kernel trees that were never built ----------------===//
//
// A kernel tree without a compilation database: configure it if it has no
// .config (allmodconfig, warnings not errors), run modules_prepare, and take
// each file's exact command from kbuild's dry run. Debian's linux-source
// package provides such a tree.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_KERNELTREE_H
#define KTHREAD_TIDY_TOOLS_AUDIT_KERNELTREE_H

#include "CompileCommands.h"
#include "Prefilter.h"
#include "llvm/Support/Error.h"

namespace kthread::audit {

/// An exclusive lock on a directory's state (a kernel tree's
/// .kthread-audit/, the Debian cache), held while this run prepares it, so
/// that concurrent runs neither race nor read each other's half-written
/// files.
class TreeLock {
public:
  /// Waits for the lock on \p File, which is created if needed.
  static llvm::Expected<TreeLock> acquire(llvm::StringRef File);
  TreeLock(TreeLock &&Other);
  ~TreeLock();

private:
  TreeLock() = default;
  int FD = -1;
};

/// Locks \p Tree's .kthread-audit/ state.
llvm::Expected<TreeLock> lockKernelTree(llvm::StringRef Tree);

/// An error unless \p Dir is the top of a Linux source tree.
llvm::Error checkKernelTree(llvm::StringRef Dir);

/// Configures (if needed) and runs modules_prepare; progress to stderr.
llvm::Error prepareKernelTree(llvm::StringRef Dir, unsigned Jobs);

/// The C compile commands kbuild would run for \p Targets ('drivers/',
/// 'drivers/foo/bar.o'), cached in the tree until .config changes. Paths
/// are under \p Tree as given, whichever path made the cache.
llvm::Expected<std::vector<Command>>
kbuildCommands(llvm::StringRef Dir, const std::vector<std::string> &Targets);

/// The top-level directories of \p Tree (for arch/, only the chosen
/// architecture's) under which some C file names the kthread API, as targets
/// relative to the tree ('drivers', 'arch/x86'). Host programs (scripts/,
/// tools/, usr/) are not kernel code and are not looked at.
std::vector<std::string> kthreadDirectories(llvm::StringRef Tree,
                                            Prefilter &Filter);

/// Builds for \p Arch (kbuild's ARCH: arm64, powerpc, ...) rather than the
/// host's; an error unless clang builds the kernel for it.
llvm::Error chooseKernelArch(llvm::StringRef Arch);
/// kbuild's ARCH the trees are prepared for.
std::string kernelArch();

/// Debian's linux-source-\p Version unpacked into the cache (installing the
/// package when running as root); returns the tree.
llvm::Expected<std::string> debianKernelTree(llvm::StringRef Version);

} // namespace kthread::audit

#endif
