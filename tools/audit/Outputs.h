//===--- Outputs.h - Files written whole or not at all --------------------===//
//
// A report replaces the previous one only when the run succeeded: the text
// goes to a temporary file in the target's directory and is renamed over the
// target at the end, so an error, a signal or a second run writing the same
// path never leaves a truncated or mixed file. A path that names one of the
// run's inputs is refused before anything is written.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_OUTPUTS_H
#define KTHREAD_TIDY_TOOLS_AUDIT_OUTPUTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>
#include <vector>

namespace kthread::audit {

/// Writes \p Path atomically. A target that exists and is not a regular file
/// (/dev/stdout, a FIFO) cannot be replaced and is written in place.
class AtomicFile {
public:
  static llvm::Expected<std::unique_ptr<AtomicFile>>
  create(llvm::StringRef Path);
  ~AtomicFile();

  llvm::raw_ostream &os() { return *Stream; }
  /// Flushes and moves the text into place; an error names the target.
  llvm::Error commit();

private:
  AtomicFile(std::string Target, std::string Temporary, int FD);

  std::string Target;
  std::string Temporary; // Empty when writing in place.
  std::unique_ptr<llvm::raw_fd_ostream> Stream;
  bool Committed = false;
};

/// Writes \p Text to \p Path atomically.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Text);

/// A file the run reads, named for messages ("the compilation database").
struct NamedInput {
  std::string Path;
  std::string Role;
};

/// An error if one of \p Outputs (option name, path) is the same file as an
/// input or as another output, or, with \p RefuseSources, an existing C
/// source or header.
llvm::Error checkOutputsAreNotInputs(const std::vector<NamedInput> &Outputs,
                                     const std::vector<NamedInput> &Inputs,
                                     bool RefuseSources);

} // namespace kthread::audit

#endif
