//===--- TreeAudit.cpp ----------------------------------------------------===//

#include "TreeAudit.h"
#include "Isolation.h"
#include "Prefilter.h"
#include "Processes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/xxhash.h"
#include <malloc.h>
#include <set>

namespace kthread::audit {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

llvm::Error auditError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

std::string hexDigest(llvm::StringRef Text) {
  return llvm::utohexstr(llvm::xxh3_64bits(Text), /*LowerCase=*/true);
}

/// Whether every file \p O read is still as it was.
bool unchanged(const FileOutcome &O) {
  for (const FileOutcome::Dependency &D : O.Dependencies) {
    fs::file_status Status;
    if (fs::status(D.Path, Status) || Status.getSize() != D.Size ||
        llvm::sys::toTimeT(Status.getLastModificationTime()) !=
            D.ModifiedSeconds)
      return false;
  }
  return !O.Dependencies.empty();
}

/// What the audited files of one directory want from the files the
/// prefilter skipped there (a driver's files live together).
struct Wanted {
  /// Thread functions they start but do not define.
  std::vector<std::string> Functions;
  /// Ops fields holding their creating functions: a call through one
  /// (`->init(`) may drop the error.
  std::vector<std::string> CallPatterns;
  /// Task fields they may leave an ERR_PTR or a stopped task in: a file
  /// that names one and an API function that uses a task (kthread_park,
  /// wake_up_process) may use it.
  std::vector<std::string> TaskFields;

  bool by(llvm::StringRef Text, llvm::ArrayRef<std::string> TaskUses) const {
    auto Names = [&](llvm::ArrayRef<std::string> List) {
      return llvm::any_of(List, [&](const std::string &Name) {
        return containsIdentifier(Text, Name);
      });
    };
    return Names(Functions) ||
           llvm::any_of(
               CallPatterns,
               [&](const std::string &P) { return Text.contains(P); }) ||
           (Names(TaskFields) && Names(TaskUses));
  }
};

} // namespace

TreeAudit::TreeAudit(AuditSettings Settings, unsigned Jobs, std::string Index,
                     std::vector<std::string> TaskUses, std::string ResourceDir,
                     AuditFunction Audit)
    : Settings(std::move(Settings)), Jobs(Jobs), Index(std::move(Index)),
      TaskUses(std::move(TaskUses)), ResourceDir(std::move(ResourceDir)),
      Audit(std::move(Audit)) {
  std::string Self = fs::getMainExecutable(nullptr, nullptr);
  fs::file_status Status;
  if (!fs::status(Self, Status))
    ToolKey =
        Self + ":" + std::to_string(Status.getSize()) + ":" +
        std::to_string(llvm::sys::toTimeT(Status.getLastModificationTime()));
}

TreeAudit::~TreeAudit() {
  if (OwnsIndex) {
    fs::remove(Index);
    forgetPath(Index);
  }
}

std::string TreeAudit::keyOf(const Command &C,
                             llvm::ArrayRef<std::string> Arguments,
                             const AuditSettings &Settings) const {
  std::string Text = ToolKey + '\0' + C.Directory + '\0' + C.File + '\0';
  for (const std::string &A : Arguments)
    Text += A + '\0';
  Text += Settings.Options.Checks.value_or("") + '\0';
  std::vector<std::string> Options;
  for (const auto &Option : Settings.Options.CheckOptions)
    Options.push_back(Option.getKey().str() + "=" + Option.getValue().Value);
  llvm::sort(Options);
  Text += llvm::join(Options, "\n");
  Text += Settings.ParseHeaderBodies ? "\1" : "\0";
  return hexDigest(Text);
}

std::vector<FileOutcome>
TreeAudit::auditOrReuse(const std::vector<Command> &Commands,
                        const std::vector<std::vector<std::string>> &Arguments,
                        const AuditSettings &With, unsigned Phase,
                        llvm::StringRef ExtraKey) {
  std::vector<FileOutcome> Outcomes(Commands.size());
  std::vector<std::string> Keys;
  std::vector<size_t> Fresh;
  for (size_t I = 0; I < Commands.size(); ++I) {
    Keys.push_back(keyOf(Commands[I], Arguments[I], With) + ExtraKey.str());
    auto Known = Earlier.find({Commands[I].File, Phase});
    std::optional<FileOutcome> Reused;
    if (Known != Earlier.end() && Known->second.Key == Keys.back())
      Reused = parseOutcome(Known->second.Outcome);
    if (Reused && unchanged(*Reused)) {
      Outcomes[I] = std::move(*Reused);
      ++ReusedCount;
    } else {
      Fresh.push_back(I);
    }
  }
  std::vector<Command> FreshCommands;
  std::vector<std::vector<std::string>> FreshArguments;
  for (size_t I : Fresh) {
    FreshCommands.push_back(Commands[I]);
    FreshArguments.push_back(Arguments[I]);
  }
  if (!Fresh.empty()) {
    std::vector<FileOutcome> Done =
        Audit(FreshCommands, FreshArguments, With,
              std::max<size_t>(1, std::min<size_t>(Jobs, Fresh.size())));
    for (size_t K = 0; K < Fresh.size(); ++K)
      Outcomes[Fresh[K]] = std::move(Done[K]);
  }
  // A file the limits stopped may pass another time.
  for (size_t I = 0; I < Commands.size(); ++I)
    if (!Outcomes[I].NotAnalysed)
      Kept.push_back(
          {Commands[I].File, Phase, Keys[I], outcomeText(Outcomes[I])});
  return Outcomes;
}

/// Only the skipped files beside a kept one can be needed (neededSkipped).
/// The commands of the rest of the tree would be most of this process's
/// memory, shared by every analysing process it forks.
static void keepBesideKept(std::vector<Command> &Skipped,
                           const std::vector<Command> &Kept) {
  std::set<std::string> Directories;
  for (const Command &C : Kept)
    Directories.insert(path::parent_path(realPathOf(C.File)).str());
  llvm::erase_if(Skipped, [&](const Command &C) {
    return !Directories.count(path::parent_path(realPathOf(C.File)).str());
  });
  Skipped.shrink_to_fit();
  ::malloc_trim(0);
}

std::vector<size_t>
TreeAudit::neededSkipped(const std::vector<FileOutcome> &Outcomes,
                         const std::vector<Command> &Skipped) const {
  std::map<std::string, Wanted> ByDirectory;
  for (const FileOutcome &O : Outcomes) {
    Wanted &W = ByDirectory[path::parent_path(O.Summary.File).str()];
    llvm::append_range(W.Functions, O.Summary.NeededFunctions);
    for (const kthread::FieldKey &Field : O.Summary.NeededFields)
      W.CallPatterns.push_back("->" + Field.Field + "(");
    for (const kthread::StoredErrPtr &E : O.Summary.StoredErrPtrs)
      W.TaskFields.push_back(E.Field.Field);
    for (const kthread::StaleStop &E : O.Summary.StaleStops)
      W.TaskFields.push_back(E.Field.Field);
  }
  std::vector<size_t> Needed;
  for (size_t I = 0; I < Skipped.size(); ++I) {
    auto W =
        ByDirectory.find(path::parent_path(realPathOf(Skipped[I].File)).str());
    if (W == ByDirectory.end())
      continue;
    if (std::optional<std::string> Text =
            readSource(Skipped[I].File, Settings.Overlay.get()))
      if (W->second.by(*Text, TaskUses))
        Needed.push_back(I);
  }
  return Needed;
}

llvm::Error
TreeAudit::writeIndex(const std::vector<FileOutcome> &Outcomes) const {
  std::vector<kthread::FileSummary> Summaries;
  for (const FileOutcome &O : Outcomes)
    if (!O.Summary.File.empty())
      Summaries.push_back(O.Summary);
  llvm::sort(Summaries,
             [](const auto &L, const auto &R) { return L.File < R.File; });
  removeOnInterrupt(
      (Index + ".tmp." + llvm::Twine(llvm::sys::Process::getProcessId()))
          .str());
  // A temporary index is for this run only: it keeps no outcomes.
  return kthread::TreeIndex::write(
      Index, Summaries,
      OwnsIndex ? std::vector<kthread::CachedOutcome>() : Kept);
}

/// The cross-file phase: every file that needs facts another file told is
/// audited again with the index, and its outcome replaces the first one.
llvm::Error TreeAudit::acrossFiles(TreeAuditResult &R) {
  auto Tree = kthread::TreeIndex::open(Index);
  if (!Tree)
    return Tree.takeError();
  std::vector<std::string> Needing = Tree->filesNeedingOthers();
  std::vector<size_t> Again;
  for (size_t I = 0; I < R.Commands.size(); ++I)
    if (!R.Outcomes[I].NotAnalysed &&
        std::binary_search(Needing.begin(), Needing.end(),
                           R.Outcomes[I].Summary.File))
      Again.push_back(I);
  if (Again.empty())
    return llvm::Error::success();
  // What the files told, whichever file: a change anywhere audits again.
  std::vector<std::string> Told;
  for (const FileOutcome &O : R.Outcomes) {
    std::string Text;
    llvm::raw_string_ostream(Text) << kthread::summaryJson(O.Summary);
    Told.push_back(std::move(Text));
  }
  llvm::sort(Told);
  std::string FactsKey = hexDigest(llvm::join(Told, "\n"));

  std::vector<Command> Subset;
  std::vector<std::vector<std::string>> SubsetArguments;
  for (size_t I : Again) {
    Subset.push_back(R.Commands[I]);
    SubsetArguments.push_back(R.Arguments[I]);
  }
  AuditSettings WithFacts = Settings;
  WithFacts.Options.CheckOptions["FactsDatabase"] =
      clang::tidy::ClangTidyOptions::ClangTidyValue(Index);
  llvm::errs() << "kthread-audit: cross-file phase: " << Subset.size()
               << " files need facts of other files\n";
  std::vector<FileOutcome> Second =
      auditOrReuse(Subset, SubsetArguments, WithFacts, 2, FactsKey);
  for (size_t K = 0; K < Again.size(); ++K)
    R.Outcomes[Again[K]] = std::move(Second[K]);
  return llvm::Error::success();
}

llvm::Expected<TreeAuditResult>
TreeAudit::run(std::vector<Command> Commands,
               std::vector<std::vector<std::string>> Arguments,
               std::vector<Command> Skipped) {
  if (Index.empty()) {
    llvm::SmallString<128> Temporary;
    if (std::error_code EC =
            fs::createTemporaryFile("kthread-facts", "db", Temporary))
      return auditError("cannot create a temporary tree index: " +
                        EC.message());
    Index = Temporary.str().str();
    OwnsIndex = true;
    removeOnInterrupt(Index);
  } else {
    // The analysing processes open it too, from wherever they are.
    llvm::SmallString<256> Absolute(Index);
    fs::make_absolute(Absolute);
    Index = Absolute.str().str();
  }
  std::string Previous = OwnsIndex ? ReuseFrom : Index;
  if (!Previous.empty())
    ReuseFrom = Previous;
  if (!Previous.empty() && fs::exists(Previous)) {
    // The file is an output: never overwrite what is not an index.
    if (!kthread::TreeIndex::isIndex(Previous))
      return auditError("--index " + Previous +
                        " exists and is not a kthread-tidy tree index" +
                        (OwnsIndex ? "" : "; not overwriting it"));
    if (auto Opened = kthread::TreeIndex::open(Previous))
      for (kthread::CachedOutcome &O : Opened->cachedOutcomes())
        Earlier.emplace(std::make_pair(O.File, O.Phase), std::move(O));
    else
      llvm::consumeError(Opened.takeError()); // Another schema: rebuilt.
  }

  size_t SkippedCount = Skipped.size();
  keepBesideKept(Skipped, Commands);
  TreeAuditResult R;
  R.Outcomes = auditOrReuse(Commands, Arguments, Settings, 1, "");
  R.Commands = std::move(Commands);
  R.Arguments = std::move(Arguments);

  std::vector<size_t> Needed = neededSkipped(R.Outcomes, Skipped);
  if (!Needed.empty()) {
    std::vector<Command> Wider;
    std::vector<std::vector<std::string>> WiderArguments;
    std::set<std::string> Dropped;
    for (size_t I : Needed) {
      Wider.push_back(Skipped[I]);
      WiderArguments.push_back(
          syntaxOnlyArguments(Wider.back(), ResourceDir, Dropped));
    }
    llvm::errs() << "kthread-audit: " << Wider.size()
                 << " more files tell facts that audited files need\n";
    std::vector<FileOutcome> More =
        auditOrReuse(Wider, WiderArguments, Settings, 1, "");
    for (size_t K = 0; K < Wider.size(); ++K) {
      R.Commands.push_back(std::move(Wider[K]));
      R.Arguments.push_back(std::move(WiderArguments[K]));
      R.Outcomes.push_back(std::move(More[K]));
    }
  }
  R.Skipped = SkippedCount - Needed.size();

  if (llvm::Error E = writeIndex(R.Outcomes))
    return std::move(E);
  if (llvm::Error E = acrossFiles(R))
    return std::move(E);
  // Again, with the cross-file outcomes kept for the next run.
  if (!OwnsIndex)
    if (llvm::Error E = writeIndex(R.Outcomes))
      return std::move(E);
  if (ReusedCount)
    llvm::errs() << "kthread-audit: " << ReusedCount
                 << " outcomes reused from the previous run (" << ReuseFrom
                 << ")\n";
  return R;
}

} // namespace kthread::audit
