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
#include <set>
#include <string>
#include <vector>

namespace kthread::audit {

struct Command {
  std::string Directory;
  std::string File; // Absolute.
  std::vector<std::string> Arguments;
};

/// \p File made absolute against \p Directory, without "." and "..".
std::string absolutePath(llvm::StringRef Directory, llvm::StringRef File);

/// Loads a compile_commands.json, given as the file or its directory.
llvm::Expected<std::vector<Command>> loadCompileDatabase(llvm::StringRef Path);

/// Writes \p Commands as a compile_commands.json.
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
