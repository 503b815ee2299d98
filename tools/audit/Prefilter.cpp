#include "Prefilter.h"

#include "clang/Basic/CharInfo.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace kthread::audit {

// Local headers rarely nest deeply; the bound only guards include cycles.
static const unsigned MaxIncludeDepth = 8;

Prefilter::Prefilter(std::vector<std::string> Names)
    : Names(std::move(Names)) {}

/// Whether \p Name occurs in \p Text as a whole identifier.
static bool containsIdentifier(llvm::StringRef Text, llvm::StringRef Name) {
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

bool Prefilter::textMentionsApi(llvm::StringRef Text) const {
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

bool Prefilter::mentionsApi(llvm::StringRef File) {
  return mentionsApi(File, 0);
}

bool Prefilter::mentionsApi(llvm::StringRef File, unsigned Depth) {
  auto Buffer = llvm::MemoryBuffer::getFile(File);
  // An unreadable file is not skipped: its parse reports the problem.
  if (!Buffer)
    return Depth == 0;
  llvm::StringRef Text = (*Buffer)->getBuffer();
  if (textMentionsApi(Text))
    return true;
  if (Depth == MaxIncludeDepth)
    return false;
  llvm::StringRef Directory = llvm::sys::path::parent_path(File);
  for (const std::string &Include : quotedIncludes(Text)) {
    llvm::SmallString<256> Header(Directory);
    llvm::sys::path::append(Header, Include);
    llvm::sys::path::remove_dots(Header, /*remove_dot_dot=*/true);
    {
      std::lock_guard<std::mutex> Guard(HeaderCacheLock);
      auto Known = HeaderCache.find(Header);
      if (Known != HeaderCache.end()) {
        if (Known->second)
          return true;
        continue;
      }
      // Provisional answer, so an include cycle ends here.
      HeaderCache[Header] = false;
    }
    bool Mentions = mentionsApi(Header, Depth + 1);
    {
      std::lock_guard<std::mutex> Guard(HeaderCacheLock);
      HeaderCache[Header] = Mentions;
    }
    if (Mentions)
      return true;
  }
  return false;
}

} // namespace kthread::audit
