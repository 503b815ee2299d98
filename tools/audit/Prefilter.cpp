#include "Prefilter.h"

#include "clang/Basic/CharInfo.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace kthread::audit {

Prefilter::Prefilter(std::vector<std::string> Names,
                     std::vector<std::string> OwnNames,
                     std::shared_ptr<const SourceOverlay> Overlay)
    : Names(std::move(Names)), OwnNames(std::move(OwnNames)),
      Overlay(std::move(Overlay)) {}

bool containsIdentifier(llvm::StringRef Text, llvm::StringRef Name) {
  for (size_t At = Text.find(Name); At != llvm::StringRef::npos;
       At = Text.find(Name, At + 1)) {
    bool StartsWord =
        At == 0 || !clang::isAsciiIdentifierContinue(Text[At - 1]);
    size_t End = At + Name.size();
    bool EndsWord =
        End == Text.size() || !clang::isAsciiIdentifierContinue(Text[End]);
    if (StartsWord && EndsWord)
      return true;
  }
  return false;
}

bool Prefilter::mentionsAny(llvm::StringRef Text,
                            const std::vector<std::string> &Names) {
  for (const std::string &Name : Names)
    if (containsIdentifier(Text, Name))
      return true;
  return false;
}

/// The targets of the '#include "..."' lines of \p Text.
static std::vector<std::string> quotedIncludes(llvm::StringRef Text) {
  std::vector<std::string> Includes;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.ltrim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("include"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("\""))
      continue;
    Includes.push_back(Line.take_until([](char C) { return C == '"'; }).str());
  }
  return Includes;
}

const Prefilter::FileFacts &Prefilter::factsOf(llvm::StringRef File) {
  {
    std::lock_guard<std::mutex> Guard(CacheLock);
    auto Known = Cache.find(File);
    if (Known != Cache.end())
      return Known->second;
  }
  FileFacts Facts;
  if (std::optional<std::string> Source = readSource(File, Overlay.get())) {
    llvm::StringRef Text = *Source;
    Facts.Readable = true;
    Facts.Mentions = mentionsAny(Text, Names);
    Facts.MentionsOwn = mentionsAny(Text, OwnNames);
    llvm::StringRef Directory = llvm::sys::path::parent_path(File);
    for (const std::string &Include : quotedIncludes(Text)) {
      llvm::SmallString<256> Header(Directory);
      llvm::sys::path::append(Header, Include);
      llvm::sys::path::remove_dots(Header, /*remove_dot_dot=*/true);
      Facts.Includes.push_back(std::string(Header));
    }
  }
  std::lock_guard<std::mutex> Guard(CacheLock);
  return Cache.try_emplace(File, std::move(Facts)).first->second;
}

bool Prefilter::mentionsApi(llvm::StringRef File) {
  // An unreadable file is not skipped: its parse reports the problem.
  const FileFacts &Own = factsOf(File);
  if (!Own.Readable || Own.MentionsOwn)
    return true;
  // The whole graph of local includes, however deep, each header once: the
  // facts cached per file are the file's own, so the answer does not depend
  // on which files were asked about before.
  llvm::StringSet<> Seen{File};
  std::vector<std::string> Work{File.str()};
  while (!Work.empty()) {
    std::string Next = std::move(Work.back());
    Work.pop_back();
    const FileFacts &Facts = factsOf(Next);
    if (Facts.Mentions)
      return true;
    for (const std::string &Header : Facts.Includes)
      if (Seen.insert(Header).second)
        Work.push_back(Header);
  }
  return false;
}

} // namespace kthread::audit
