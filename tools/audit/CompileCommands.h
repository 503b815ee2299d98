//===--- CompileCommands.h - Per-file commands for the audit --------------===//
//
// Where the compile commands come from (a compile_commands.json, or kbuild's
// dry run of a kernel tree) and how a build command becomes a syntax-only
// clang-19 command: output and dependency flags go, GCC-only flags that clang
// rejects are dropped, warnings stop being errors.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_TOOLS_AUDIT_COMPILECOMMANDS_H
#define KTHREAD_TIDY_TOOLS_AUDIT_COMPILECOMMANDS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kthread::audit {

struct Command {
  std::string Directory;
  std::string File; // Absolute, as the database or the user spells it.
  std::vector<std::string> Arguments;
  /// File with symbolic links resolved: what names the file's identity.
  std::string RealFile;
};

/// \p File made absolute against \p Directory, without "." and "..".
std::string absolutePath(llvm::StringRef Directory, llvm::StringRef File);

/// \p Bytes as JSON: a string, or {"hex": ...} when they are not UTF-8
/// (file names and arguments from a kbuild dry run can be anything).
llvm::json::Value bytesJson(llvm::StringRef Bytes);
std::optional<std::string> bytesFromJson(const llvm::json::Value &V);

/// \p Path with symbolic links resolved, or \p Path itself if it does not
/// exist.
std::string realPathOf(llvm::StringRef Path);

/// Loads a compile_commands.json, given as the file or its directory. The
/// JSON must be complete and every entry well-formed: a truncated or garbled
/// database is an error, never a subset.
llvm::Expected<std::vector<Command>> loadCompileDatabase(llvm::StringRef Path);

/// Parses the text of a compile_commands.json called \p Name; relative
/// "directory" entries are relative to \p BaseDirectory.
llvm::Expected<std::vector<Command>>
parseCompileDatabase(llvm::StringRef Text, llvm::StringRef Name,
                     llvm::StringRef BaseDirectory);

/// \p Commands as the text of a compile_commands.json.
std::string compileDatabaseText(const std::vector<Command> &Commands);

/// Writes \p Commands as a compile_commands.json, atomically.
llvm::Error writeCompileDatabase(llvm::StringRef Path,
                                 const std::vector<Command> &Commands);

/// Splits one line of shell into its simple commands (at ';', '&&', '||',
/// '|', '&'), each as words with quotes and escapes removed.
std::vector<std::vector<std::string>> splitShellLine(llvm::StringRef Line);

/// The C compiles of a kbuild dry run ('make -n') run in \p TreeDir.
std::vector<Command> parseKbuildDryRun(llvm::StringRef Output,
                                       llvm::StringRef TreeDir);

/// Turns a build command into the syntax-only command the audit runs. Flags
/// clang does not accept are removed and added to \p Dropped.
std::vector<std::string> syntaxOnlyArguments(const Command &C,
                                             llvm::StringRef ResourceDir,
                                             std::set<std::string> &Dropped);

} // namespace kthread::audit

#endif
