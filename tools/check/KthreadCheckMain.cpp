//===--- KthreadCheckMain.cpp - kthread-check, a kbuild CHECK= checker ----===//
//
// kbuild runs its checker as `$(CHECK) $(CHECKFLAGS) $(c_flags) file.c`
// (scripts/Makefile.build) with `make C=1` (recompiled files) or `make C=2`
// (all). The flags are the compiler's, often GCC's, and sparse's own; make
// runs each command under `set -e`, and `make -s` discards stdout. So this
// keeps what clang accepts (kthread-audit's filter), runs the kthread checks
// as clang-tidy would, with the tree's .clang-tidy, and prints clang-style
// diagnostics on stderr, exiting 0 unless --fail-on-findings is given
// (then 1 for findings, 2 for a file clang cannot compile).
//
//===----------------------------------------------------------------------===//

#include "CompileCommands.h"
#include "KthreadTidyVersion.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <set>
#include <unistd.h>

using namespace clang;
using kthread::audit::Command;

namespace {

/// Flags of sparse's own that kbuild's CHECKFLAGS pass: warnings clang does
/// not have (silenced below as a class) and the checker macro, which kernel
/// headers turn into sparse's address-space attributes.
bool isSparseOnly(llvm::StringRef A) {
  return A == "-D__CHECKER__" || A.starts_with("-D__CHECKER__=") ||
         A == "-Wbitwise" || A == "-Wno-return-void" ||
         A == "-Wno-unknown-attribute" || A.starts_with("-Wsparse-") ||
         A.starts_with("-Wno-sparse-") || A.starts_with("-fmemcpy-max-count=");
}

int usage(llvm::StringRef Problem) {
  llvm::errs() << "kthread-check: error: " << Problem
               << "\nusage: kthread-check [--fail-on-findings] "
                  "<compiler flags> <file.c>\n";
  return 2;
}

} // namespace

int main(int Argc, char **Argv) {
  bool FailOnFindings = false;
  std::vector<std::string> Arguments{"gcc"};
  std::string File;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    if (A == "--version") {
      llvm::outs() << "kthread-check " KTHREAD_TIDY_VERSION " ("
                   << KTHREAD_TIDY_HOMEPAGE << "), built with LLVM "
                   << LLVM_VERSION_STRING << "\n";
      return 0;
    }
    if (A == "--fail-on-findings") {
      FailOnFindings = true;
      continue;
    }
    if (isSparseOnly(A))
      continue;
    // kbuild names the file last; scripts/checker-valid.sh probes the
    // checker with a mktemp file, which has no .c suffix.
    bool Last = I == Argc - 1;
    if (!A.starts_with("-") &&
        (A.ends_with(".c") || (Last && llvm::sys::fs::is_regular_file(A)))) {
      File = A.str();
      if (!A.ends_with(".c"))
        Arguments.insert(Arguments.end(), {"-x", "c"});
    }
    Arguments.push_back(A.str());
  }
  // `make -s` discards stdout; a checker speaks on stderr.
  ::dup2(2, 1);
  if (File.empty())
    return usage("no C file given");
  if (!llvm::sys::fs::is_regular_file(File))
    return usage("cannot read " + File);

  llvm::SmallString<256> Directory;
  llvm::sys::fs::current_path(Directory);
  Command C{std::string(Directory), File, Arguments, ""};
  std::set<std::string> Dropped;
  std::vector<std::string> Clang = kthread::audit::syntaxOnlyArguments(
      C, KTHREAD_CLANG_RESOURCE_DIR, Dropped);
  std::vector<std::string> Flags;
  for (size_t I = 1; I < Clang.size(); ++I)
    if (Clang[I] != File)
      Flags.push_back(Clang[I]);
  // Sparse's other -W flags are unknown to clang: say nothing about them;
  // nor count the compiler's warnings, which the checks' filter hides
  // ("N warnings generated." after each file).
  Flags.push_back("-Wno-unknown-warning-option");
  Flags.push_back("-fno-caret-diagnostics");
  tooling::FixedCompilationDatabase Database(Directory, Flags);

  tidy::ClangTidyOptions Defaults = tidy::ClangTidyOptions::getDefaults();
  Defaults.Checks = "-*,kthread-*";
  tidy::ClangTidyContext Context(std::make_unique<tidy::FileOptionsProvider>(
      tidy::ClangTidyGlobalOptions(), Defaults, tidy::ClangTidyOptions()));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  std::vector<tidy::ClangTidyError> Errors =
      tidy::runClangTidy(Context, Database, {File}, FS, /*ApplyAnyFix=*/false);
  unsigned WarningsAsErrors = 0;
  tidy::handleErrors(Errors, Context, tidy::FB_NoFix, WarningsAsErrors, FS);
  bool Findings = llvm::any_of(Errors, [](const tidy::ClangTidyError &E) {
    return llvm::StringRef(E.DiagnosticName).starts_with("kthread-");
  });
  // A file clang cannot compile was not checked: never a silent pass.
  if (llvm::any_of(Errors, [](const tidy::ClangTidyError &E) {
        return E.DiagLevel == tidy::ClangTidyError::Error &&
               llvm::StringRef(E.DiagnosticName).starts_with("clang-diagnostic-");
      })) {
    llvm::errs() << "kthread-check: error: " << File
                 << " not analysed: clang cannot compile it (errors above)\n";
    return FailOnFindings ? 2 : 0;
  }
  return FailOnFindings && Findings ? 1 : 0;
}
