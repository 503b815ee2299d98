#include "KernelTree.h"
#include "DebianPackages.h"
#include "Outputs.h"
#include "Processes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

extern char **environ;

namespace kthread::audit {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

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
static std::vector<std::string> makeEnvironment() {
  static const char *const Leaks[] = {
      "MAKEFLAGS=",     "MFLAGS=",        "MAKELEVEL=",
      "KBUILD_OUTPUT=", "CROSS_COMPILE=", "CC=",
      "LLVM=",          "ARCH=",          "O="};
  std::vector<std::string> Env;
  for (char **E = environ; *E; ++E) {
    llvm::StringRef Entry(*E);
    if (llvm::none_of(Leaks,
                      [&](const char *L) { return Entry.starts_with(L); }))
      Env.push_back(Entry.str());
  }
  return Env;
}

/// kbuild's ARCH for the host.
static std::string hostArch() {
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

/// The ARCH --arch chose; empty: the host's.
static std::string ChosenArch;

/// kbuild's ARCH, pinned so every run sees the same one.
static std::string kbuildArch() {
  return ChosenArch.empty() ? hostArch() : ChosenArch;
}

/// kbuild's SRCARCH for \p Arch: the directory under arch/ (the top
/// Makefile's mapping).
static std::string sourceArchOf(llvm::StringRef Arch) {
  if (Arch == "x86_64" || Arch == "i386")
    return "x86";
  if (Arch == "sparc32" || Arch == "sparc64")
    return "sparc";
  if (Arch == "parisc64")
    return "parisc";
  return Arch.str();
}

static std::string sourceArch() { return sourceArchOf(kbuildArch()); }

// The architectures clang builds the kernel for with LLVM=1
// (Documentation/kbuild/llvm.rst).
static const char *const ClangArches[] = {
    "arm",     "arm64", "hexagon", "loongarch", "mips", "powerpc",
    "riscv",   "s390",  "um",      "x86_64",    "i386", "sparc64"};

llvm::Error chooseKernelArch(llvm::StringRef Arch) {
  if (!llvm::is_contained(ClangArches, Arch))
    return treeError("--arch " + Arch + ": expected one of " +
                     llvm::join(std::begin(ClangArches), std::end(ClangArches), ", "));
  ChosenArch = Arch.str();
  return llvm::Error::success();
}

std::string kernelArch() { return kbuildArch(); }

static bool anyFileMentionsApi(const std::string &Dir, Prefilter &Filter) {
  std::error_code EC;
  for (fs::recursive_directory_iterator It(Dir, EC, /*follow_symlinks=*/false),
       End;
       It != End && !EC; It.increment(EC))
    if (It->type() == fs::file_type::regular_file &&
        llvm::StringRef(It->path()).ends_with(".c") &&
        Filter.mentionsApi(It->path()))
      return true;
  return false;
}

std::vector<std::string> kthreadDirectories(llvm::StringRef Tree,
                                            Prefilter &Filter) {
  static const llvm::StringRef NotKernelCode[] = {
      "Documentation", "LICENSES", "include", "scripts", "tools", "usr"};
  std::vector<std::string> Candidates;
  std::error_code EC;
  for (fs::directory_iterator It(Tree, EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::StringRef Name = path::filename(It->path());
    if (It->type() != fs::file_type::directory_file || Name.starts_with(".") ||
        llvm::is_contained(NotKernelCode, Name))
      continue;
    if (Name != "arch")
      Candidates.push_back(Name.str());
    else if (!sourceArch().empty())
      Candidates.push_back("arch/" + sourceArch());
  }
  llvm::sort(Candidates);
  std::vector<std::string> Found;
  for (const std::string &Dir : Candidates)
    if (anyFileMentionsApi(childPath(Tree, Dir), Filter))
      Found.push_back(Dir);
  return Found;
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

/// Runs \p Program with its output in \p Log (stdout in \p Stdout if
/// given), in a process group that a signal ending the audit kills.
static llvm::Error runQuietly(llvm::StringRef Program,
                              const std::vector<std::string> &Arguments,
                              llvm::StringRef Log,
                              llvm::StringRef Stdout = "") {
  llvm::Expected<int> Status = runProgram(Program, Arguments, makeEnvironment(),
                                          Stdout.empty() ? Log : Stdout, Log);
  if (Status && *Status == 0)
    return llvm::Error::success();
  std::string Why = Status ? "exit status " + std::to_string(*Status)
                           : llvm::toString(Status.takeError());
  return treeError("'" + Program + " " + llvm::join(Arguments, " ") +
                   "' failed (" + Why + "; log: " + Log + ")");
}

/// runQuietly(), printing the end of the log on failure.
static llvm::Error run(llvm::StringRef Program,
                       const std::vector<std::string> &Arguments,
                       llvm::StringRef Log) {
  llvm::Error Failed = runQuietly(Program, Arguments, Log);
  if (!Failed)
    return Failed;
  llvm::SmallVector<llvm::StringRef, 16> Tail;
  std::string LogText = lastLines(Log, 15);
  llvm::StringRef(LogText).split(Tail, '\n');
  for (llvm::StringRef Line : Tail)
    llvm::errs() << "kthread-audit: " << path::filename(Log) << ": " << Line
                 << '\n';
  return Failed;
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

/// The ARCH a .config was made for ("# Linux/x86_64 6.1.0 Kernel
/// Configuration"); empty if it does not say.
static std::string configuredArch(llvm::StringRef Tree) {
  auto Config = llvm::MemoryBuffer::getFile(childPath(Tree, ".config"));
  if (!Config)
    return "";
  llvm::SmallVector<llvm::StringRef> Lines;
  (*Config)->getBuffer().split(Lines, '\n', 5);
  for (llvm::StringRef Line : Lines)
    if (Line.consume_front("# Linux/"))
      return Line.split(' ').first.str();
  return "";
}

llvm::Error prepareKernelTree(llvm::StringRef Tree, unsigned Jobs) {
  // Preparing for another architecture would rewrite the tree's .config.
  std::string Configured = configuredArch(Tree);
  if (!Configured.empty() && sourceArchOf(Configured) != sourceArch())
    return treeError(Tree + " is configured for " + Configured +
                     " (its .config), not " + kbuildArch() + ": give --arch " +
                     Configured);
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

TreeLock::TreeLock(TreeLock &&Other) : FD(Other.FD) { Other.FD = -1; }

TreeLock::~TreeLock() {
  if (FD >= 0)
    ::close(FD); // Releases the lock.
}

llvm::Expected<TreeLock> TreeLock::acquire(llvm::StringRef File) {
  llvm::StringRef Dir = path::parent_path(File);
  if (std::error_code EC = fs::create_directories(Dir))
    return treeError("cannot write to " + Dir + ": " + EC.message());
  int FD = ::open(File.str().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (FD < 0)
    return treeError("cannot open " + File + ": " + std::strerror(errno));
  // Another run holds it: wait, saying so once.
  if (::flock(FD, LOCK_EX | LOCK_NB) != 0) {
    llvm::errs() << "kthread-audit: waiting for another run holding " << File
                 << '\n';
    while (::flock(FD, LOCK_EX) != 0)
      if (errno != EINTR) {
        ::close(FD);
        return treeError("cannot lock " + File + ": " + std::strerror(errno));
      }
  }
  TreeLock Lock;
  Lock.FD = FD;
  return Lock;
}

llvm::Expected<TreeLock> lockKernelTree(llvm::StringRef Tree) {
  return TreeLock::acquire(childPath(stateDir(Tree), "lock"));
}

static std::string cachePath(llvm::StringRef Tree,
                             const std::vector<std::string> &Targets) {
  std::string Key = llvm::join(Targets, "\n") + "\n" + kbuildArch();
  return childPath(stateDir(Tree), "commands-" +
                                       llvm::utohexstr(llvm::xxh3_64bits(Key)) +
                                       ".json");
}

static const char CacheFormat[] = "kthread-audit kbuild commands";
static const int CacheVersion = 2;

/// What the cached commands depend on besides the targets: the .config.
static std::string configDigest(llvm::StringRef Tree) {
  auto Config = llvm::MemoryBuffer::getFile(childPath(Tree, ".config"));
  if (!Config)
    return "";
  return llvm::utohexstr(llvm::xxh3_64bits((*Config)->getBuffer()));
}

/// The cache holds paths relative to the tree, so that a tree reached
/// through another path (a symbolic link, a bind mount, a move) reuses it.
static std::string cacheText(const std::vector<Command> &Commands,
                             llvm::StringRef Tree,
                             const std::vector<std::string> &Targets,
                             llvm::StringRef Digest) {
  llvm::json::Array Entries;
  for (const Command &C : Commands) {
    llvm::StringRef Relative(C.File);
    Relative.consume_front(Tree);
    Relative.consume_front("/");
    llvm::json::Array Arguments;
    for (const std::string &A : C.Arguments)
      Arguments.push_back(bytesJson(A));
    Entries.push_back(llvm::json::Object{{"file", bytesJson(Relative)},
                                         {"arguments", std::move(Arguments)}});
  }
  llvm::json::Object Document{{"format", CacheFormat},
                              {"version", CacheVersion},
                              {"targets", llvm::json::Array(Targets)},
                              {"config", Digest},
                              {"commands", std::move(Entries)}};
  std::string Text;
  llvm::raw_string_ostream(Text)
      << llvm::json::Value(std::move(Document)) << '\n';
  return Text;
}

/// The cached commands, rebased on \p Tree as the user spells it; an error
/// says why the cache cannot be used.
static llvm::Expected<std::vector<Command>>
readCache(llvm::StringRef Cache, llvm::StringRef Tree,
          const std::vector<std::string> &Targets, llvm::StringRef Digest) {
  auto Buffer = llvm::MemoryBuffer::getFile(Cache);
  if (!Buffer)
    return treeError(Buffer.getError().message());
  llvm::Expected<llvm::json::Value> Document =
      llvm::json::parse((*Buffer)->getBuffer());
  if (!Document)
    return Document.takeError();
  const llvm::json::Object *Top = Document->getAsObject();
  if (!Top || Top->getString("format") != llvm::StringRef(CacheFormat) ||
      Top->getInteger("version") != CacheVersion)
    return treeError("not a command cache of this version");
  if (Top->get("targets") == nullptr ||
      *Top->get("targets") != llvm::json::Value(llvm::json::Array(Targets)))
    return treeError("it is for other targets");
  if (Top->getString("config") != Digest)
    return treeError("stale");
  const llvm::json::Array *Entries = Top->getArray("commands");
  if (!Entries || Entries->empty())
    return treeError("it has no commands");
  std::vector<Command> Commands;
  for (const llvm::json::Value &Entry : *Entries) {
    const llvm::json::Object *E = Entry.getAsObject();
    const llvm::json::Value *FileValue = E ? E->get("file") : nullptr;
    std::optional<std::string> File =
        FileValue ? bytesFromJson(*FileValue) : std::nullopt;
    const llvm::json::Array *Arguments = E ? E->getArray("arguments") : nullptr;
    if (!File || !Arguments || Arguments->empty())
      return treeError("an entry lacks \"file\" or \"arguments\"");
    Command C{Tree.str(), childPath(Tree, *File), {}, ""};
    for (const llvm::json::Value &A : *Arguments) {
      std::optional<std::string> Word = bytesFromJson(A);
      if (!Word)
        return treeError("an argument is not a string");
      C.Arguments.push_back(std::move(*Word));
    }
    C.RealFile = realPathOf(C.File);
    Commands.push_back(std::move(C));
  }
  return Commands;
}

llvm::Expected<std::vector<Command>>
kbuildCommands(llvm::StringRef Tree, const std::vector<std::string> &Targets) {
  std::string Cache = cachePath(Tree, Targets);
  std::string Digest = configDigest(Tree);
  if (fs::exists(Cache)) {
    auto Commands = readCache(Cache, Tree, Targets, Digest);
    if (Commands)
      return Commands;
    std::string Why = llvm::toString(Commands.takeError());
    if (Why != "stale")
      llvm::errs() << "kthread-audit: command cache " << Cache
                   << " is unusable (" << Why
                   << "); running the dry run again\n";
  }

  llvm::errs() << "kthread-audit: kbuild dry run of "
               << llvm::join(Targets, " ") << '\n';
  auto Start = std::chrono::steady_clock::now();
  // A fresh file per run: what an earlier run printed is never read again.
  llvm::SmallString<256> Output;
  int FD;
  if (std::error_code EC = fs::createUniqueFile(
          childPath(stateDir(Tree), "dry-run-%%%%%%.out"), FD, Output))
    return treeError("cannot write to " + stateDir(Tree) + ": " + EC.message());
  ::close(FD);
  removeOnInterrupt(Output);
  std::vector<std::string> Args = makeCommand(Tree);
  Args.push_back("-n");
  Args.push_back("-k");
  Args.insert(Args.end(), Targets.begin(), Targets.end());
  // 'make -k -n' fails for targets this configuration does not build; what
  // it printed for the others is still right.
  llvm::Error Failed = runQuietly(
      "make", Args, childPath(stateDir(Tree), "dry-run.log"), Output);
  auto Text = llvm::MemoryBuffer::getFile(Output);
  std::vector<Command> Commands;
  if (Text)
    Commands = parseKbuildDryRun((*Text)->getBuffer(), Tree);
  fs::remove(Output);
  forgetPath(Output);
  // Object files this configuration does not build have no rule: the
  // caller names each as not built, rather than report make's failure.
  bool OnlyObjects = llvm::all_of(
      Targets, [](llvm::StringRef T) { return T.ends_with(".o"); });
  if (Commands.empty() && !OnlyObjects)
    return Failed ? std::move(Failed)
                  : treeError("kbuild would compile no C file for " +
                              llvm::join(Targets, " "));
  llvm::consumeError(std::move(Failed));
  if (Commands.empty())
    return Commands;
  for (Command &C : Commands)
    C.RealFile = realPathOf(C.File);
  llvm::errs() << "kthread-audit: kbuild dry run: " << Commands.size()
               << " C files in "
               << llvm::format("%.1f",
                               std::chrono::duration<double>(
                                   std::chrono::steady_clock::now() - Start)
                                   .count())
               << " s\n";
  if (llvm::Error E = writeFileAtomically(
          Cache, cacheText(Commands, Tree, Targets, Digest)))
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
  // A tree is configured for one architecture: one tree for each.
  std::string Name = ("linux-" + Version).str();
  if (kbuildArch() != hostArch())
    Name += "-" + kbuildArch();
  std::string Tree = childPath(Cache, Name);
  if (std::error_code EC = fs::create_directories(Cache))
    return treeError("cannot create cache " + Cache + ": " + EC.message());
  // Two runs must not unpack into the same place at once.
  // The lock tools/prepare-kernel.sh takes too.
  auto Lock = TreeLock::acquire(childPath(Cache, ".lock"));
  if (!Lock)
    return Lock.takeError();
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
  std::string Unpack = childPath(Cache, ".unpack-" + Name);
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
