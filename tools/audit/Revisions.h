//===--- Revisions.h - Two sides of a change, from git --------------------===//
//
// Patch-series mode compares an audit of a change's "before" side with one
// of its "after" side. A side is the tree on disk with the texts of the
// changed files replaced: --since REV puts REV's texts under "before" and
// keeps the working tree as "after"; a patch (b4's per-patch check) puts
// the blobs its `index` lines name on either side, applying it with git
// when the new blobs are not in the repository.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_REVISIONS_H
#define KTHREAD_TIDY_TOOLS_AUDIT_REVISIONS_H

#include "FileAuditor.h"
#include "llvm/Support/Error.h"
#include <set>
#include <string>
#include <vector>

namespace kthread::audit {

struct ChangeSide {
  /// Texts that differ from the disk's, by absolute path.
  SourceOverlay Texts;
  /// Changed files that do not exist on this side.
  std::set<std::string> Absent;
};

struct Change {
  /// The C sources and headers changed, by absolute path as the tree
  /// spells them.
  std::vector<std::string> Files;
  ChangeSide Before, After;
};

/// The C sources and headers changed in \p Root's repository since \p Rev
/// (committed, staged, unstaged and untracked).
llvm::Expected<Change> changeSince(llvm::StringRef Root, llvm::StringRef Rev);

/// The C sources and headers the git patch \p Patch (`git format-patch`
/// output, as b4 pipes it) changes in \p Root's repository.
llvm::Expected<Change> changeOfPatch(llvm::StringRef Root,
                                     llvm::StringRef Patch);

} // namespace kthread::audit

#endif
