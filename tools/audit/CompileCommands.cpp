#include "CompileCommands.h"
#include "Outputs.h"

#include "clang/Driver/Options.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"

namespace kthread::audit {

static llvm::Error commandError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

std::string absolutePath(llvm::StringRef Directory, llvm::StringRef File) {
  llvm::SmallString<256> Path(File);
  if (!llvm::sys::path::is_absolute(Path)) {
    Path = Directory;
    llvm::sys::path::append(Path, File);
  }
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

llvm::json::Value bytesJson(llvm::StringRef Bytes) {
  if (llvm::json::isUTF8(Bytes))
    return Bytes;
  return llvm::json::Object{{"hex", llvm::toHex(Bytes, /*LowerCase=*/true)}};
}

std::optional<std::string> bytesFromJson(const llvm::json::Value &V) {
  if (std::optional<llvm::StringRef> Text = V.getAsString())
    return Text->str();
  const llvm::json::Object *O = V.getAsObject();
  std::optional<llvm::StringRef> Hex = O ? O->getString("hex") : std::nullopt;
  std::string Bytes;
  if (!Hex || !llvm::tryGetFromHex(*Hex, Bytes))
    return std::nullopt;
  return Bytes;
}

std::string realPathOf(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::real_path(Path, Real))
    return Path.str();
  return std::string(Real);
}

/// The string member \p Key of \p Entry, or an error naming the entry.
static llvm::Expected<std::string> stringMember(const llvm::json::Object &Entry,
                                                llvm::StringRef Key,
                                                const llvm::Twine &Where) {
  if (std::optional<llvm::StringRef> Value = Entry.getString(Key))
    return Value->str();
  return commandError(Where + ": \"" + Key + "\" is missing or not a string");
}

/// The argument words of \p Entry: its "arguments", or its "command" split
/// as a shell would.
static llvm::Expected<std::vector<std::string>>
argumentsOf(const llvm::json::Object &Entry, const llvm::Twine &Where) {
  std::vector<std::string> Words;
  if (const llvm::json::Value *Arguments = Entry.get("arguments")) {
    const llvm::json::Array *List = Arguments->getAsArray();
    if (!List)
      return commandError(Where + ": \"arguments\" is not an array");
    for (const llvm::json::Value &Word : *List) {
      std::optional<llvm::StringRef> Text = Word.getAsString();
      if (!Text)
        return commandError(Where + ": \"arguments\" holds a non-string");
      Words.push_back(Text->str());
    }
  } else if (std::optional<llvm::StringRef> Line = Entry.getString("command")) {
    llvm::BumpPtrAllocator Memory;
    llvm::StringSaver Saver(Memory);
    llvm::SmallVector<const char *, 64> Tokens;
    llvm::cl::TokenizeGNUCommandLine(*Line, Saver, Tokens);
    Words.assign(Tokens.begin(), Tokens.end());
  } else {
    return commandError(Where + ": neither \"arguments\" nor \"command\"");
  }
  if (Words.empty())
    return commandError(Where + ": the command is empty");
  return Words;
}

llvm::Expected<std::vector<Command>>
parseCompileDatabase(llvm::StringRef Text, llvm::StringRef Name,
                     llvm::StringRef BaseDirectory) {
  llvm::Expected<llvm::json::Value> Document = llvm::json::parse(Text);
  if (!Document)
    return commandError("cannot read compilation database " + Name + ": " +
                        llvm::toString(Document.takeError()));
  const llvm::json::Array *Entries = Document->getAsArray();
  if (!Entries)
    return commandError("cannot read compilation database " + Name +
                        ": not a JSON array");
  std::vector<Command> Commands;
  llvm::StringSet<> Seen;
  for (size_t I = 0; I < Entries->size(); ++I) {
    std::string Where = "compilation database " + Name.str() + ", entry " +
                        std::to_string(I + 1);
    const llvm::json::Object *Entry = (*Entries)[I].getAsObject();
    if (!Entry)
      return commandError(Where + ": not an object");
    auto Directory = stringMember(*Entry, "directory", Where);
    if (!Directory)
      return Directory.takeError();
    auto File = stringMember(*Entry, "file", Where);
    if (!File)
      return File.takeError();
    auto Arguments = argumentsOf(*Entry, Where);
    if (!Arguments)
      return Arguments.takeError();
    // A relative directory is relative to the database's own folder.
    std::string Dir = absolutePath(BaseDirectory, *Directory);
    Command C{Dir, absolutePath(Dir, *File), std::move(*Arguments), ""};
    C.RealFile = realPathOf(C.File);
    // A file built twice (as built-in and module), or named through a
    // symbolic link too, is audited once.
    if (Seen.insert(C.RealFile).second)
      Commands.push_back(std::move(C));
  }
  if (Commands.empty())
    return commandError("compilation database " + Name + " has no entries");
  return Commands;
}

llvm::Expected<std::vector<Command>> loadCompileDatabase(llvm::StringRef Path) {
  llvm::SmallString<256> File(Path);
  if (llvm::sys::fs::is_directory(File))
    llvm::sys::path::append(File, "compile_commands.json");
  if (!llvm::sys::fs::exists(File))
    return commandError("no compilation database at " + File);
  if (!llvm::sys::fs::is_regular_file(File))
    return commandError("compilation database " + File +
                        " is not a regular file");
  auto Buffer = llvm::MemoryBuffer::getFile(File);
  if (!Buffer)
    return commandError("cannot read compilation database " + File + ": " +
                        Buffer.getError().message());
  llvm::SmallString<256> Absolute(File);
  llvm::sys::fs::make_absolute(Absolute);
  return parseCompileDatabase((*Buffer)->getBuffer(), File,
                              llvm::sys::path::parent_path(Absolute));
}

std::string compileDatabaseText(const std::vector<Command> &Commands) {
  llvm::json::Array Entries;
  for (const Command &C : Commands) {
    llvm::json::Array Arguments;
    for (const std::string &A : C.Arguments)
      Arguments.push_back(A);
    Entries.push_back(llvm::json::Object{{"directory", C.Directory},
                                         {"file", C.File},
                                         {"arguments", std::move(Arguments)}});
  }
  std::string Text;
  llvm::raw_string_ostream(Text)
      << llvm::json::Value(std::move(Entries)) << '\n';
  return Text;
}

llvm::Error writeCompileDatabase(llvm::StringRef Path,
                                 const std::vector<Command> &Commands) {
  return writeFileAtomically(Path, compileDatabaseText(Commands));
}

std::vector<std::vector<std::string>> splitShellLine(llvm::StringRef Line) {
  std::vector<std::vector<std::string>> Commands(1);
  std::string Word;
  bool InWord = false;
  auto EndWord = [&] {
    if (InWord)
      Commands.back().push_back(Word);
    Word.clear();
    InWord = false;
  };
  for (size_t I = 0; I < Line.size(); ++I) {
    char C = Line[I];
    if (C == '\'' || C == '"') {
      InWord = true;
      size_t Close = I + 1;
      for (; Close < Line.size() && Line[Close] != C; ++Close) {
        if (C == '"' && Line[Close] == '\\' && Close + 1 < Line.size())
          ++Close;
        Word += Line[Close];
      }
      I = Close;
    } else if (C == '\\' && I + 1 < Line.size()) {
      InWord = true;
      Word += Line[++I];
    } else if (C == ';' || C == '&' || C == '|' || C == '\n') {
      EndWord();
      if (!Commands.back().empty())
        Commands.emplace_back();
    } else if (C == ' ' || C == '\t') {
      EndWord();
    } else {
      InWord = true;
      Word += C;
    }
  }
  EndWord();
  if (Commands.back().empty())
    Commands.pop_back();
  return Commands;
}

static bool isCompiler(llvm::StringRef Program) {
  llvm::StringRef Name = llvm::sys::path::filename(Program);
  return Name.contains("clang") || Name.ends_with("gcc") || Name == "cc";
}

/// The C source a compile command compiles, or "" if it is not one.
static llvm::StringRef compiledSource(llvm::ArrayRef<std::string> Words) {
  if (Words.empty() || !isCompiler(Words[0]) ||
      llvm::find(Words, "-c") == Words.end())
    return "";
  llvm::StringRef Source;
  for (size_t I = 1; I < Words.size(); ++I) {
    llvm::StringRef W = Words[I];
    if (W == "-o")
      ++I;
    else if (!W.starts_with("-") && W.ends_with(".c"))
      Source = W;
  }
  return Source;
}

std::vector<Command> parseKbuildDryRun(llvm::StringRef Output,
                                       llvm::StringRef TreeDir) {
  std::vector<Command> Commands;
  llvm::StringSet<> Seen;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Output.split(Lines, '\n', -1, false);
  for (llvm::StringRef Line : Lines) {
    if (!Line.contains(" -c "))
      continue;
    for (std::vector<std::string> &Words : splitShellLine(Line)) {
      llvm::StringRef Source = compiledSource(Words);
      if (Source.empty())
        continue;
      std::string File = absolutePath(TreeDir, Source);
      if (Seen.insert(File).second)
        Commands.push_back({TreeDir.str(), File, std::move(Words), ""});
    }
  }
  return Commands;
}

// GCC-only code-generation flags a GCC-built kernel tree passes, which clang's
// driver knows but rejects (or which only matter for code generation).
static bool isGccOnlyFlag(llvm::StringRef A) {
  static const char *const Exact[] = {"-mno-fp-ret-in-387",
                                      "-mskip-rax-setup",
                                      "-mindirect-branch-register",
                                      "-mindirect-branch-cs-prefix",
                                      "-fconserve-stack",
                                      "-fno-allow-store-data-races",
                                      "-mrecord-mcount",
                                      "-fno-var-tracking-assignments",
                                      "-fno-ipa-sra",
                                      "-fno-tree-loop-im",
                                      // Without the latent_entropy plugin,
                                      // which defines the variable it names.
                                      "-DLATENT_ENTROPY_PLUGIN"};
  static const char *const Prefixes[] = {
      "-mpreferred-stack-boundary=", "-mindirect-branch=", "-mfunction-return=",
      "-fmin-function-alignment=",   "--param=",           "-fplugin",
      "-fsanitize-coverage=trace-pc"};
  for (const char *E : Exact)
    if (A == E)
      return true;
  for (const char *P : Prefixes)
    if (A.starts_with(P))
      return true;
  return false;
}

/// Whether \p Program is GCC rather than clang.
static bool isGcc(llvm::StringRef Program) {
  return !llvm::sys::path::filename(Program).contains("clang");
}

// Options whose file argument the compiler opens itself, relative to the
// process's directory rather than the command's: they are made absolute.
static const char *const FileValuedOptions[] = {
    "-frandomize-layout-seed-file=", "-fsanitize-ignorelist=",
    "-fsanitize-blacklist=", "-fprofile-use=", "-fprofile-sample-use="};

static std::string withAbsoluteFile(llvm::StringRef A,
                                    llvm::StringRef Directory) {
  for (llvm::StringRef Option : FileValuedOptions)
    if (A.starts_with(Option))
      return (Option + absolutePath(Directory, A.drop_front(Option.size())))
          .str();
  return A.str();
}

/// Build-only flags: outputs, dependency files, warnings as errors.
static unsigned buildOnlyArity(llvm::StringRef A) {
  if (A == "-o" || A == "-MF" || A == "-MT" || A == "-MQ")
    return 2;
  if (A == "-c" || A == "-MD" || A == "-MMD" || A == "-Werror" ||
      A.starts_with("-Werror=") || A.starts_with("-Wp,-MD") ||
      A.starts_with("-Wp,-MMD"))
    return 1;
  return 0;
}

/// Indices of the arguments clang's driver does not know at all.
static std::set<unsigned>
unknownArguments(const std::vector<std::string> &Arguments) {
  std::vector<const char *> Raw;
  for (size_t I = 1; I < Arguments.size(); ++I)
    Raw.push_back(Arguments[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed = clang::driver::getDriverOptTable().ParseArgs(
      Raw, MissingIndex, MissingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::set<unsigned> Unknown;
  for (const llvm::opt::Arg *A : Parsed)
    if (A->getOption().getKind() == llvm::opt::Option::UnknownClass)
      Unknown.insert(A->getIndex() + 1);
  return Unknown;
}

std::vector<std::string> syntaxOnlyArguments(const Command &C,
                                             llvm::StringRef ResourceDir,
                                             std::set<std::string> &Dropped) {
  const std::vector<std::string> &In = C.Arguments;
  std::set<unsigned> Unknown = unknownArguments(In);
  std::vector<std::string> Out;
  bool HasResourceDir = false;
  for (size_t I = 0; I < In.size(); ++I) {
    llvm::StringRef A = In[I];
    if (I == 0) {
      Out.push_back(In[I]);
      continue;
    }
    if (unsigned Arity = buildOnlyArity(A)) {
      I += Arity - 1;
      continue;
    }
    if (Unknown.count(I) || (isGcc(In[0]) && isGccOnlyFlag(A))) {
      Dropped.insert(In[I]);
      continue;
    }
    HasResourceDir |= A.starts_with("-resource-dir");
    Out.push_back(withAbsoluteFile(A, C.Directory));
  }
  Out.push_back("-fsyntax-only");
  // The driver would look for its headers next to kthread-audit's binary.
  if (!HasResourceDir)
    Out.push_back(("-resource-dir=" + ResourceDir).str());
  return Out;
}

} // namespace kthread::audit
