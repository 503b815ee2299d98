//===--- VersionGuard.cpp - kthread-tidy.so, the plugin clang-tidy loads --===//
//
// The checks (kthread-tidy-checks.so) use clang-tidy 19's classes, which
// clang-tidy-19 exports. Loaded into another clang-tidy, they would fail with
// a dynamic linker's list of missing symbols. This small library is what
// `clang-tidy --load` names: it asks the host which clang it is, and loads
// the checks only into clang-tidy 19; otherwise it says what it needs, on one
// line, and ends the run with status 2.
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <unistd.h>

namespace {

constexpr int RequiredMajor = KTHREAD_LLVM_MAJOR;

[[noreturn]] void refuse(const std::string &Why) {
  std::fprintf(stderr, "kthread-tidy: error: %s\n", Why.c_str());
  std::fflush(stderr);
  ::_exit(2);
}

/// The host's "Debian clang version 19.1.7 ...", or "" if it does not say.
std::string hostVersion() {
  using VersionFn = std::string (*)();
  auto *Get = reinterpret_cast<VersionFn>(
      ::dlsym(RTLD_DEFAULT, "_ZN5clang19getClangFullVersionB5cxx11Ev"));
  return Get ? Get() : "";
}

/// The major number in "... version 19.1.7 ...", or -1.
int majorOf(const std::string &Version) {
  size_t At = Version.find("version ");
  if (At == std::string::npos)
    return -1;
  return std::atoi(Version.c_str() + At + 8);
}

/// The directory this library was loaded from.
std::string ownDirectory() {
  Dl_info Info;
  if (!::dladdr(reinterpret_cast<void *>(&ownDirectory), &Info) ||
      !Info.dli_fname)
    return ".";
  std::string Path = Info.dli_fname;
  size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

__attribute__((constructor)) void loadChecks() {
  std::string Version = hostVersion();
  int Major = majorOf(Version);
  if (Major != RequiredMajor)
    refuse("this plugin needs clang-tidy " + std::to_string(RequiredMajor) +
           " (Debian's clang-tidy-" + std::to_string(RequiredMajor) +
           "), but it was loaded into " +
           (Version.empty() ? std::string("a program that is not clang-tidy")
                            : Version));
  std::string Checks = ownDirectory() + "/kthread-tidy-checks.so";
  if (!::dlopen(Checks.c_str(), RTLD_NOW | RTLD_GLOBAL))
    refuse("cannot load " + Checks + ": " + ::dlerror());
}

} // namespace
