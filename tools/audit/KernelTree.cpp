#include "KernelTree.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include <chrono>
#include <unistd.h>

extern char **environ;

namespace kthread::audit {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

// What Debian needs to configure and prepare a tree with LLVM=-19.
static const char *const KernelBuildPackages[] = {
    "make", "bc",     "flex",    "bison",    "libelf-dev", "libssl-dev",
    "perl", "lld-19", "llvm-19", "xz-utils", "python3"};

static llvm::Error treeError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

static std::string childPath(llvm::StringRef Dir, llvm::StringRef Name) {
  llvm::SmallString<256> Path(Dir);
  path::append(Path, Name);
  return std::string(Path);
}

static std::string stateDir(llvm::StringRef Tree) {
  return childPath(Tree, ".kthread-audit");
}

llvm::Error checkKernelTree(llvm::StringRef Dir) {
  if (!fs::is_directory(Dir))
    return treeError(Dir + " is not a directory");
  for (const char *Marker :
       {"Makefile", "Kbuild", "kernel/kthread.c", "include/linux/kthread.h"})
    if (!fs::exists(childPath(Dir, Marker)))
      return treeError(Dir + " is not a Linux kernel source tree (no " +
                       Marker + ")");
  return llvm::Error::success();
}

/// The environment for make, without settings a caller's make or shell may
/// leak in that would change what kbuild does.
static std::vector<llvm::StringRef> makeEnvironment() {
  static const char *const Leaks[] = {
      "MAKEFLAGS=",     "MFLAGS=",        "MAKELEVEL=",
      "KBUILD_OUTPUT=", "CROSS_COMPILE=", "CC=",
      "LLVM=",          "ARCH=",          "O="};
  std::vector<llvm::StringRef> Env;
  for (char **E = environ; *E; ++E) {
    llvm::StringRef Entry(*E);
    if (llvm::none_of(Leaks,
                      [&](const char *L) { return Entry.starts_with(L); }))
      Env.push_back(Entry);
  }
  return Env;
}

/// kbuild's ARCH for the host, pinned so every run sees the same one.
static std::string kbuildArch() {
  llvm::Triple Host(llvm::sys::getProcessTriple());
  switch (Host.getArch()) {
  case llvm::Triple::x86_64:
    return "x86_64";
  case llvm::Triple::aarch64:
    return "arm64";
  default:
    return "";
  }
}

static std::string lastLines(llvm::StringRef File, unsigned Count) {
  auto Buffer = llvm::MemoryBuffer::getFile(File);
  if (!Buffer)
    return "";
  llvm::StringRef Text = (*Buffer)->getBuffer().rtrim();
  size_t Start = Text.size();
  for (unsigned I = 0; I < Count && Start != llvm::StringRef::npos; ++I)
    Start = Text.rfind('\n', Start ? Start - 1 : 0);
  return Text.substr(Start == llvm::StringRef::npos ? 0 : Start + 1).str();
}

/// Runs \p Program with its output in \p Log; an error names the log.
static llvm::Error run(llvm::StringRef Program,
                       std::vector<std::string> Arguments, llvm::StringRef Log,
                       llvm::StringRef Stdout = "") {
  auto Found = llvm::sys::findProgramByName(Program);
  if (!Found)
    return treeError("'" + Program + "' is not installed");
  Arguments.insert(Arguments.begin(), *Found);
  std::vector<llvm::StringRef> Args(Arguments.begin(), Arguments.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef("/dev/null"), Stdout.empty() ? Log : Stdout, Log};
  std::vector<llvm::StringRef> Env = makeEnvironment();
  std::string Message;
  int Status =
      llvm::sys::ExecuteAndWait(*Found, Args, Env, Redirects, 0, 0, &Message);
  if (Status == 0)
    return llvm::Error::success();
  return treeError("'" + llvm::join(Arguments, " ") + "' failed" +
                   (Message.empty() ? "" : ": " + Message) + " (log: " + Log +
                   ")\n" + lastLines(Log, 15));
}

static std::vector<std::string> makeCommand(llvm::StringRef Tree) {
  std::vector<std::string> Make = {"-C", Tree.str(), "LLVM=-19"};
  std::string Arch = kbuildArch();
  if (!Arch.empty())
    Make.push_back("ARCH=" + Arch);
  return Make;
}

static llvm::Error makeStep(llvm::StringRef Tree, llvm::StringRef Name,
                            std::vector<std::string> Targets) {
  llvm::errs() << "kthread-audit: make " << llvm::join(Targets, " ") << " in "
               << Tree << '\n';
  std::vector<std::string> Args = makeCommand(Tree);
  Args.insert(Args.end(), Targets.begin(), Targets.end());
  return run("make", Args, childPath(stateDir(Tree), Name.str() + ".log"));
}

static std::optional<llvm::sys::TimePoint<>> modified(llvm::StringRef File) {
  fs::file_status Status;
  if (fs::status(File, Status) || !fs::exists(Status))
    return std::nullopt;
  return Status.getLastModificationTime();
}

/// Whether modules_prepare ran after the last change to .config.
static bool isPrepared(llvm::StringRef Tree) {
  auto Config = modified(childPath(Tree, ".config"));
  auto AutoConf = modified(childPath(Tree, "include/generated/autoconf.h"));
  return Config && AutoConf && *AutoConf >= *Config &&
         fs::exists(childPath(Tree, "scripts/mod/modpost")) &&
         fs::exists(childPath(Tree, "include/generated/asm-offsets.h"));
}

llvm::Error prepareKernelTree(llvm::StringRef Tree, unsigned Jobs) {
  if (std::error_code EC = fs::create_directories(stateDir(Tree)))
    return treeError("cannot write to " + Tree + ": " + EC.message());
  if (!fs::exists(childPath(Tree, ".config"))) {
    if (llvm::Error E = makeStep(Tree, "allmodconfig", {"allmodconfig"}))
      return E;
    // Newer compilers warn where an older tree does not expect it.
    if (llvm::Error E =
            run(childPath(Tree, "scripts/config"),
                {"--file", childPath(Tree, ".config"), "--disable", "WERROR"},
                childPath(stateDir(Tree), "config.log")))
      return E;
    if (llvm::Error E = makeStep(Tree, "olddefconfig", {"olddefconfig"}))
      return E;
  }
  if (isPrepared(Tree))
    return llvm::Error::success();
  return makeStep(Tree, "modules_prepare",
                  {"-j" + std::to_string(Jobs), "modules_prepare"});
}

static std::string cachePath(llvm::StringRef Tree,
                             const std::vector<std::string> &Targets) {
  std::string Key = llvm::join(Targets, "\n") + "\n" + kbuildArch();
  return childPath(stateDir(Tree), "commands-" +
                                       llvm::utohexstr(llvm::xxh3_64bits(Key)) +
                                       ".json");
}

llvm::Expected<std::vector<Command>>
kbuildCommands(llvm::StringRef Tree, const std::vector<std::string> &Targets) {
  std::string Cache = cachePath(Tree, Targets);
  auto Cached = modified(Cache);
  auto Config = modified(childPath(Tree, ".config"));
  if (Cached && Config && *Cached >= *Config) {
    if (auto Commands = loadCompileDatabase(Cache))
      return Commands;
    else
      llvm::consumeError(Commands.takeError());
  }

  llvm::errs() << "kthread-audit: kbuild dry run of "
               << llvm::join(Targets, " ") << '\n';
  auto Start = std::chrono::steady_clock::now();
  std::string Output = childPath(stateDir(Tree), "dry-run.out");
  std::vector<std::string> Args = makeCommand(Tree);
  Args.push_back("-n");
  Args.push_back("-k");
  Args.insert(Args.end(), Targets.begin(), Targets.end());
  // 'make -k -n' fails for targets this configuration does not build; what
  // it printed for the others is still right.
  llvm::Error Failed =
      run("make", Args, childPath(stateDir(Tree), "dry-run.log"), Output);
  auto Text = llvm::MemoryBuffer::getFile(Output);
  std::vector<Command> Commands;
  if (Text)
    Commands = parseKbuildDryRun((*Text)->getBuffer(), Tree);
  if (Commands.empty())
    return Failed ? std::move(Failed)
                  : treeError("kbuild would compile no C file for " +
                              llvm::join(Targets, " "));
  llvm::consumeError(std::move(Failed));
  llvm::errs() << "kthread-audit: kbuild dry run: " << Commands.size()
               << " C files in "
               << llvm::format("%.1f",
                               std::chrono::duration<double>(
                                   std::chrono::steady_clock::now() - Start)
                                   .count())
               << " s\n";
  if (llvm::Error E = writeCompileDatabase(Cache, Commands))
    llvm::consumeError(std::move(E)); // The cache only saves time.
  return Commands;
}

static std::string cacheRoot() {
  if (auto Dir = llvm::sys::Process::GetEnv("KTHREAD_TIDY_CACHE"))
    return *Dir;
  if (auto Xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME"))
    return childPath(*Xdg, "kthread-tidy");
  llvm::SmallString<256> Home;
  path::home_directory(Home);
  return childPath(childPath(Home, ".cache"), "kthread-tidy");
}

static bool isInstalled(llvm::StringRef Package) {
  auto DpkgQuery = llvm::sys::findProgramByName("dpkg-query");
  if (!DpkgQuery)
    return false;
  llvm::StringRef Args[] = {*DpkgQuery, "-W", "-f=${db:Status-Status}",
                            Package};
  llvm::SmallString<128> Out;
  int FD;
  if (fs::createTemporaryFile("kthread-audit-dpkg", "txt", FD, Out))
    return false;
  ::close(FD);
  std::optional<llvm::StringRef> Redirects[] = {
      std::nullopt, llvm::StringRef(Out), llvm::StringRef("/dev/null")};
  int Status =
      llvm::sys::ExecuteAndWait(*DpkgQuery, Args, std::nullopt, Redirects);
  auto Text = llvm::MemoryBuffer::getFile(Out);
  fs::remove(Out);
  return Status == 0 && Text && (*Text)->getBuffer().trim() == "installed";
}

static llvm::Error installPackages(llvm::StringRef Version,
                                   llvm::StringRef Log) {
  std::vector<std::string> Missing;
  for (const char *P : KernelBuildPackages)
    if (!isInstalled(P))
      Missing.push_back(P);
  std::string Source = ("linux-source-" + Version).str();
  if (!isInstalled(Source))
    Missing.push_back(Source);
  if (Missing.empty())
    return llvm::Error::success();
  if (::geteuid() != 0)
    return treeError("missing Debian packages: " + llvm::join(Missing, " ") +
                     " (run as root, or: apt-get install " +
                     llvm::join(Missing, " ") + ")");
  llvm::errs() << "kthread-audit: apt-get install " << llvm::join(Missing, " ")
               << '\n';
  std::vector<std::string> Install = {"install", "-y", "-q",
                                      "--no-install-recommends"};
  Install.insert(Install.end(), Missing.begin(), Missing.end());
  // Stale package lists are refreshed only when the install fails.
  if (llvm::Error E = run("apt-get", Install, Log))
    llvm::consumeError(std::move(E));
  else
    return llvm::Error::success();
  if (llvm::Error E = run("apt-get", {"update", "-q"}, Log))
    return E;
  return run("apt-get", Install, Log);
}

llvm::Expected<std::string> debianKernelTree(llvm::StringRef Version) {
  std::string Cache = cacheRoot();
  std::string Tree = childPath(Cache, ("linux-" + Version).str());
  if (std::error_code EC = fs::create_directories(Cache))
    return treeError("cannot create cache " + Cache + ": " + EC.message());
  if (llvm::Error E = checkKernelTree(Tree))
    llvm::consumeError(std::move(E));
  else
    return Tree;
  // The tarball is the source of truth; a partial tree is thrown away.
  std::string Tarball = ("/usr/src/linux-source-" + Version + ".tar.xz").str();
  if (llvm::Error E = installPackages(Version, childPath(Cache, "apt.log")))
    return E;
  if (!fs::exists(Tarball))
    return treeError(Tarball + " is missing after installing linux-source-" +
                     Version);
  std::string Unpack = childPath(Cache, ".unpack");
  fs::remove_directories(Unpack);
  fs::remove_directories(Tree);
  if (std::error_code EC = fs::create_directories(Unpack))
    return treeError("cannot create " + Unpack + ": " + EC.message());
  llvm::errs() << "kthread-audit: unpacking " << Tarball << " into " << Tree
               << '\n';
  if (llvm::Error E = run("tar", {"-xJf", Tarball, "-C", Unpack},
                          childPath(Cache, "unpack.log")))
    return E;
  std::string Top = childPath(Unpack, ("linux-source-" + Version).str());
  if (std::error_code EC = fs::rename(Top, Tree))
    return treeError("cannot move " + Top + " to " + Tree + ": " +
                     EC.message());
  fs::remove_directories(Unpack);
  if (llvm::Error E = checkKernelTree(Tree))
    return E;
  return Tree;
}

} // namespace kthread::audit
