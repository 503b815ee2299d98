#include "FileAuditor.h"
#include "FactModel.h"
#include "Likelihood.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace kthread::audit {

using namespace clang;
using clang::tidy::ClangTidyError;
using kthread::Likelihood;

namespace {

/// The end of the brace block opening at \p Open, skipping comments,
/// literals and preprocessor lines; npos if it does not close.
size_t blockEnd(StringRef Text, size_t Open) {
  unsigned Depth = 0;
  bool LineStart = false;
  for (size_t I = Open; I < Text.size(); ++I) {
    char C = Text[I];
    if (LineStart && C == '#') {
      I = Text.find('\n', I);
      if (I == StringRef::npos)
        return I;
    } else if (Text.substr(I).starts_with("//")) {
      I = Text.find('\n', I);
      if (I == StringRef::npos)
        return I;
    } else if (Text.substr(I).starts_with("/*")) {
      I = Text.find("*/", I + 2);
      if (I == StringRef::npos)
        return I;
      ++I;
    } else if (C == '"' || C == '\'') {
      for (++I; I < Text.size() && Text[I] != C; ++I)
        if (Text[I] == '\\')
          ++I;
    } else if (C == '{') {
      ++Depth;
    } else if (C == '}' && --Depth == 0) {
      return I;
    }
    if (C == '\n')
      LineStart = true;
    else if (C != ' ' && C != '\t')
      LineStart = false;
  }
  return StringRef::npos;
}

/// Keeps parsing and matching to the main file. A body outside it is
/// parsed only if its text names a function the analyses look for there
/// (a header's `wait_for_kthread_stop()` testing for stop).
class MainFileFocus : public ASTConsumer {
public:
  MainFileFocus(const SourceManager &SM, ArrayRef<std::string> BodyNames)
      : SM(SM), BodyNames(BodyNames) {}

  bool HandleTopLevelDecl(DeclGroupRef Group) override {
    for (Decl *D : Group)
      if (inMainFile(D))
        MainFileDecls.push_back(D);
    return true;
  }

  bool shouldSkipFunctionBody(Decl *D) override {
    return !inMainFile(D) && !bodyNamesAny(D);
  }

  // Runs before the checks' consumer (it comes first in the multiplexer).
  void HandleTranslationUnit(ASTContext &Context) override {
    Context.setTraversalScope(MainFileDecls);
  }

private:
  bool inMainFile(const Decl *D) const {
    return SM.isInMainFile(SM.getExpansionLoc(D->getLocation()));
  }

  bool bodyNamesAny(const Decl *D) const {
    SourceLocation Loc = D->getLocation();
    if (Loc.isMacroID())
      return true; // The body is in a macro definition: parse it.
    auto [File, Offset] = SM.getDecomposedLoc(Loc);
    StringRef Text = SM.getBufferData(File);
    size_t Open = Text.find('{', Offset);
    size_t Close = Open == StringRef::npos ? Open : blockEnd(Text, Open);
    if (Close == StringRef::npos)
      return true;
    StringRef Body = Text.slice(Open, Close);
    return llvm::any_of(BodyNames,
                        [&](const std::string &N) { return Body.contains(N); });
  }

  const SourceManager &SM;
  ArrayRef<std::string> BodyNames;
  std::vector<Decl *> MainFileDecls;
};

/// Runs after the checks: takes the summary of the fact model they built,
/// the files the parse read, and where the main file's functions are.
class SummaryCollector : public ASTConsumer {
public:
  explicit SummaryCollector(FileOutcome &Told) : Told(Told) {}

  bool HandleTopLevelDecl(DeclGroupRef Group) override {
    for (Decl *D : Group)
      if (auto *F = dyn_cast<FunctionDecl>(D))
        if (F->doesThisDeclarationHaveABody())
          Defined.push_back(F);
    return true;
  }

  void HandleTranslationUnit(ASTContext &Context) override {
    collectFunctions(Context.getSourceManager());
    if (std::shared_ptr<kthread::FactModel> Model =
            kthread::FactModel::existing(Context))
      Told.Summary = Model->summary();
    const SourceManager &SM = Context.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      FileEntryRef File = It->first;
      Told.Dependencies.push_back(
          {File.getFileEntry().tryGetRealPathName().str(),
           uint64_t(File.getSize()), int64_t(File.getModificationTime())});
    }
    llvm::sort(Told.Dependencies,
               [](const auto &L, const auto &R) { return L.Path < R.Path; });
  }

private:
  void collectFunctions(const SourceManager &SM) {
    for (const FunctionDecl *F : Defined) {
      SourceLocation Begin = SM.getExpansionLoc(F->getBeginLoc());
      SourceLocation End = SM.getExpansionRange(F->getEndLoc()).getEnd();
      if (!SM.isInMainFile(Begin) || !SM.isInMainFile(End))
        continue;
      Told.Functions.push_back({SM.getFileOffset(Begin), SM.getFileOffset(End),
                                F->getNameAsString()});
    }
  }

  FileOutcome &Told;
  std::vector<const FunctionDecl *> Defined;
};

class AuditAction : public ASTFrontendAction {
public:
  AuditAction(tidy::ClangTidyASTConsumerFactory &Factory,
              const AuditSettings &Settings, bool &Parsed, FileOutcome &Told)
      : Factory(Factory), Settings(Settings),
        Focus(!Settings.ParseHeaderBodies), Parsed(Parsed), Told(Told) {}

  bool BeginInvocation(CompilerInstance &CI) override {
    // As clang-tidy does, so that code under __clang_analyzer__ matches.
    CI.getPreprocessorOpts().SetUpStaticAnalyzer = true;
    CI.getFrontendOpts().SkipFunctionBodies = Focus;
    // No "N warnings generated." per file: the report is the output.
    CI.getDiagnosticOpts().ShowCarets = false;
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef File) override {
    Parsed = true;
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    if (Focus)
      Consumers.push_back(std::make_unique<MainFileFocus>(
          CI.getSourceManager(), Settings.HeaderBodyNames));
    Consumers.push_back(Factory.createASTConsumer(CI, File));
    Consumers.push_back(std::make_unique<SummaryCollector>(Told));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  tidy::ClangTidyASTConsumerFactory &Factory;
  const AuditSettings &Settings;
  bool Focus;
  /// Set once parsing starts: the invocation also "fails" when only a check
  /// reported an error (an unmatched NOLINTBEGIN).
  bool &Parsed;
  /// Where the summary and the files read go.
  FileOutcome &Told;
};

/// Line and column of byte offsets, read from the files after parsing.
class LineTables {
public:
  explicit LineTables(const SourceOverlay *Overlay) : Overlay(Overlay) {}

  Position position(StringRef File, unsigned Offset, StringRef Root) {
    Position P{reportPath(File, Root), 0, 0};
    const std::vector<unsigned> &Starts = lineStarts(File);
    if (Starts.empty())
      return P;
    auto Next = std::upper_bound(Starts.begin(), Starts.end(), Offset);
    P.Line = Next - Starts.begin();
    P.Column = Offset - *(Next - 1) + 1;
    return P;
  }

private:
  const std::vector<unsigned> &lineStarts(StringRef File) {
    auto [It, Inserted] = Tables.try_emplace(File);
    if (!Inserted)
      return It->second;
    if (std::optional<std::string> Source = readSource(File, Overlay)) {
      StringRef Text = *Source;
      It->second.push_back(0);
      for (size_t I = 0; I < Text.size(); ++I)
        if (Text[I] == '\n')
          It->second.push_back(I + 1);
    }
    return It->second;
  }

  const SourceOverlay *Overlay;
  llvm::StringMap<std::vector<unsigned>> Tables;
};

/// The innermost function around \p Offset of the main file.
std::string functionAt(unsigned Offset,
                       const std::vector<FileOutcome::FunctionSpan> &Spans) {
  const FileOutcome::FunctionSpan *Best = nullptr;
  for (const FileOutcome::FunctionSpan &S : Spans)
    if (S.Begin <= Offset && Offset <= S.End &&
        (!Best || S.End - S.Begin < Best->End - Best->Begin))
      Best = &S;
  return Best ? Best->Name : "";
}

Finding toFinding(const ClangTidyError &E, const Command &C, StringRef Root,
                  const std::vector<FileOutcome::FunctionSpan> &Functions,
                  LineTables &Lines) {
  StringRef Directory = C.Directory;
  auto At = [&](const tooling::DiagnosticMessage &M) {
    // Diagnostics without a place (from the driver) have no file.
    std::string File =
        M.FilePath.empty() ? "" : absolutePath(Directory, M.FilePath);
    return Lines.position(File, M.FileOffset, Root);
  };
  Finding F{E.DiagnosticName, E.Message.Message, At(E.Message), {}, "", ""};
  if (!E.Message.FilePath.empty() &&
      F.Where.File == reportPath(C.File, Root))
    F.Function = functionAt(E.Message.FileOffset, Functions);
  for (const tooling::DiagnosticMessage &N : E.Notes) {
    F.Notes.push_back({At(N), N.Message});
    if (std::optional<Likelihood> L = likelihoodOfNote(N.Message))
      F.Likelihood = likelihoodName(*L).str();
  }
  return F;
}

/// clang-tidy hands its errors over sorted by file name, so it remembers
/// clang's first error as it is reported: that one says why the file does
/// not compile.
class AuditDiagnosticConsumer : public tidy::ClangTidyDiagnosticConsumer {
public:
  AuditDiagnosticConsumer(tidy::ClangTidyContext &Context, const Command &C,
                          StringRef Root)
      : ClangTidyDiagnosticConsumer(Context), C(C), Root(Root) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    // Diagnostics of the checks (and of NOLINT comments) are custom ones.
    if (Level >= DiagnosticsEngine::Error && FirstError.empty() &&
        Info.getID() < diag::DIAG_UPPER_LIMIT)
      FirstError = describe(Info);
    ClangTidyDiagnosticConsumer::HandleDiagnostic(Level, Info);
  }

  std::string FirstError;

private:
  std::string describe(const Diagnostic &Info) const {
    SmallString<256> Text;
    Info.FormatDiagnostic(Text);
    if (!Info.hasSourceManager() || Info.getLocation().isInvalid())
      return std::string(Text);
    PresumedLoc At = Info.getSourceManager().getPresumedLoc(Info.getLocation());
    if (At.isInvalid())
      return std::string(Text);
    return reportPath(absolutePath(C.Directory, At.getFilename()), Root) + ":" +
           std::to_string(At.getLine()) + ": " + std::string(Text);
  }

  const Command &C;
  StringRef Root;
};

FileOutcome collect(std::vector<ClangTidyError> Errors, const Command &C,
                    const AuditSettings &Settings, bool Parsed,
                    const std::string &FirstError,
                    const std::vector<FileOutcome::FunctionSpan> &Functions) {
  FileOutcome Outcome;
  LineTables Lines(Settings.Overlay.get());
  // clang's own diagnostics are not findings; an unmatched NOLINTBEGIN is
  // one (clang-tidy-nolint), and the file was still analysed.
  for (const ClangTidyError &E : Errors)
    if (!StringRef(E.DiagnosticName).starts_with("clang-diagnostic-"))
      Outcome.Findings.push_back(
          toFinding(E, C, Settings.Root, Functions, Lines));
  if (!FirstError.empty())
    Outcome.NotAnalysed = Failure{reportPath(C.File, Settings.Root),
                                  "does not compile: " + FirstError};
  else if (!Parsed)
    Outcome.NotAnalysed =
        Failure{reportPath(C.File, Settings.Root), "the compiler did not run"};
  return Outcome;
}

} // namespace

static std::optional<std::string> relativeTo(StringRef Path, StringRef Root) {
  StringRef Relative = Path;
  if (!Root.empty() && Relative.consume_front(Root) &&
      (Root.ends_with("/") || Relative.consume_front("/")))
    return Relative.str();
  return std::nullopt;
}

std::optional<std::string> readSource(StringRef Path,
                                      const SourceOverlay *Overlay) {
  if (Overlay) {
    auto It = Overlay->find(Path.str());
    if (It != Overlay->end())
      return It->second;
  }
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path))
    return (*Buffer)->getBuffer().str();
  return std::nullopt;
}

/// \p Disk with \p Overlay's files on top.
static IntrusiveRefCntPtr<llvm::vfs::FileSystem>
withOverlay(IntrusiveRefCntPtr<llvm::vfs::FileSystem> Disk,
            const SourceOverlay *Overlay) {
  if (!Overlay || Overlay->empty())
    return Disk;
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[Path, Text] : *Overlay)
    Memory->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text, Path));
  auto Both = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Disk);
  Both->pushOverlay(Memory);
  return Both;
}

std::string reportPath(StringRef Path, StringRef Root) {
  if (std::optional<std::string> Relative = relativeTo(Path, Root))
    return *Relative;
  // The same file under another spelling of the root (a symbolic link).
  if (!Root.empty() && llvm::sys::path::is_absolute(Path))
    if (std::optional<std::string> Relative =
            relativeTo(realPathOf(Path), realPathOf(Root)))
      return *Relative;
  return Path.str();
}

FileOutcome auditFile(const Command &C,
                      const std::vector<std::string> &Arguments,
                      const AuditSettings &Settings) {
  tidy::ClangTidyContext Context(std::make_unique<tidy::DefaultOptionsProvider>(
      tidy::ClangTidyGlobalOptions(), Settings.Options));
  AuditDiagnosticConsumer DiagConsumer(Context, C, Settings.Root);
  DiagnosticsEngine Engine(new DiagnosticIDs(), new DiagnosticOptions(),
                           &DiagConsumer, /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&Engine);
  tidy::ClangTidyASTConsumerFactory Factory(Context);

  bool Parsed = false;
  FileOutcome Told;
  // Each file gets its own working directory, so threads do not share one.
  IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      withOverlay(llvm::vfs::createPhysicalFileSystem(), Settings.Overlay.get());
  FS->setCurrentWorkingDirectory(C.Directory);
  IntrusiveRefCntPtr<FileManager> Files(
      new FileManager(FileSystemOptions(), FS));
  tooling::ToolInvocation Invocation(
      Arguments, std::make_unique<AuditAction>(Factory, Settings, Parsed, Told),
      Files.get());
  Invocation.setDiagnosticConsumer(&DiagConsumer);

  llvm::CrashRecoveryContext Recovery;
  if (!Recovery.RunSafely([&] { Invocation.run(); })) {
    FileOutcome Crashed;
    Crashed.NotAnalysed = Failure{reportPath(C.File, Settings.Root),
                                  "kthread-audit crashed while analysing it"};
    return Crashed;
  }
  FileOutcome Outcome = collect(DiagConsumer.take(), C, Settings, Parsed,
                                DiagConsumer.FirstError, Told.Functions);
  // A file with errors has no model, and so tells nothing.
  Outcome.Summary = std::move(Told.Summary);
  Outcome.Dependencies = std::move(Told.Dependencies);
  return Outcome;
}

} // namespace kthread::audit
