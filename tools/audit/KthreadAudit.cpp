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
               clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0")),
    cl::init(Format::Text), cl::cat(AuditCategory));
static cl::opt<std::string> OutputPath("o",
                                       cl::desc("Write the report to <file>"),
                                       cl::value_desc("file"),
                                       cl::cat(AuditCategory));
static cl::opt<std::string>
    BaselinePath("baseline",
                 cl::desc("Hide the findings listed in an earlier JSON report"),
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
             "(also when a race decides), failed-creation (all; the default)"),
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

static int fail(const llvm::Twine &Message) {
  llvm::errs() << "kthread-audit: error: " << Message << '\n';
  return 2;
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

/// Resolves the positional paths against \p Base; each must exist.
static llvm::Expected<std::vector<std::string>>
resolvePaths(llvm::StringRef Base) {
  std::vector<std::string> Resolved;
  for (const std::string &P : Paths) {
    std::string Full = absolutePath(Base, P);
    if (!fs::exists(Full))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "no such file or directory: " + Full);
    Resolved.push_back(Full);
  }
  return Resolved;
}

static llvm::Expected<Source> databaseSource() {
  auto Commands = loadCompileDatabase(DatabasePath);
  if (!Commands)
    return Commands.takeError();
  llvm::SmallString<256> Cwd;
  fs::current_path(Cwd);
  auto Selected = resolvePaths(Cwd);
  if (!Selected)
    return Selected.takeError();
  std::string Database = absolutePath(Cwd, DatabasePath);
  std::string Root =
      fs::is_directory(Database) ? Database : path::parent_path(Database).str();
  return Source{Root, std::move(*Commands), std::move(*Selected)};
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
  if (Paths.empty())
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
  if (!DatabasePath.empty())
    return databaseSource();
  if (!KernelSource.empty()) {
    llvm::SmallString<256> Cwd;
    fs::current_path(Cwd);
    return kernelSource(absolutePath(Cwd, KernelSource), Threads, Filter);
  }
  auto Tree = debianKernelTree(DebianVersion);
  if (!Tree)
    return Tree.takeError();
  return kernelSource(*Tree, Threads, Filter);
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

int main(int argc, char **argv) {
  installInterruptCleanup();
  cl::HideUnrelatedOptions(AuditCategory);
  std::string CommandLineErrors;
  if (!parseCommandLine(argc, argv, CommandLineErrors))
    return commandLineError(CommandLineErrors);
  auto Start = std::chrono::steady_clock::now();
  std::optional<kthread::Likelihood> Least =
      kthread::parseLikelihood(MinLikelihood);
  if (!Least)
    return fail("--min-likelihood=" + MinLikelihood +
                ": expected certain, race or failed-creation");
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

  Prefilter Filter(prefilterNames(*Options), prefilterOwnNames(*Options));
  auto Found = chooseSource(Threads, Filter);
  if (!Found)
    return fail(Found.takeError());
  if (llvm::Error E = checkOutputsAreNotSources(Found->Commands))
    return fail(std::move(E));
  auto Chosen = selectCommands(*Found);
  if (!Chosen)
    return fail(Chosen.takeError());
  if (llvm::Error E = checkRegularFiles(*Chosen))
    return fail(std::move(E));

  if (ClangdConfig) {
    llvm::outs() << clangdConfigFor(*Chosen);
    return 0;
  }
  if (DatabasePath.empty())
    dropGeneratedSources(*Chosen, Found->Root);
  std::vector<Command> Commands, SkippedCommands;
  for (Command &C : *Chosen)
    (NoPrefilter || Filter.mentionsApi(C.File) ? Commands : SkippedCommands)
        .push_back(std::move(C));

  std::set<std::string> Dropped;
  std::vector<std::vector<std::string>> Arguments;
  for (const Command &C : Commands)
    Arguments.push_back(
        syntaxOnlyArguments(C, KTHREAD_CLANG_RESOURCE_DIR, Dropped));
  if (!Dropped.empty())
    llvm::errs() << "kthread-audit: dropped flags clang does not accept: "
                 << llvm::join(Dropped, " ") << '\n';

  llvm::CrashRecoveryContext::Enable();
  AuditSettings Settings{*Options, Found->Root, ParseHeaderBodies,
                         stopCheckNames(*Options)};
  // Each phase runs at most as many processes as it has files.
  TreeAudit Tree(Settings, Threads, IndexPath, taskUseNames(*Options),
                 KTHREAD_CLANG_RESOURCE_DIR, auditEach);
  auto Audited = Tree.run(std::move(Commands), std::move(Arguments),
                          std::move(SkippedCommands));
  if (!Audited)
    return fail(Audited.takeError());
  std::vector<Command> Exported;
  for (size_t I = 0; I < Audited->Commands.size(); ++I)
    Exported.push_back({Audited->Commands[I].Directory,
                        Audited->Commands[I].File, Audited->Arguments[I],
                        Audited->Commands[I].RealFile});
  Report R = reportOf(std::move(Audited->Outcomes), Settings);
  R.FilesSkipped = Audited->Skipped;
  dropLessLikely(R, *Least);
  if (Known)
    Known->apply(R);
  R.sort();

  if (Out->Commands) {
    Out->Commands->os() << compileDatabaseText(Exported);
    if (llvm::Error E = Out->Commands->commit())
      return fail(std::move(E));
  }
  if (Out->Report) {
    writeReport(R, Out->Report->os());
    if (llvm::Error E = Out->Report->commit())
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
