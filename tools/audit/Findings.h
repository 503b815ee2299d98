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
#include <map>
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
  /// The main-file function the warning is in; empty outside any.
  std::string Function;
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

enum class Format { Text, Json, Sarif, B4 };

/// \p Text with control characters spelled out (\n, \x1b), for terminals
/// and line-oriented reports.
std::string printable(llvm::StringRef Text);

void writeText(const Report &R, llvm::raw_ostream &OS);
void writeJson(const Report &R, llvm::raw_ostream &OS);
void writeSarif(const Report &R, llvm::raw_ostream &OS);
/// One checkpatch-style `WARNING:` line per finding, as b4's per-patch
/// check commands print.
void writeB4(const Report &R, llvm::raw_ostream &OS);

/// A finding as the JSON report writes it, and back: file names that are
/// not UTF-8 keep their bytes.
llvm::json::Object findingJson(const Finding &F);
std::optional<Finding> findingFromJson(const llvm::json::Value &V);

/// The findings of an earlier JSON report, to hide from a new one. Matching
/// is on file, check, function and message, not line, so unrelated edits do
/// not bring a known finding back; each baseline entry hides at most one
/// finding. An entry without a function (an older report) matches in any.
class Baseline {
public:
  /// Reads and validates \p Path (before any work starts).
  static llvm::Expected<Baseline> load(llvm::StringRef Path);
  /// The baseline of findings at hand (an audit of an earlier revision).
  static Baseline of(const std::vector<Finding> &Findings);
  void apply(Report &R) const;

private:
  void add(const Finding &F);
  /// By file, check and message: how many in each function.
  llvm::StringMap<std::map<std::string, unsigned>> Known;
};

} // namespace kthread::audit

#endif
