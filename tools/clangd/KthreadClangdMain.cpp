//===--- KthreadClangdMain.cpp - clangd with the kthread checks -----------===//
//
// Stock clangd cannot load clang-tidy plugins, so kthread-clangd is Debian's
// clangd 19 (libclangdMain.a) linked with the `kthread` module, which
// registers itself in clang-tidy's module registry. clangd's headers are not
// shipped, so its entry point is declared here.
//
//===----------------------------------------------------------------------===//

#include "KthreadTidyVersion.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::clangd {
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

namespace {

bool isResourceDirFlag(llvm::StringRef Arg) {
  Arg = Arg.ltrim('-');
  return Arg == "resource-dir" || Arg.starts_with("resource-dir=");
}

// clangd reads extra flags from CLANGD_FLAGS as well as from its arguments.
bool userChoseResourceDir(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I)
    if (isResourceDirFlag(Argv[I]))
      return true;
  std::optional<std::string> EnvFlags =
      llvm::sys::Process::GetEnv("CLANGD_FLAGS");
  return EnvFlags && llvm::StringRef(*EnvFlags).contains("resource-dir");
}

} // namespace

int main(int Argc, char **Argv) {
  // clangd prints its own version and exits; say first what this one is.
  for (int I = 1; I < Argc; ++I)
    if (llvm::StringRef(Argv[I]).ltrim('-') == "version")
      llvm::outs() << "kthread-clangd " KTHREAD_TIDY_VERSION " ("
                   << KTHREAD_TIDY_HOMEPAGE << "), the kthread checks in:\n";
  // clangd derives the resource directory (builtin headers such as
  // <stdarg.h>) from its own path, which for this binary names a directory
  // that does not exist. Use the installed clang 19's unless told otherwise.
  static std::string ResourceDirFlag =
      std::string("--resource-dir=") + KTHREAD_CLANG_RESOURCE_DIR;
  std::vector<char *> Args(Argv, Argv + Argc);
  if (Argc > 0 && !userChoseResourceDir(Argc, Argv))
    Args.insert(Args.begin() + 1, ResourceDirFlag.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
