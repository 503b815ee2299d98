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
#include "KernelTree.h"
#include "KthreadApi.h"
#include "Prefilter.h"

#include "clang-tidy/ClangTidy.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/thread.h"
#include <atomic>
#include <chrono>
#include <mutex>

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
static cl::list<std::string> Paths(
    cl::Positional,
    cl::desc("[files or directories...] (with --kernel-src or --debian: "
             "relative to the tree, default drivers/; with -p: default all)"),
    cl::cat(AuditCategory));
static cl::opt<unsigned>
    Jobs("j", cl::desc("Files analysed in parallel (default: all cores)"),
         cl::init(0), cl::cat(AuditCategory));
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
static cl::opt<bool> NoPrefilter(
    "no-prefilter",
    cl::desc("Parse every file, also those that never name the kthread API"),
    cl::cat(AuditCategory));
static cl::opt<bool> ParseHeaderBodies(
    "parse-header-bodies",
    cl::desc("Parse the bodies of functions outside the main file too, as "
             "clang-tidy does (slower; findings are the same)"),
    cl::cat(AuditCategory));
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

/// The clang-tidy options the checks run with.
static llvm::Expected<clang::tidy::ClangTidyOptions> tidyOptions() {
  clang::tidy::ClangTidyOptions Options =
      clang::tidy::ClangTidyOptions::getDefaults();
  if (!ConfigText.empty()) {
    auto Parsed = clang::tidy::parseConfiguration(
        llvm::MemoryBufferRef(ConfigText, "--config"));
    if (!Parsed)
      return llvm::createStringError(Parsed.getError(),
                                     "invalid --config: " +
                                         Parsed.getError().message());
    Options.mergeWith(*Parsed, 0);
  }
  Options.Checks = "-*," + ChecksGlob;
  if (clang::tidy::getCheckNames(Options, false).empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--checks=" + ChecksGlob +
                                       " enables no check (try kthread-*)");
  return Options;
}

/// \p Defaults plus the names of every check option whose key ends with
/// one of \p OptionSuffixes.
static std::vector<std::string>
configuredNames(const clang::tidy::ClangTidyOptions &Options,
                std::string Defaults,
                std::initializer_list<llvm::StringRef> OptionSuffixes) {
  for (const auto &Entry : Options.CheckOptions)
    if (llvm::any_of(OptionSuffixes, [&](llvm::StringRef Suffix) {
          return Entry.getKey().ends_with(Suffix);
        }))
      Defaults += ";" + Entry.getValue().Value;
  return kthread::splitNameList(Defaults);
}

/// Creation and stop functions: what the prefilter looks for.
static std::vector<std::string>
prefilterNames(const clang::tidy::ClangTidyOptions &Options) {
  return configuredNames(Options,
                         std::string(kthread::DefaultCreateFunctions) + ";" +
                             kthread::DefaultStopFunctions,
                         {".CreateFunctions", ".StopFunctions"});
}

/// Stop tests: the one thing the analyses look for in header functions.
static std::vector<std::string>
stopCheckNames(const clang::tidy::ClangTidyOptions &Options) {
  return configuredNames(Options, kthread::DefaultStopCheckFunctions,
                         {".StopCheckFunctions"});
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
    if (!isUnder(Full, Tree) || Full == Tree)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     Full + " is not inside " + Tree);
    std::string Relative = reportPath(Full, Tree);
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

static llvm::Expected<Source> kernelSource(std::string Tree, unsigned Threads) {
  if (llvm::Error E = checkKernelTree(Tree))
    return E;
  if (Paths.empty())
    Paths.push_back("drivers");
  auto Selected = resolvePaths(Tree);
  if (!Selected)
    return Selected.takeError();
  auto Targets = kbuildTargets(Tree, *Selected);
  if (!Targets)
    return Targets.takeError();
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
                     [&](const std::string &P) { return isUnder(C.File, P); }))
      Chosen.push_back(std::move(C));
  for (const std::string &P : S.Selected)
    if (llvm::none_of(Chosen,
                      [&](const Command &C) { return isUnder(C.File, P); }))
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
    Absent.push_back(reportPath(C.File, Root));
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
    std::lock_guard<std::mutex> Guard(Lock);
    ++Done;
    if (!Enabled)
      return;
    llvm::errs() << "\r\x1b[K[" << Done << '/' << Total << "] " << File;
    llvm::errs().flush();
  }

  ~ProgressLine() {
    if (Enabled && Done)
      llvm::errs() << "\r\x1b[K";
  }

private:
  std::mutex Lock;
  size_t Total;
  size_t Done = 0;
  bool Enabled;
};

} // namespace

static Report auditAll(const std::vector<Command> &Commands,
                       const std::vector<std::vector<std::string>> &Arguments,
                       const AuditSettings &Settings, unsigned Threads) {
  std::vector<FileOutcome> Outcomes(Commands.size());
  std::atomic<size_t> Next{0};
  ProgressLine Progress(Commands.size());
  auto Work = [&] {
    for (size_t I; (I = Next++) < Commands.size();) {
      Outcomes[I] = auditFile(Commands[I], Arguments[I], Settings);
      Progress.finished(reportPath(Commands[I].File, Settings.Root));
    }
  };
  // Parsing recurses deeply; give workers the stack clang's main thread has.
  const std::optional<unsigned> StackSize = 8 << 20;
  std::vector<llvm::thread> Workers;
  for (unsigned T = 1; T < Threads; ++T)
    Workers.emplace_back(StackSize, Work);
  Work();
  for (llvm::thread &W : Workers)
    W.join();

  Report R;
  R.Root = Settings.Root;
  R.FilesAudited = Commands.size();
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
  llvm::errs() << ", " << R.Failures.size() << " files not analysed, in "
               << llvm::format("%.1f", Seconds) << " s\n";
}

static unsigned threadCount() {
  if (Jobs > 0)
    return Jobs;
  return std::max(1u, llvm::hardware_concurrency().compute_thread_count());
}

static llvm::Expected<Source> chooseSource(unsigned Threads) {
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
    return kernelSource(absolutePath(Cwd, KernelSource), Threads);
  }
  auto Tree = debianKernelTree(DebianVersion);
  if (!Tree)
    return Tree.takeError();
  return kernelSource(*Tree, Threads);
}

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(AuditCategory);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "kthread-audit: find kernel-thread API misuse in a driver tree\n",
          &llvm::errs()))
    return 2;
  auto Start = std::chrono::steady_clock::now();
  unsigned Threads = threadCount();

  auto Options = tidyOptions();
  if (!Options)
    return fail(Options.takeError());
  // Open the report first: a path we cannot write fails before the work.
  std::unique_ptr<llvm::raw_fd_ostream> OutputFile;
  if (!OutputPath.empty()) {
    std::error_code EC;
    OutputFile = std::make_unique<llvm::raw_fd_ostream>(OutputPath, EC);
    if (EC)
      return fail("cannot write " + OutputPath + ": " + EC.message());
  }
  if (!BaselinePath.empty() && !fs::exists(BaselinePath))
    return fail("baseline " + BaselinePath + ": no such file");

  auto Found = chooseSource(Threads);
  if (!Found)
    return fail(Found.takeError());
  auto Chosen = selectCommands(*Found);
  if (!Chosen)
    return fail(Chosen.takeError());

  if (DatabasePath.empty())
    dropGeneratedSources(*Chosen, Found->Root);
  Prefilter Filter(prefilterNames(*Options));
  std::vector<Command> Commands;
  for (Command &C : *Chosen)
    if (NoPrefilter || Filter.mentionsApi(C.File))
      Commands.push_back(std::move(C));
  unsigned Skipped = Chosen->size() - Commands.size();

  std::set<std::string> Dropped;
  std::vector<std::vector<std::string>> Arguments;
  std::vector<Command> Exported;
  for (const Command &C : Commands) {
    Arguments.push_back(
        syntaxOnlyArguments(C, KTHREAD_CLANG_RESOURCE_DIR, Dropped));
    Exported.push_back({C.Directory, C.File, Arguments.back()});
  }
  if (!Dropped.empty())
    llvm::errs() << "kthread-audit: dropped flags clang does not accept: "
                 << llvm::join(Dropped, " ") << '\n';
  if (!ExportCommands.empty())
    if (llvm::Error E = writeCompileDatabase(ExportCommands, Exported))
      return fail(std::move(E));

  llvm::CrashRecoveryContext::Enable();
  AuditSettings Settings{*Options, Found->Root, ParseHeaderBodies,
                         stopCheckNames(*Options)};
  Report R = auditAll(Commands, Arguments, Settings, Threads);
  R.FilesSkipped = Skipped;
  if (!BaselinePath.empty())
    if (llvm::Error E = applyBaseline(R, BaselinePath))
      return fail(std::move(E));
  R.sort();

  llvm::raw_ostream &OS = OutputFile ? *OutputFile : llvm::outs();
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
  OS.flush();
  if (OutputFile && OutputFile->has_error()) {
    std::string Why = OutputFile->error().message();
    OutputFile->clear_error(); // Reported here, not by the stream's exit.
    return fail("cannot write " + OutputPath + ": " + Why);
  }
  printSummary(
      R, std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
             .count());
  return R.Findings.empty() && R.Failures.empty() ? 0 : 1;
}
