//===--- KthreadAudit.cpp - Audit a whole driver tree ---------------------===//
//
// kthread-audit runs the kthread checks over many files in parallel, from a
// compilation database, a kernel tree kbuild has not built, or Debian's
// linux-source package, and reports in text, JSON or SARIF.
//
// Exit status: 0 nothing found, 1 findings or files that could not be
// analysed, 2 usage or environment error.
//
//===----------------------------------------------------------------------===//

#include "CompileCommands.h"
#include "FileAuditor.h"
#include "Findings.h"
#include "Isolation.h"
#include "KernelTree.h"
#include "KthreadApi.h"
#include "KthreadCheck.h"
#include "KthreadTidyVersion.h"
#include "Likelihood.h"
#include "Outputs.h"
#include "Prefilter.h"
#include "Processes.h"
#include "Revisions.h"
#include "TreeIndex.h"
#include "TreeAudit.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Threading.h"
#include <chrono>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace kthread::audit;
namespace cl = llvm::cl;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

static cl::OptionCategory AuditCategory("kthread-audit options");

static cl::opt<std::string>
    DatabasePath("p",
                 cl::desc("Audit the files of a compile_commands.json "
                          "(the file or its directory)"),
                 cl::value_desc("path"), cl::cat(AuditCategory));
static cl::opt<std::string> KernelSource(
    "kernel-src",
    cl::desc("Audit a kernel tree that was never built: configure it if it "
             "has no .config (allmodconfig), run modules_prepare, and take "
             "each file's command from kbuild's dry run"),
    cl::value_desc("dir"), cl::cat(AuditCategory));
static cl::opt<std::string> DebianVersion(
    "debian",
    cl::desc("Audit Debian's linux-source-<version> (e.g. 6.1), installed "
             "and unpacked into the cache ($KTHREAD_TIDY_CACHE, default "
             "~/.cache/kthread-tidy) if needed"),
    cl::value_desc("version"), cl::cat(AuditCategory));
static cl::list<std::string> Arches(
    "arch",
    cl::desc("With --kernel-src or --debian: kbuild's ARCH to configure and "
             "audit the tree for (arm64, powerpc, riscv, s390, ...; default "
             "the host's; one Debian tree is cached for each); several, "
             "comma-separated, audit each and report a shared file's "
             "findings once"),
    cl::CommaSeparated, cl::value_desc("arch"), cl::cat(AuditCategory));
static cl::list<std::string>
    Paths(cl::Positional,
          cl::desc("[files or directories...] (with --kernel-src or --debian: "
                   "relative to the tree, default every directory with kthread "
                   "users; with "
                   "-p: default all)"),
          cl::cat(AuditCategory));
static cl::opt<unsigned>
    Jobs("j", cl::desc("Files analysed in parallel (default: all cores)"),
         cl::init(0), cl::Prefix, cl::cat(AuditCategory));
static cl::opt<unsigned> FileMemoryLimit(
    "file-memory-limit",
    cl::desc("Memory one file's analysis may use, in MiB; a file that needs "
             "more is reported as not analysed (0: no limit)"),
    cl::init(FileLimits().MemoryMiB), cl::value_desc("MiB"),
    cl::cat(AuditCategory));
static cl::opt<unsigned> FileTimeLimit(
    "file-time-limit",
    cl::desc("Time one file's analysis may take, in seconds; a file that "
             "takes longer is reported as not analysed (0: no limit)"),
    cl::init(FileLimits().Seconds), cl::value_desc("seconds"),
    cl::cat(AuditCategory));
static cl::opt<bool> ClangdConfig(
    "clangd-config",
    cl::desc("Print a .clangd whose CompileFlags remove the flags of the "
             "chosen commands that clang does not accept (a GCC build's), "
             "so that kthread-clangd can use the same database, and exit"),
    cl::cat(AuditCategory));
static cl::opt<Format> OutputFormat(
    "format", cl::desc("Report format"),
    cl::values(clEnumValN(Format::Text, "text", "clang-style diagnostics"),
               clEnumValN(Format::Json, "json", "JSON (also a baseline)"),
               clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(Format::B4, "b4",
                          "checkpatch-style WARNING: lines (b4's per-patch "
                          "check)")),
    cl::init(Format::Text), cl::cat(AuditCategory));
static cl::opt<std::string> OutputPath("o",
                                       cl::desc("Write the report to <file>"),
                                       cl::value_desc("file"),
                                       cl::cat(AuditCategory));
static cl::opt<std::string>
    BaselinePath("baseline",
                 cl::desc("Hide the findings listed in an earlier JSON report"),
                 cl::value_desc("file"), cl::cat(AuditCategory));
static cl::opt<std::string> SinceRevision(
    "since",
    cl::desc("Patch-series mode: audit the C files changed since <rev> in "
             "the tree's git repository, and the files beside them, as they "
             "were at <rev> and as they are, and report only the new "
             "findings (\"before: X, after: Y, new: Z\")"),
    cl::value_desc("rev"), cl::cat(AuditCategory));
static cl::opt<std::string> PatchPath(
    "patch",
    cl::desc("As --since, for the change of one git patch (a file, or - for "
             "stdin, as b4's per-patch check pipes it)"),
    cl::value_desc("file"), cl::cat(AuditCategory));
static cl::opt<std::string>
    ChecksGlob("checks", cl::desc("Checks to run (clang-tidy glob)"),
               cl::init("kthread-*"), cl::cat(AuditCategory));
static cl::opt<std::string> ConfigText(
    "config",
    cl::desc("clang-tidy configuration (YAML), e.g. "
             "\"{CheckOptions: {kthread-double-stop.StopFunctions: ...}}\""),
    cl::value_desc("yaml"), cl::cat(AuditCategory));
static cl::opt<std::string> ConfigFile(
    "config-file",
    cl::desc("Read the clang-tidy configuration from a file (a .clang-tidy)"),
    cl::value_desc("file"), cl::cat(AuditCategory));
static cl::opt<bool> NoPrefilter(
    "no-prefilter",
    cl::desc("Parse every file, also those that never name the kthread API"),
    cl::cat(AuditCategory));
static cl::opt<bool> ParseHeaderBodies(
    "parse-header-bodies",
    cl::desc("Parse the bodies of functions outside the main file too, as "
             "clang-tidy does (slower; findings are the same)"),
    cl::cat(AuditCategory));
static cl::opt<std::string> MinLikelihood(
    "min-likelihood",
    cl::desc("Report only findings at least this likely: certain, race "
             "(also when a race decides), error-path (also when a call after "
             "the thread started fails), failed-creation (all; the default)"),
    cl::init("failed-creation"), cl::value_desc("likelihood"),
    cl::cat(AuditCategory));
static cl::opt<std::string> IndexPath(
    "index",
    cl::desc("Write the tree index to <file>: an SQLite database of the "
             "facts each file tells the others, which the cross-file phase "
             "reads, and the plugin and kthread-clangd with the option "
             "FactsDatabase (default: a temporary file)"),
    cl::value_desc("file"), cl::cat(AuditCategory));
static cl::opt<std::string> ExportCommands(
    "export-commands",
    cl::desc("Also write the syntax-only commands of the audited files as a "
             "compile_commands.json (for benchmarks)"),
    cl::value_desc("file"), cl::cat(AuditCategory));

/// Where errors go: stderr, which --format=b4 otherwise silences (b4
/// counts every line there as a failed check).
static int ErrorFD = 2;

static int fail(const llvm::Twine &Message) {
  llvm::errs().flush();
  llvm::raw_fd_ostream Errors(ErrorFD, /*shouldClose=*/false);
  Errors << "kthread-audit: error: " << Message << '\n';
  return 2;
}

/// Sends what the run says on stderr, but errors, to /dev/null.
static void silenceProgress() {
  int Null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  int Saved = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
  if (Null < 0 || Saved < 0)
    return;
  llvm::errs().flush();
  ::dup2(Null, 2);
  ::close(Null);
  ErrorFD = Saved;
}

static int fail(llvm::Error E) { return fail(llvm::toString(std::move(E))); }

static llvm::Error usageError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// Parses clang-tidy YAML, with the first problem as a one-line error.
static llvm::Expected<clang::tidy::ClangTidyOptions>
parseTidyConfig(llvm::StringRef Text, llvm::StringRef Name) {
  std::string FirstProblem;
  auto Parsed = clang::tidy::parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Name), [&](const llvm::SMDiagnostic &D) {
        if (FirstProblem.empty())
          FirstProblem =
              (llvm::Twine(D.getLineNo()) + ":" +
               llvm::Twine(D.getColumnNo() + 1) + ": " + D.getMessage())
                  .str();
      });
  if (Parsed)
    return std::move(*Parsed);
  return usageError(
      "invalid " + Name + ": " +
      (FirstProblem.empty() ? Parsed.getError().message() : FirstProblem));
}

/// The first problem the checks find with their options when they are
/// created, as clang-tidy would report it once per file.
static std::optional<std::string>
checkOptionProblem(const clang::tidy::ClangTidyOptions &Options) {
  clang::tidy::ClangTidyContext Context(
      std::make_unique<clang::tidy::DefaultOptionsProvider>(
          clang::tidy::ClangTidyGlobalOptions(), Options));
  clang::tidy::ClangTidyDiagnosticConsumer Consumer(Context);
  clang::DiagnosticsEngine Engine(new clang::DiagnosticIDs(),
                                  new clang::DiagnosticOptions(), &Consumer,
                                  /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&Engine);
  clang::tidy::ClangTidyASTConsumerFactory(Context).getCheckOptions();
  std::vector<clang::tidy::ClangTidyError> Problems = Consumer.take();
  if (Problems.empty())
    return std::nullopt;
  return Problems.front().Message.Message;
}

/// The clang-tidy options the checks run with, validated.
static llvm::Expected<clang::tidy::ClangTidyOptions> tidyOptions() {
  clang::tidy::ClangTidyOptions Options =
      clang::tidy::ClangTidyOptions::getDefaults();
  if (!ConfigFile.empty()) {
    auto Text = llvm::MemoryBuffer::getFile(ConfigFile);
    if (!Text)
      return usageError("--config-file " + ConfigFile + ": " +
                        Text.getError().message());
    auto Parsed =
        parseTidyConfig((*Text)->getBuffer(), "--config-file " + ConfigFile);
    if (!Parsed)
      return Parsed.takeError();
    Options.mergeWith(*Parsed, 0);
  }
  if (!ConfigText.empty()) {
    auto Parsed = parseTidyConfig(ConfigText, "--config");
    if (!Parsed)
      return Parsed.takeError();
    Options.mergeWith(*Parsed, 0);
  }
  Options.Checks = "-*," + ChecksGlob;
  if (clang::tidy::getCheckNames(Options, false).empty())
    return usageError("--checks=" + ChecksGlob +
                      " enables no check (try kthread-*)");
  if (std::optional<std::string> Problem = checkOptionProblem(Options))
    return usageError(*Problem);
  return Options;
}

/// The API table of each enabled check, as its options extend it.
static std::vector<kthread::KthreadApi>
enabledApis(const clang::tidy::ClangTidyOptions &Options) {
  clang::tidy::ClangTidyContext Context(
      std::make_unique<clang::tidy::DefaultOptionsProvider>(
          clang::tidy::ClangTidyGlobalOptions(), Options));
  std::vector<kthread::KthreadApi> Apis;
  for (const std::string &Check : clang::tidy::getCheckNames(Options, false))
    Apis.emplace_back(
        kthread::readApiOptions(clang::tidy::ClangTidyCheck::OptionsView(
            Check, Options.CheckOptions, &Context)));
  return Apis;
}

/// The names with \p Roles in any enabled check's table.
static std::vector<std::string>
namesOf(const clang::tidy::ClangTidyOptions &Options,
        std::initializer_list<kthread::Role> Roles) {
  std::vector<std::string> Names;
  for (const kthread::KthreadApi &Api : enabledApis(Options))
    llvm::append_range(Names, Api.namesOf(Roles));
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  return Names;
}

/// Creation and stop functions: what the prefilter looks for in a file and
/// its local headers.
static std::vector<std::string>
prefilterNames(const clang::tidy::ClangTidyOptions &Options) {
  using kthread::Role;
  return namesOf(Options, {Role::CreateSleeping, Role::CreateRunning,
                           Role::CreateWorker, Role::Stop, Role::StopPut});
}

/// Parks and worker flushes and destroys: what it looks for in the file's
/// own text (kthread-stop-in-atomic).
static std::vector<std::string>
prefilterOwnNames(const clang::tidy::ClangTidyOptions &Options) {
  using kthread::Role;
  return namesOf(Options, {Role::Park, Role::FlushWorker, Role::DestroyWorker});
}

/// The functions that use a task they are given: what a file that only
/// parks or wakes a thread names.
static std::vector<std::string>
taskUseNames(const clang::tidy::ClangTidyOptions &Options) {
  using kthread::Role;
  return namesOf(Options, {Role::Wake, Role::Park, Role::Unpark, Role::Bind,
                           Role::Pin, Role::Unpin, Role::TaskUse});
}

/// Stop tests: the one thing the analyses look for in header functions.
static std::vector<std::string>
stopCheckNames(const clang::tidy::ClangTidyOptions &Options) {
  return namesOf(Options, {kthread::Role::ShouldStop});
}

namespace {

/// Where the files and their commands come from.
struct Source {
  std::string Root;
  std::vector<Command> Commands;
  std::vector<std::string> Selected; // Absolute paths the user named.
};

} // namespace

static bool isUnder(llvm::StringRef File, llvm::StringRef Dir) {
  return File == Dir ||
         (File.starts_with(Dir) &&
          (Dir.ends_with("/") || File.substr(Dir.size()).starts_with("/")));
}

/// Whether the command's file is \p Selected or under it, however either
/// is spelled (a symbolic link to the tree, a bind mount).
static bool selects(const Command &C, llvm::StringRef Selected) {
  return isUnder(C.File, Selected) || isUnder(C.RealFile, realPathOf(Selected));
}

/// In patch-series mode, the paths the change chose (absolute).
static std::optional<std::vector<std::string>> ChangedPaths;

static std::vector<std::string> requestedPaths() {
  return ChangedPaths ? *ChangedPaths
                      : std::vector<std::string>(Paths.begin(), Paths.end());
}

/// Resolves the requested paths against \p Base; each must exist.
static llvm::Expected<std::vector<std::string>>
resolvePaths(llvm::StringRef Base) {
  std::vector<std::string> Resolved;
  for (const std::string &P : requestedPaths()) {
    std::string Full = absolutePath(Base, P);
    if (!fs::exists(Full))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "no such file or directory: " + Full);
    Resolved.push_back(Full);
  }
  return Resolved;
}

/// The top of the tree the commands come from, before they are loaded.
static llvm::Expected<std::string> sourceRoot() {
  llvm::SmallString<256> Cwd;
  fs::current_path(Cwd);
  if (!DatabasePath.empty()) {
    std::string Database = absolutePath(Cwd, DatabasePath);
    return fs::is_directory(Database) ? Database
                                      : path::parent_path(Database).str();
  }
  if (!KernelSource.empty())
    return absolutePath(Cwd, KernelSource);
  return debianKernelTree(DebianVersion);
}

static llvm::Expected<Source> databaseSource(std::string Root) {
  auto Commands = loadCompileDatabase(DatabasePath);
  if (!Commands)
    return Commands.takeError();
  llvm::SmallString<256> Cwd;
  fs::current_path(Cwd);
  auto Selected = resolvePaths(Cwd);
  if (!Selected)
    return Selected.takeError();
  return Source{std::move(Root), std::move(*Commands), std::move(*Selected)};
}

/// kbuild targets for the paths in the tree: 'dir/' or 'file.o'.
static llvm::Expected<std::vector<std::string>>
kbuildTargets(llvm::StringRef Tree, const std::vector<std::string> &Selected) {
  std::vector<std::string> Targets;
  for (const std::string &Full : Selected) {
    std::string Relative = reportPath(Full, Tree);
    if (Relative.empty() || llvm::sys::path::is_absolute(Relative))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     Full + " is not inside " + Tree);
    if (fs::is_directory(Full))
      Targets.push_back(Relative + "/");
    else if (llvm::StringRef(Relative).ends_with(".c"))
      Targets.push_back(Relative.substr(0, Relative.size() - 2) + ".o");
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     Full + " is not a C source file");
  }
  return Targets;
}

/// Without paths, every directory with kthread users is audited; those
/// kbuild does not build in this configuration are left out, not errors.
static llvm::Expected<Source> kernelSource(std::string Tree, unsigned Threads,
                                           Prefilter &Filter) {
  if (llvm::Error E = checkKernelTree(Tree))
    return E;
  auto Selected = resolvePaths(Tree);
  if (!Selected)
    return Selected.takeError();
  auto Targets = kbuildTargets(Tree, *Selected);
  if (requestedPaths().empty())
    for (const std::string &Dir : kthreadDirectories(Tree, Filter))
      Targets->push_back(Dir + "/");
  if (!Targets)
    return Targets.takeError();
  // Preparing and the dry run write into the tree: one run at a time.
  auto Lock = lockKernelTree(Tree);
  if (!Lock)
    return Lock.takeError();
  if (llvm::Error E = prepareKernelTree(Tree, Threads))
    return E;
  auto Commands = kbuildCommands(Tree, *Targets);
  if (!Commands)
    return Commands.takeError();
  return Source{Tree, std::move(*Commands), std::move(*Selected)};
}

/// The commands of the files the user asked for; a named file the
/// commands do not cover is an error, not silently skipped.
static llvm::Expected<std::vector<Command>> selectCommands(Source &S) {
  if (S.Selected.empty())
    return std::move(S.Commands);
  std::vector<Command> Chosen;
  for (Command &C : S.Commands)
    if (llvm::any_of(S.Selected,
                     [&](const std::string &P) { return selects(C, P); }))
      Chosen.push_back(std::move(C));
  // A changed directory may hold no C file the build compiles.
  if (!ChangedPaths)
  for (const std::string &P : S.Selected)
    if (llvm::none_of(Chosen, [&](const Command &C) { return selects(C, P); }))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "no compile command for " + P +
              (fs::is_directory(P) ? " or any file under it"
                                   : " (not built in this configuration)"));
  return Chosen;
}

/// Sources kbuild generates during a build (keymaps, logos) are absent from
/// a tree that was never built; they are named, not audited.
static void dropGeneratedSources(std::vector<Command> &Commands,
                                 llvm::StringRef Root) {
  std::vector<std::string> Absent;
  llvm::erase_if(Commands, [&](const Command &C) {
    if (fs::exists(C.File))
      return false;
    Absent.push_back(printable(reportPath(C.File, Root)));
    return true;
  });
  llvm::sort(Absent);
  if (!Absent.empty())
    llvm::errs() << "kthread-audit: not audited, generated by a build: "
                 << llvm::join(Absent, " ") << '\n';
}

namespace {

/// One line on a terminal, rewritten as files finish.
class ProgressLine {
public:
  explicit ProgressLine(size_t Total)
      : Total(Total), Enabled(llvm::sys::Process::StandardErrIsDisplayed()) {}

  void finished(llvm::StringRef File) {
    ++Done;
    if (!Enabled)
      return;
    llvm::errs() << "\r\x1b[K[" << Done << '/' << Total << "] "
                 << printable(File);
    llvm::errs().flush();
  }

  ~ProgressLine() {
    if (Enabled && Done)
      llvm::errs() << "\r\x1b[K";
  }

private:
  size_t Total;
  size_t Done = 0;
  bool Enabled;
};

} // namespace

static std::vector<FileOutcome>
auditEach(const std::vector<Command> &Commands,
          const std::vector<std::vector<std::string>> &Arguments,
          const AuditSettings &Settings, unsigned Jobs) {
  ProgressLine Progress(Commands.size());
  return auditIsolated(
      Commands, Arguments, Settings, Jobs,
      FileLimits{FileMemoryLimit, FileTimeLimit}, [&](size_t I) {
        Progress.finished(reportPath(Commands[I].File, Settings.Root));
      });
}

static Report reportOf(std::vector<FileOutcome> Outcomes,
                       const AuditSettings &Settings) {
  Report R;
  R.Root = Settings.Root;
  R.FilesAudited = Outcomes.size();
  for (FileOutcome &O : Outcomes) {
    std::move(O.Findings.begin(), O.Findings.end(),
              std::back_inserter(R.Findings));
    if (O.NotAnalysed)
      R.Failures.push_back(std::move(*O.NotAnalysed));
  }
  return R;
}

static void printSummary(const Report &R, double Seconds) {
  llvm::errs() << "kthread-audit: " << R.FilesAudited << " files audited, "
               << R.FilesSkipped << " skipped by the prefilter, "
               << R.Findings.size() << " findings";
  if (R.HiddenByBaseline)
    llvm::errs() << " (" << R.HiddenByBaseline
                 << " more hidden by the baseline)";
  if (R.BelowLikelihood)
    llvm::errs() << " (" << R.BelowLikelihood << " less likely ones not shown)";
  llvm::errs() << ", " << R.Failures.size() << " files not analysed, in "
               << llvm::format("%.1f", Seconds) << " s\n";
}

// Each job is a process parsing a kernel file (hundreds of MiB): more than
// this is a typo, not a machine.
static constexpr unsigned MaxJobs = 1024;

static unsigned jobCount() {
  if (Jobs > 0)
    return Jobs;
  return std::max(1u, llvm::hardware_concurrency().compute_thread_count());
}

static llvm::Expected<Source> chooseSource(unsigned Threads,
                                           Prefilter &Filter) {
  unsigned Given =
      !DatabasePath.empty() + !KernelSource.empty() + !DebianVersion.empty();
  if (Given != 1)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "give exactly one of -p <compile_commands.json>, --kernel-src <dir>, "
        "--debian <version> (see --help)");
  auto Root = sourceRoot();
  if (!Root)
    return Root.takeError();
  if (!DatabasePath.empty())
    return databaseSource(std::move(*Root));
  return kernelSource(std::move(*Root), Threads, Filter);
}

/// Parses the command line; what LLVM's parser prints about bad options
/// (some of it straight to stderr) goes to \p Errors instead.
static bool parseCommandLine(int argc, char **argv, std::string &Errors) {
  int Captured = ::memfd_create("kthread-audit-options", MFD_CLOEXEC);
  int Stderr = ::dup(2);
  llvm::errs().flush();
  if (Captured >= 0 && Stderr >= 0)
    ::dup2(Captured, 2);
  llvm::raw_string_ostream Stream(Errors);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "kthread-audit " KTHREAD_TIDY_VERSION " (" KTHREAD_TIDY_HOMEPAGE
          "), built with LLVM " LLVM_VERSION_STRING "\n";
  });
  bool Parsed = cl::ParseCommandLineOptions(
      argc, argv,
      "kthread-audit: find kernel-thread API misuse in a driver tree\n",
      &Stream);
  llvm::errs().flush();
  if (Captured >= 0 && Stderr >= 0) {
    ::dup2(Stderr, 2);
    char Buffer[4096];
    ssize_t N = ::pread(Captured, Buffer, sizeof(Buffer), 0);
    Errors.insert(0, Buffer, N > 0 ? N : 0);
  }
  if (Captured >= 0)
    ::close(Captured);
  if (Stderr >= 0)
    ::close(Stderr);
  return Parsed;
}

/// The command line's errors as one line: LLVM prints several ("Did you
/// mean ...?"), each prefixed with the program's name.
static int commandLineError(llvm::StringRef Errors) {
  llvm::StringRef First = Errors.split('\n').first.trim();
  First.consume_front("kthread-audit: ");
  return fail(First);
}

/// An error unless every file to audit is a regular file: clang would block
/// forever reading a FIFO.
static llvm::Error checkRegularFiles(const std::vector<Command> &Commands) {
  for (const Command &C : Commands) {
    fs::file_status Status;
    if (!fs::status(C.File, Status) && fs::exists(Status) &&
        !fs::is_regular_file(Status))
      return usageError(C.File + " is not a regular file");
  }
  return llvm::Error::success();
}

/// The outputs the options name, each created as a temporary now so that
/// an unwritable path fails before the work, and committed at the end.
struct Outputs {
  std::unique_ptr<AtomicFile> Report;
  std::unique_ptr<AtomicFile> Commands;
};

static std::vector<NamedInput> namedOutputs() {
  std::vector<NamedInput> Named;
  if (!OutputPath.empty())
    Named.push_back({OutputPath, "-o"});
  if (!ExportCommands.empty())
    Named.push_back({ExportCommands, "--export-commands"});
  if (!IndexPath.empty())
    Named.push_back({IndexPath, "--index"});
  return Named;
}

static llvm::Expected<Outputs> openOutputs() {
  std::vector<NamedInput> Inputs;
  if (!DatabasePath.empty()) {
    llvm::SmallString<256> File(DatabasePath);
    if (fs::is_directory(File))
      path::append(File, "compile_commands.json");
    Inputs.push_back({std::string(File), "the compilation database"});
  }
  if (!BaselinePath.empty())
    Inputs.push_back({BaselinePath, "the baseline"});
  if (!ConfigFile.empty())
    Inputs.push_back({ConfigFile, "the configuration file"});
  if (llvm::Error E = checkOutputsAreNotInputs(namedOutputs(), Inputs,
                                               /*RefuseSources=*/false))
    return E;
  Outputs Out;
  if (!OutputPath.empty()) {
    auto File = AtomicFile::create(OutputPath);
    if (!File)
      return File.takeError();
    Out.Report = std::move(*File);
  }
  if (!ExportCommands.empty()) {
    auto File = AtomicFile::create(ExportCommands);
    if (!File)
      return File.takeError();
    Out.Commands = std::move(*File);
  }
  return Out;
}

/// An error if an output is one of the sources about to be audited.
static llvm::Error checkOutputsAreNotSources(const std::vector<Command> &All) {
  if (namedOutputs().empty())
    return llvm::Error::success();
  std::vector<NamedInput> Sources;
  for (const Command &C : All)
    Sources.push_back({C.File, "an audited source file"});
  return checkOutputsAreNotInputs(namedOutputs(), Sources,
                                  /*RefuseSources=*/true);
}

/// Removes the findings less likely than \p Least; findings without a
/// likelihood (other diagnostics) stay.
static void dropLessLikely(Report &R, kthread::Likelihood Least) {
  size_t Before = R.Findings.size();
  llvm::erase_if(R.Findings, [&](const Finding &F) {
    std::optional<kthread::Likelihood> L =
        kthread::parseLikelihood(F.Likelihood);
    return L && !kthread::atLeast(*L, Least);
  });
  R.BelowLikelihood = Before - R.Findings.size();
}

static void writeReport(const Report &R, llvm::raw_ostream &OS) {
  switch (OutputFormat) {
  case Format::Text:
    writeText(R, OS);
    break;
  case Format::Json:
    writeJson(R, OS);
    break;
  case Format::Sarif:
    writeSarif(R, OS);
    break;
  case Format::B4:
    writeB4(R, OS);
    break;
  }
}

/// The .clangd that removes what clang rejects in \p Commands: each flag
/// as given, or with its value as a glob (`-mindirect-branch=*`).
static std::string clangdConfigFor(const std::vector<Command> &Commands) {
  std::set<std::string> Dropped;
  for (const Command &C : Commands)
    syntaxOnlyArguments(C, KTHREAD_CLANG_RESOURCE_DIR, Dropped);
  std::set<std::string> Patterns;
  for (llvm::StringRef Flag : Dropped) {
    size_t Equals = Flag.find('=');
    Patterns.insert(Equals == llvm::StringRef::npos
                        ? Flag.str()
                        : (Flag.take_front(Equals + 1) + "*").str());
  }
  std::string Text =
      "# Written by kthread-audit " KTHREAD_TIDY_VERSION " --clangd-config:\n"
      "# the flags of the build's commands that clang does not accept.\n"
      "CompileFlags:\n"
      "  Remove: [";
  for (const std::string &P : Patterns)
    Text += (P == *Patterns.begin() ? "" : ", ") + ("\"" + P + "\"");
  // clangd 19 runs only the checks it has timed unless told otherwise.
  return Text + "]\n"
                "Diagnostics:\n"
                "  ClangTidy:\n"
                "    FastCheckFilter: Loose\n";
}

/// The files whose earlier outcome in the index \p Index says they read one
/// of \p Changed (a header shared across the tree).
static std::vector<std::string>
readersOf(const std::vector<std::string> &Changed, llvm::StringRef Index) {
  std::vector<std::string> Readers;
  if (Index.empty() || !fs::exists(Index) || !kthread::TreeIndex::isIndex(Index))
    return Readers;
  auto Opened = kthread::TreeIndex::open(Index);
  if (!Opened) {
    llvm::consumeError(Opened.takeError());
    return Readers;
  }
  std::set<std::string> Real;
  for (const std::string &F : Changed)
    Real.insert(realPathOf(F));
  for (const kthread::CachedOutcome &O : Opened->cachedOutcomes())
    if (std::optional<FileOutcome> Outcome = parseOutcome(O.Outcome))
      if (O.Phase == 1 && llvm::any_of(Outcome->Dependencies, [&](const auto &D) {
            return Real.count(D.Path);
          }))
        Readers.push_back(O.File);
  return Readers;
}

/// What a change makes to audit: the directories of its files (a driver's
/// files tell each other facts), for kbuild only those it builds from, and
/// the files the index says read one of them; within the paths given.
static std::vector<std::string> pathsOfChange(const Change &C,
                                              llvm::StringRef Root) {
  std::set<std::string> Chosen;
  for (const std::string &File : C.Files) {
    std::string Directory = path::parent_path(File).str();
    bool Kbuild = DatabasePath.empty();
    if (fs::is_directory(Directory) && isUnder(Directory, Root) &&
        (!Kbuild || fs::exists(Directory + "/Makefile") ||
         fs::exists(Directory + "/Kbuild")))
      Chosen.insert(Directory);
  }
  for (const std::string &Reader : readersOf(C.Files, IndexPath))
    if (fs::exists(Reader) && isUnder(Reader, Root))
      Chosen.insert(Reader);
  std::vector<std::string> Within;
  for (const std::string &P : Chosen)
    if (Paths.empty() || llvm::any_of(Paths, [&](const std::string &Given) {
          return isUnder(P, absolutePath(Root, Given));
        }))
      Within.push_back(P);
  return Within;
}

/// An empty report: the change touches nothing that is audited.
static Report nothingChanged() {
  llvm::errs() << "kthread-audit: the change touches no C file or header "
                  "that is audited\nkthread-audit: before: 0, after: 0, "
                  "new: 0\n";
  return Report();
}

/// The change --since or --patch names, if any; sets ChangedPaths.
static llvm::Expected<std::optional<Change>> changeToCompare() {
  if (SinceRevision.empty() && PatchPath.empty())
    return std::nullopt;
  if (!SinceRevision.empty() && !PatchPath.empty())
    return usageError("give --since or --patch, not both");
  auto Root = sourceRoot();
  if (!Root)
    return Root.takeError();
  llvm::Expected<Change> C = Change();
  if (!SinceRevision.empty()) {
    C = changeSince(*Root, SinceRevision);
  } else {
    auto Patch = PatchPath == "-" ? llvm::MemoryBuffer::getSTDIN()
                                  : llvm::MemoryBuffer::getFile(PatchPath);
    if (!Patch)
      return usageError("--patch " + PatchPath + ": " +
                        Patch.getError().message());
    C = changeOfPatch(*Root, (*Patch)->getBuffer());
  }
  if (!C)
    return usageError((SinceRevision.empty() ? "--patch " + PatchPath
                                             : "--since " + SinceRevision) +
                      ": " + llvm::toString(C.takeError()));
  std::vector<std::string> Chosen = pathsOfChange(*C, *Root);
  if (!Chosen.empty())
    ChangedPaths = std::move(Chosen);
  return std::optional<Change>(std::move(*C));
}

namespace {

/// One side of an audit: the tree as on disk, or with another revision's
/// texts of the changed files.
struct Side {
  /// "before" for the earlier side of a change, "" otherwise.
  std::string Name;
  std::shared_ptr<const SourceOverlay> Overlay;
  /// Changed files that do not exist on this side.
  std::set<std::string> Absent;
  /// The --index: written, or (ReuseOnly) only read for earlier outcomes.
  std::string Index;
  bool ReuseOnly = false;
  /// Whether the flags clang rejects were already said.
  bool Quiet = false;
};

} // namespace

/// The report of auditing \p Chosen on \p S, at least \p Least likely;
/// \p Exported gets the syntax-only commands. \p DiskFilter, which has read
/// the files as they are on disk, serves a side without an overlay.
static llvm::Expected<Report>
auditSide(std::vector<Command> Chosen,
          const clang::tidy::ClangTidyOptions &Options, llvm::StringRef Root,
          unsigned Threads, kthread::Likelihood Least, const Side &S,
          Prefilter &DiskFilter, std::vector<Command> *Exported) {
  llvm::erase_if(Chosen, [&](const Command &C) { return S.Absent.count(C.File); });
  std::optional<Prefilter> OverlayFilter;
  if (S.Overlay)
    OverlayFilter.emplace(prefilterNames(Options), prefilterOwnNames(Options),
                          S.Overlay);
  Prefilter &Filter = OverlayFilter ? *OverlayFilter : DiskFilter;
  std::vector<Command> Commands, SkippedCommands;
  for (Command &C : Chosen)
    (NoPrefilter || Filter.mentionsApi(C.File) ? Commands : SkippedCommands)
        .push_back(std::move(C));

  std::set<std::string> Dropped;
  std::vector<std::vector<std::string>> Arguments;
  for (const Command &C : Commands)
    Arguments.push_back(
        syntaxOnlyArguments(C, KTHREAD_CLANG_RESOURCE_DIR, Dropped));
  if (!Dropped.empty() && !S.Quiet)
    llvm::errs() << "kthread-audit: dropped flags clang does not accept: "
                 << llvm::join(Dropped, " ") << '\n';
  if (!S.Name.empty())
    llvm::errs() << "kthread-audit: " << S.Name << " the change: "
                 << Commands.size() << " files to audit\n";

  llvm::CrashRecoveryContext::Enable();
  AuditSettings Settings{Options, Root.str(), ParseHeaderBodies,
                         stopCheckNames(Options), S.Overlay};
  // Each phase runs at most as many processes as it has files.
  TreeAudit Tree(Settings, Threads, S.ReuseOnly ? "" : S.Index,
                 taskUseNames(Options), KTHREAD_CLANG_RESOURCE_DIR, auditEach);
  if (S.ReuseOnly)
    Tree.reuseOutcomesOf(S.Index);
  auto Audited = Tree.run(std::move(Commands), std::move(Arguments),
                          std::move(SkippedCommands));
  if (!Audited)
    return Audited.takeError();
  if (Exported)
    for (size_t I = 0; I < Audited->Commands.size(); ++I)
      Exported->push_back({Audited->Commands[I].Directory,
                           Audited->Commands[I].File, Audited->Arguments[I],
                           Audited->Commands[I].RealFile});
  Report R = reportOf(std::move(Audited->Outcomes), Settings);
  R.FilesSkipped = Audited->Skipped;
  dropLessLikely(R, Least);
  return R;
}

/// Keeps the findings of \p After that \p Before does not have, and says
/// how many each side has.
static void keepNew(Report &After, const Report &Before) {
  size_t AfterCount = After.Findings.size();
  Baseline::of(Before.Findings).apply(After);
  After.HiddenByBaseline = 0;
  if (!Before.Failures.empty())
    llvm::errs() << "kthread-audit: " << Before.Failures.size()
                 << " files not analysed before the change: all their "
                    "findings count as new\n";
  llvm::errs() << "kthread-audit: before: " << Before.Findings.size()
               << ", after: " << AfterCount
               << ", new: " << After.Findings.size() << '\n';
}

/// The source's root and the commands of the files to audit, checked.
static llvm::Expected<std::pair<std::string, std::vector<Command>>>
commandsToAudit(unsigned Threads, Prefilter &Filter) {
  auto Found = chooseSource(Threads, Filter);
  if (!Found)
    return Found.takeError();
  if (llvm::Error E = checkOutputsAreNotSources(Found->Commands))
    return std::move(E);
  auto Chosen = selectCommands(*Found);
  if (!Chosen)
    return Chosen.takeError();
  if (llvm::Error E = checkRegularFiles(*Chosen))
    return std::move(E);
  return std::make_pair(Found->Root, std::move(*Chosen));
}

/// An error if --arch is given where it cannot apply.
static llvm::Error checkArches(bool ComparesChange) {
  if (Arches.empty())
    return llvm::Error::success();
  if (!DatabasePath.empty())
    return usageError("--arch applies to --kernel-src and --debian; a "
                      "compilation database is of one architecture");
  if (Arches.size() > 1 && (ComparesChange || ClangdConfig ||
                            !IndexPath.empty() || !ExportCommands.empty()))
    return usageError("several --arch audit separate trees: give one with "
                      "--since, --patch, --clangd-config, --index or "
                      "--export-commands");
  for (const std::string &Arch : Arches)
    if (llvm::Error E = chooseKernelArch(Arch))
      return E;
  return llvm::Error::success();
}

/// Whether two findings are the same, in a file two architectures share.
static bool sameFinding(const Finding &A, const Finding &B) {
  return A.Where.File == B.Where.File && A.Where.Line == B.Where.Line &&
         A.Where.Column == B.Where.Column && A.Check == B.Check &&
         A.Message == B.Message;
}

/// Each architecture's tree audited in turn, into one report: a finding
/// of a file they share, reported the same, once.
static llvm::Expected<Report>
auditArches(const clang::tidy::ClangTidyOptions &Options, unsigned Threads,
            kthread::Likelihood Least, Prefilter &Filter) {
  Report All;
  for (const std::string &Arch : Arches) {
    if (llvm::Error E = chooseKernelArch(Arch))
      return std::move(E);
    llvm::errs() << "kthread-audit: " << Arch << ":\n";
    auto Found = commandsToAudit(Threads, Filter);
    if (!Found)
      return Found.takeError();
    auto &[Root, Chosen] = *Found;
    dropGeneratedSources(Chosen, Root);
    Side Tree{"", nullptr, {}, "", /*ReuseOnly=*/false, /*Quiet=*/false};
    auto R = auditSide(std::move(Chosen), Options, Root, Threads, Least, Tree,
                       Filter, nullptr);
    if (!R)
      return R.takeError();
    if (All.Root.empty())
      All.Root = R->Root;
    unsigned Shared = 0;
    for (Finding &F : R->Findings) {
      if (llvm::any_of(All.Findings,
                       [&](const Finding &K) { return sameFinding(K, F); })) {
        ++Shared;
        continue;
      }
      All.Findings.push_back(std::move(F));
    }
    for (Failure &F : R->Failures)
      All.Failures.push_back(std::move(F));
    All.FilesAudited += R->FilesAudited;
    All.FilesSkipped += R->FilesSkipped;
    All.BelowLikelihood += R->BelowLikelihood;
    llvm::errs() << "kthread-audit: " << Arch << ": " << R->FilesAudited
                 << " files audited, " << R->Findings.size() << " findings ("
                 << Shared << " already found for another architecture)\n";
  }
  return All;
}

static int finish(llvm::Expected<Report> Audited,
                  const std::optional<Baseline> &Known, Outputs &Out,
                  const std::vector<Command> &Exported,
                  std::chrono::steady_clock::time_point Start) {
  if (!Audited)
    return fail(Audited.takeError());
  Report R = std::move(*Audited);
  if (Known)
    Known->apply(R);
  R.sort();

  if (Out.Commands) {
    Out.Commands->os() << compileDatabaseText(Exported);
    if (llvm::Error E = Out.Commands->commit())
      return fail(std::move(E));
  }
  if (Out.Report) {
    writeReport(R, Out.Report->os());
    if (llvm::Error E = Out.Report->commit())
      return fail(std::move(E));
  } else {
    writeReport(R, llvm::outs());
    llvm::outs().flush();
  }
  printSummary(
      R, std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
             .count());
  return R.Findings.empty() && R.Failures.empty() ? 0 : 1;
}

int main(int argc, char **argv) {
  installInterruptCleanup();
  cl::HideUnrelatedOptions(AuditCategory);
  std::string CommandLineErrors;
  if (!parseCommandLine(argc, argv, CommandLineErrors))
    return commandLineError(CommandLineErrors);
  auto Start = std::chrono::steady_clock::now();
  if (OutputFormat == Format::B4)
    silenceProgress();
  std::optional<kthread::Likelihood> Least =
      kthread::parseLikelihood(MinLikelihood);
  if (!Least)
    return fail("--min-likelihood=" + MinLikelihood +
                ": expected certain, race, error-path or failed-creation");
  if (Jobs > MaxJobs)
    return fail("-j " + llvm::Twine(Jobs) + ": at most " +
                llvm::Twine(MaxJobs) + " files can be analysed at once");
  unsigned Threads = jobCount();

  // Everything the user gave is checked before any work starts.
  auto Options = tidyOptions();
  if (!Options)
    return fail(Options.takeError());
  std::optional<Baseline> Known;
  if (!BaselinePath.empty()) {
    auto Loaded = Baseline::load(BaselinePath);
    if (!Loaded)
      return fail(Loaded.takeError());
    Known = std::move(*Loaded);
  }
  auto Out = openOutputs();
  if (!Out)
    return fail(Out.takeError());
  auto Change = changeToCompare();
  if (!Change)
    return fail(Change.takeError());
  if (*Change && !ChangedPaths)
    return finish(nothingChanged(), Known, *Out, {}, Start);

  // One prefilter for the disk's texts: the default directories and the
  // audit read each file once.
  Prefilter Filter(prefilterNames(*Options), prefilterOwnNames(*Options));
  if (llvm::Error E = checkArches(Change->has_value()))
    return fail(std::move(E));
  if (Arches.size() > 1)
    return finish(auditArches(*Options, Threads, *Least, Filter), Known, *Out,
                  {},
                  Start);
  if (Arches.size() == 1)
    if (llvm::Error E = chooseKernelArch(Arches.front()))
      return fail(std::move(E));

  auto Found = commandsToAudit(Threads, Filter);
  if (!Found)
    return fail(Found.takeError());
  auto &[Root, Chosen] = *Found;
  if (*Change && Chosen.empty())
    return finish(nothingChanged(), Known, *Out, {}, Start);

  if (ClangdConfig) {
    llvm::outs() << clangdConfigFor(Chosen);
    return 0;
  }
  if (DatabasePath.empty())
    dropGeneratedSources(Chosen, Root);
  Side Now{"", nullptr, {}, IndexPath, /*ReuseOnly=*/false, /*Quiet=*/false};
  std::optional<Report> Before;
  if (*Change) {
    const kthread::audit::Change &C = **Change;
    Now.Name = "after";
    Now.Absent = C.After.Absent;
    Now.Overlay = std::make_shared<const SourceOverlay>(C.After.Texts);
    Now.ReuseOnly = true;
    Side Then{"before", std::make_shared<const SourceOverlay>(C.Before.Texts),
              C.Before.Absent, "", true, true};
    auto Earlier =
        auditSide(Chosen, *Options, Root, Threads, *Least, Then, Filter, nullptr);
    if (!Earlier)
      return fail(Earlier.takeError());
    Before = std::move(*Earlier);
  }
  std::vector<Command> Exported;
  auto Audited = auditSide(std::move(Chosen), *Options, Root, Threads, *Least,
                           Now, Filter, &Exported);
  if (Audited && Before)
    keepNew(*Audited, *Before);
  return finish(std::move(Audited), Known, *Out, Exported, Start);
}

