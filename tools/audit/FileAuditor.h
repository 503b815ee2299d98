//===--- FileAuditor.h - Run the kthread checks on one file ---------------===//
//
// The same clang-tidy checks as the plugin, over a front end of our own:
// bodies of functions outside the main file (thousands of header inlines in
// a kernel file) are skipped while parsing, and matching is restricted to the
// main file's declarations, as clangd does. No check reads either.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_FILEAUDITOR_H
#define KTHREAD_TIDY_TOOLS_AUDIT_FILEAUDITOR_H

#include "TreeIndex.h"

#include "CompileCommands.h"
#include "Findings.h"
#include "clang-tidy/ClangTidyOptions.h"
#include <map>
#include <memory>
#include <optional>

namespace kthread::audit {

/// Absolute paths and the texts to read for them.
using SourceOverlay = std::map<std::string, std::string>;

/// The text of \p Path: \p Overlay's when it has it, else the disk's.
std::optional<std::string> readSource(llvm::StringRef Path,
                                      const SourceOverlay *Overlay);

struct AuditSettings {
  clang::tidy::ClangTidyOptions Options;
  std::string Root;
  bool ParseHeaderBodies = false;
  /// Names whose mention in a header function's body gets it parsed.
  std::vector<std::string> HeaderBodyNames;
  /// Files read with these contents instead of the disk's, by absolute
  /// path (another revision's, for --since); null: none.
  std::shared_ptr<const SourceOverlay> Overlay;
};

struct FileOutcome {
  std::vector<Finding> Findings;
  std::optional<Failure> NotAnalysed;
  /// What the file tells the other files of the tree (TreeIndex.h).
  kthread::FileSummary Summary;
  /// Every file the analysis read, as it was then: a later run reuses the
  /// outcome while none of them changed.
  struct Dependency {
    std::string Path;
    uint64_t Size = 0;
    int64_t ModifiedSeconds = 0;
  };
  std::vector<Dependency> Dependencies;
  /// Where the main file's function definitions are (byte offsets).
  struct FunctionSpan {
    unsigned Begin = 0, End = 0;
    std::string Name;
  };
  std::vector<FunctionSpan> Functions;
};

/// Runs the enabled checks on \p C with the syntax-only \p Arguments.
FileOutcome auditFile(const Command &C,
                      const std::vector<std::string> &Arguments,
                      const AuditSettings &Settings);

/// \p Path relative to \p Root when it lies inside it.
std::string reportPath(llvm::StringRef Path, llvm::StringRef Root);

} // namespace kthread::audit

#endif
