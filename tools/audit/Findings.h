//===--- Findings.h - What an audit found, and how it is reported ---------===//
//
// One record per warning, with its notes, in a form independent of clang's
// SourceManager (which is gone once a file's analysis ends), plus the files
// that could not be analysed. Reports are text (clang style), JSON (also the
// baseline format) and SARIF 2.1.0.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_FINDINGS_H
#define KTHREAD_TIDY_TOOLS_AUDIT_FINDINGS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace kthread::audit {

struct Position {
  std::string File; // Relative to the report root when inside it.
  unsigned Line = 0;
  unsigned Column = 0;
};

struct Note {
  Position Where;
  std::string Message;
};

struct Finding {
  std::string Check;
  std::string Message;
  Position Where;
  std::vector<Note> Notes;
  /// From the likelihood note of a kthread check: "certain", "race",
  /// "failed-creation"; empty for other diagnostics.
  std::string Likelihood;
};

/// A file the audit could not judge: it did not parse, or analysis crashed.
struct Failure {
  std::string File;
  std::string Reason;
};

struct Report {
  std::string Root; // Absolute directory paths are reported relative to.
  unsigned FilesAudited = 0;
  unsigned FilesSkipped = 0; // By the prefilter.
  unsigned HiddenByBaseline = 0;
  std::vector<Finding> Findings;
  std::vector<Failure> Failures;
  /// Findings less likely than asked for (--min-likelihood), not shown.
  unsigned BelowLikelihood = 0;

  /// Sorts findings and failures so that output never depends on -j.
  void sort();
};

enum class Format { Text, Json, Sarif };

/// \p Text with control characters spelled out (\n, \x1b), for terminals
/// and line-oriented reports.
std::string printable(llvm::StringRef Text);

void writeText(const Report &R, llvm::raw_ostream &OS);
void writeJson(const Report &R, llvm::raw_ostream &OS);
void writeSarif(const Report &R, llvm::raw_ostream &OS);

/// A finding as the JSON report writes it, and back: file names that are
/// not UTF-8 keep their bytes.
llvm::json::Object findingJson(const Finding &F);
std::optional<Finding> findingFromJson(const llvm::json::Value &V);

/// The findings of an earlier JSON report, to hide from a new one. Matching
/// ignores line numbers, so unrelated edits do not bring a known finding
/// back; each baseline entry hides at most one finding.
class Baseline {
public:
  /// Reads and validates \p Path (before any work starts).
  static llvm::Expected<Baseline> load(llvm::StringRef Path);
  void apply(Report &R) const;

private:
  llvm::StringMap<unsigned> Known;
};

} // namespace kthread::audit

#endif
