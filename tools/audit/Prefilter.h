//===--- Prefilter.h - Skip files that never touch the kthread API --------===//
//
// Every kthread check starts from a creation or a stop call in the file it
// analyses, so a file whose text (and the text of the local headers it
// includes with quotes, where a driver may wrap kthread_run in a macro) names
// none of those functions cannot produce a finding and is not parsed. A park
// or a worker flush or destroy counts only in the file's own text: the
// checks see it only in the file's own functions (a header's inline helper
// has its body skipped).
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_PREFILTER_H
#define KTHREAD_TIDY_TOOLS_AUDIT_PREFILTER_H

#include "FileAuditor.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <mutex>
#include <string>
#include <vector>

namespace kthread::audit {

/// Whether \p Name occurs in \p Text as a whole identifier.
bool containsIdentifier(llvm::StringRef Text, llvm::StringRef Name);

class Prefilter {
public:
  /// \p Names are the creation and stop functions (and macros) the checks
  /// are configured with; \p OwnNames those that count only in the file's
  /// own text. Files in \p Overlay are read from it.
  Prefilter(std::vector<std::string> Names, std::vector<std::string> OwnNames,
            std::shared_ptr<const SourceOverlay> Overlay = nullptr);

  /// Whether \p File, or a local header it includes, names one of them.
  bool mentionsApi(llvm::StringRef File);

private:
  /// What one file says by itself; headers are shared by many files.
  struct FileFacts {
    bool Readable = false;
    bool Mentions = false;
    bool MentionsOwn = false;          // One of OwnNames.
    std::vector<std::string> Includes; // Quoted includes, as paths.
  };

  static bool mentionsAny(llvm::StringRef Text,
                          const std::vector<std::string> &Names);
  const FileFacts &factsOf(llvm::StringRef File);

  std::vector<std::string> Names, OwnNames;
  std::shared_ptr<const SourceOverlay> Overlay;
  std::mutex CacheLock;
  llvm::StringMap<FileFacts> Cache;
};

} // namespace kthread::audit

#endif
