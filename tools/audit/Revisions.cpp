#include "Revisions.h"
#include "CompileCommands.h"
#include "Processes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

extern char **environ;

namespace kthread::audit {

namespace fs = llvm::sys::fs;

namespace {

llvm::Error changeError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// A temporary file, removed when it goes (or when a signal ends the run).
class ScratchFile {
public:
  static llvm::Expected<ScratchFile> create(llvm::StringRef Suffix) {
    llvm::SmallString<128> Path;
    if (std::error_code EC =
            fs::createTemporaryFile("kthread-audit-git", Suffix, Path))
      return changeError("cannot create a temporary file: " + EC.message());
    removeOnInterrupt(Path);
    return ScratchFile(Path.str().str());
  }
  ScratchFile(ScratchFile &&O) : Path(std::move(O.Path)) { O.Path.clear(); }
  ~ScratchFile() {
    if (!Path.empty()) {
      fs::remove(Path);
      forgetPath(Path);
    }
  }
  const std::string &path() const { return Path; }
  std::string text() const {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    return Buffer ? (*Buffer)->getBuffer().str() : "";
  }

private:
  explicit ScratchFile(std::string Path) : Path(std::move(Path)) {}
  std::string Path;
};

struct GitResult {
  int Status = 0;
  std::string Out, Err;
};

/// git in the repository at \p Top, with \p ExtraEnvironment added.
llvm::Expected<GitResult>
git(llvm::StringRef Top, std::vector<std::string> Arguments,
    llvm::ArrayRef<std::string> ExtraEnvironment = {}) {
  auto Out = ScratchFile::create("out");
  if (!Out)
    return Out.takeError();
  auto Err = ScratchFile::create("err");
  if (!Err)
    return Err.takeError();
  std::vector<std::string> Environment(ExtraEnvironment.begin(),
                                       ExtraEnvironment.end());
  for (char **E = environ; *E; ++E)
    Environment.push_back(*E);
  Arguments.insert(Arguments.begin(),
                   {"-C", Top.str(), "--literal-pathspecs", "--no-pager"});
  auto Status =
      runProgram("git", Arguments, Environment, Out->path(), Err->path());
  if (!Status)
    return Status.takeError();
  return GitResult{*Status, Out->text(), Err->text()};
}

/// git's output, or its first line of complaint as the error.
llvm::Expected<std::string> gitOutput(llvm::StringRef Top,
                                      std::vector<std::string> Arguments,
                                      llvm::ArrayRef<std::string> Extra = {}) {
  std::string Shown = "git " + llvm::join(Arguments, " ");
  auto R = git(Top, std::move(Arguments), Extra);
  if (!R)
    return R.takeError();
  if (R->Status != 0)
    return changeError("'" + Shown + "' failed: " +
                       llvm::StringRef(R->Err).trim().split('\n').first);
  return std::move(R->Out);
}

std::vector<std::string> splitNul(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef> Parts;
  Text.split(Parts, '\0', -1, /*KeepEmpty=*/false);
  return {Parts.begin(), Parts.end()};
}

bool isSource(llvm::StringRef Path) {
  return Path.ends_with(".c") || Path.ends_with(".h");
}

/// The repository holding \p Root, and how its paths are spelled there.
class Repository {
public:
  static llvm::Expected<Repository> of(llvm::StringRef Root) {
    auto R = git(Root, {"rev-parse", "--show-toplevel"});
    if (!R)
      return R.takeError();
    if (R->Status != 0)
      return changeError(Root + " is not in a git repository");
    return Repository(llvm::StringRef(R->Out).trim().str(), Root.str());
  }

  const std::string &top() const { return Top; }

  /// \p Relative (to the top) as the tree's commands spell it: under the
  /// root as given when it lies there, a symbolic link being followed.
  std::string spell(llvm::StringRef Relative) const {
    std::string Real = realPathOf(Top) + "/" + Relative.str();
    std::string RealRoot = realPathOf(Root);
    llvm::StringRef Rest(Real);
    if (Rest.consume_front(RealRoot) && Rest.consume_front("/"))
      return Root + "/" + Rest.str();
    return Real;
  }

private:
  Repository(std::string Top, std::string Root)
      : Top(std::move(Top)), Root(std::move(Root)) {
    while (this->Root.size() > 1 && llvm::StringRef(this->Root).ends_with("/"))
      this->Root.pop_back();
  }
  std::string Top, Root;
};

llvm::Expected<std::string> blobText(const Repository &Repo,
                                     llvm::StringRef Object) {
  return gitOutput(Repo.top(), {"cat-file", "blob", Object.str()});
}

/// One file of a patch: its paths and blobs on either side ("" when the
/// file does not exist there).
struct PatchedFile {
  std::string OldPath, NewPath, OldBlob, NewBlob, Mode = "100644";
};

/// `a/path` or `"a/path"` of a diff header.
std::string diffPath(llvm::StringRef Text, llvm::StringRef Side) {
  Text = Text.trim();
  if (Text.size() >= 2 && Text.front() == '"' && Text.back() == '"')
    Text = Text.drop_front().drop_back();
  Text.consume_front(Side);
  return Text.str();
}

bool isNullBlob(llvm::StringRef Blob) {
  return !Blob.empty() && Blob.find_first_not_of('0') == llvm::StringRef::npos;
}

std::vector<PatchedFile> patchedFiles(llvm::StringRef Patch) {
  std::vector<PatchedFile> Files;
  llvm::SmallVector<llvm::StringRef> Lines;
  Patch.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.rtrim("\r");
    if (Line.consume_front("diff --git ")) {
      // "a/X b/Y": the names are equal except for renames, given below.
      size_t Middle = Line.find(" b/");
      Files.push_back({});
      if (Middle != llvm::StringRef::npos) {
        Files.back().OldPath = diffPath(Line.take_front(Middle), "a/");
        Files.back().NewPath = diffPath(Line.drop_front(Middle + 1), "b/");
      }
      continue;
    }
    if (Files.empty())
      continue;
    PatchedFile &F = Files.back();
    if (Line.consume_front("rename from ") || Line.consume_front("copy from "))
      F.OldPath = diffPath(Line, "");
    else if (Line.consume_front("rename to ") || Line.consume_front("copy to "))
      F.NewPath = diffPath(Line, "");
    else if (Line.consume_front("new file mode ") ||
             Line.consume_front("new mode "))
      F.Mode = Line.trim().str();
    else if (Line.consume_front("index ")) {
      auto [Blobs, Mode] = Line.split(' ');
      auto [Old, New] = Blobs.split("..");
      F.OldBlob = isNullBlob(Old) ? "" : Old.str();
      F.NewBlob = isNullBlob(New) ? "" : New.str();
      if (!Mode.trim().empty())
        F.Mode = Mode.trim().str();
    }
  }
  llvm::erase_if(Files, [](const PatchedFile &F) {
    return !isSource(F.OldPath) && !isSource(F.NewPath);
  });
  return Files;
}

/// The new blobs of \p Files, by applying \p Patch with git to an index
/// holding only their old blobs: the repository need not have the new ones
/// (a patch from a mailing list).
llvm::Expected<std::map<std::string, std::string>>
applyToOldBlobs(const Repository &Repo, llvm::StringRef Patch,
                const std::vector<PatchedFile> &Files) {
  auto Index = ScratchFile::create("index");
  if (!Index)
    return Index.takeError();
  fs::remove(Index->path()); // git makes it.
  auto PatchFile = ScratchFile::create("patch");
  if (!PatchFile)
    return PatchFile.takeError();
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(PatchFile->path(), EC);
    OS << Patch;
  }
  std::vector<std::string> Env{"GIT_INDEX_FILE=" + Index->path()};
  for (const PatchedFile &F : Files) {
    if (F.OldBlob.empty())
      continue;
    auto Full = gitOutput(Repo.top(), {"rev-parse", "--verify", "--quiet",
                                       F.OldBlob + "^{blob}"});
    if (!Full)
      return Full.takeError();
    if (auto Added =
            gitOutput(Repo.top(),
                      {"update-index", "--add", "--cacheinfo",
                       F.Mode + "," + llvm::StringRef(*Full).trim().str() +
                           "," + F.OldPath},
                      Env);
        !Added)
      return Added.takeError();
  }
  if (auto Applied = gitOutput(
          Repo.top(), {"apply", "--cached", "--include=*", PatchFile->path()},
          Env);
      !Applied)
    return Applied.takeError();
  auto Listed = gitOutput(Repo.top(), {"ls-files", "-s", "-z"}, Env);
  if (!Listed)
    return Listed.takeError();
  std::map<std::string, std::string> Blobs;
  for (llvm::StringRef Entry : splitNul(*Listed)) {
    // "<mode> <blob> <stage>\t<path>"
    auto [Info, Path] = Entry.split('\t');
    llvm::SmallVector<llvm::StringRef> Fields;
    Info.split(Fields, ' ');
    if (Fields.size() == 3)
      Blobs[Path.str()] = Fields[1].str();
  }
  return Blobs;
}

} // namespace

llvm::Expected<Change> changeSince(llvm::StringRef Root, llvm::StringRef Rev) {
  auto Repo = Repository::of(Root);
  if (!Repo)
    return Repo.takeError();
  auto Commit = git(Repo->top(), {"rev-parse", "--verify", "--quiet",
                                  (Rev + "^{commit}").str()});
  if (!Commit)
    return Commit.takeError();
  if (Commit->Status != 0)
    return changeError(Rev + " is not a commit of the repository at " +
                       Repo->top());
  std::string Base = llvm::StringRef(Commit->Out).trim().str();
  auto Changed = gitOutput(
      Repo->top(), {"diff", "--name-only", "--no-renames", "-z", Base, "--"});
  if (!Changed)
    return Changed.takeError();
  auto Untracked = gitOutput(
      Repo->top(), {"ls-files", "--others", "--exclude-standard", "-z"});
  if (!Untracked)
    return Untracked.takeError();
  std::set<std::string> Relative;
  for (const std::string &P : splitNul(*Changed + *Untracked))
    if (isSource(P))
      Relative.insert(P);

  std::set<std::string> AtBase;
  if (!Relative.empty()) {
    std::vector<std::string> Args{"ls-tree",     "-r", "-z",
                                  "--name-only", Base, "--"};
    Args.insert(Args.end(), Relative.begin(), Relative.end());
    auto Listed = gitOutput(Repo->top(), Args);
    if (!Listed)
      return Listed.takeError();
    for (const std::string &P : splitNul(*Listed))
      AtBase.insert(P);
  }
  Change C;
  for (const std::string &P : Relative) {
    std::string Path = Repo->spell(P);
    C.Files.push_back(Path);
    if (AtBase.count(P)) {
      auto Text = blobText(*Repo, Base + ":" + P);
      if (!Text)
        return Text.takeError();
      C.Before.Texts[Path] = std::move(*Text);
    } else {
      C.Before.Absent.insert(Path);
    }
    if (!fs::exists(Path))
      C.After.Absent.insert(Path);
  }
  return C;
}

llvm::Expected<Change> changeOfPatch(llvm::StringRef Root,
                                     llvm::StringRef Patch) {
  auto Repo = Repository::of(Root);
  if (!Repo)
    return Repo.takeError();
  std::vector<PatchedFile> Files = patchedFiles(Patch);
  // A new blob the repository lacks: the patch is applied to the old ones.
  std::optional<std::map<std::string, std::string>> Applied;
  Change C;
  for (const PatchedFile &F : Files) {
    std::string Old = Repo->spell(F.OldPath), New = Repo->spell(F.NewPath);
    for (const std::string &P : {Old, New})
      if (llvm::find(C.Files, P) == C.Files.end())
        C.Files.push_back(P);
    if (F.OldBlob.empty()) {
      C.Before.Absent.insert(New);
    } else {
      auto Text = blobText(*Repo, F.OldBlob);
      if (!Text)
        return changeError("the patch's old " + F.OldPath + " (blob " +
                           F.OldBlob + ") is not in the repository at " +
                           Repo->top() + "; is the patch based on it?");
      C.Before.Texts[Old] = std::move(*Text);
      if (New != Old)
        C.Before.Absent.insert(New);
    }
    if (F.NewBlob.empty()) {
      C.After.Absent.insert(Old);
      continue;
    }
    std::string Blob = F.NewBlob;
    auto Present = git(Repo->top(), {"cat-file", "-e", Blob + "^{blob}"});
    if (!Present)
      return Present.takeError();
    if (Present->Status != 0) {
      if (!Applied) {
        auto Blobs = applyToOldBlobs(*Repo, Patch, Files);
        if (!Blobs)
          return changeError("the patch does not apply to its old blobs: " +
                             llvm::toString(Blobs.takeError()));
        Applied = std::move(*Blobs);
      }
      Blob = (*Applied)[F.NewPath];
    }
    auto Text = blobText(*Repo, Blob);
    if (!Text)
      return Text.takeError();
    C.After.Texts[New] = std::move(*Text);
    if (New != Old)
      C.After.Absent.insert(Old);
  }
  return C;
}

} // namespace kthread::audit
