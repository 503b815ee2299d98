//===--- TreeAudit.h - The phases of a tree's audit -----------------------===//
//
// A tree is audited in phases (docs/kthread-audit.md, "The tree index"):
//  1. every file the prefilter kept, alone; then the files of their
//     directories that tell facts they need;
//  2. the tree index of their summaries is written;
//  3. every file that needs facts another file told is audited again with
//     the index.
// With --index, the index also keeps each file's outcome, and a later run
// reuses it while the file's command, the files it read, the checks'
// configuration and kthread-audit itself are unchanged.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_TREEAUDIT_H
#define KTHREAD_TIDY_TOOLS_AUDIT_TREEAUDIT_H

#include "CompileCommands.h"
#include "FileAuditor.h"
#include "TreeIndex.h"
#include "llvm/Support/Error.h"
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kthread::audit {

/// Audits \p Commands (with their syntax-only \p Arguments), \p Jobs at a
/// time, each in a process of its own.
using AuditFunction = std::function<std::vector<FileOutcome>(
    const std::vector<Command> &Commands,
    const std::vector<std::vector<std::string>> &Arguments,
    const AuditSettings &Settings, unsigned Jobs)>;

struct TreeAuditResult {
  /// What was audited, in the order of Outcomes.
  std::vector<Command> Commands;
  std::vector<std::vector<std::string>> Arguments;
  std::vector<FileOutcome> Outcomes;
  /// Files the prefilter skipped and nothing needed.
  unsigned Skipped = 0;
};

class TreeAudit {
public:
  /// \p Index: the --index file ("" for a temporary one, removed at the
  /// end); \p TaskUses: the API functions that use a task they are given.
  TreeAudit(AuditSettings Settings, unsigned Jobs, std::string Index,
            std::vector<std::string> TaskUses, std::string ResourceDir,
            AuditFunction Audit);
  ~TreeAudit();

  /// Reuses the outcomes an earlier run kept in the index \p Path without
  /// writing it (the index of this run is then a temporary one).
  void reuseOutcomesOf(std::string Path) { ReuseFrom = std::move(Path); }

  /// The phases over the files the prefilter \p Kept and \p Skipped.
  llvm::Expected<TreeAuditResult>
  run(std::vector<Command> Kept,
      std::vector<std::vector<std::string>> Arguments,
      std::vector<Command> Skipped);

private:
  std::vector<FileOutcome>
  auditOrReuse(const std::vector<Command> &Commands,
               const std::vector<std::vector<std::string>> &Arguments,
               const AuditSettings &Settings, unsigned Phase,
               llvm::StringRef ExtraKey);
  std::vector<size_t> neededSkipped(const std::vector<FileOutcome> &Outcomes,
                                    const std::vector<Command> &Skipped) const;
  llvm::Error writeIndex(const std::vector<FileOutcome> &Outcomes) const;
  llvm::Error acrossFiles(TreeAuditResult &R);
  std::string keyOf(const Command &C, llvm::ArrayRef<std::string> Arguments,
                    const AuditSettings &Settings) const;

  AuditSettings Settings;
  unsigned Jobs;
  std::string Index;
  bool OwnsIndex = false;
  std::string ReuseFrom;
  std::vector<std::string> TaskUses;
  std::string ResourceDir;
  AuditFunction Audit;
  /// What the earlier run with this index kept, by file and phase.
  std::map<std::pair<std::string, unsigned>, kthread::CachedOutcome> Earlier;
  /// What this run keeps for the next one.
  std::vector<kthread::CachedOutcome> Kept;
  /// What identifies this kthread-audit: a rebuilt one analyses anew.
  std::string ToolKey;
  size_t ReusedCount = 0;
};

} // namespace kthread::audit

#endif
