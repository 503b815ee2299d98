#include "Findings.h"
#include "KthreadTidyVersion.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>
#include <tuple>

namespace kthread::audit {

namespace json = llvm::json;

static const char InformationUri[] = KTHREAD_TIDY_HOMEPAGE;
static const char RulesUri[] = KTHREAD_TIDY_HOMEPAGE "/blob/main/docs/checks/";

void Report::sort() {
  auto FindingKey = [](const Finding &F) {
    return std::tie(F.Where.File, F.Where.Line, F.Where.Column, F.Check,
                    F.Message);
  };
  std::stable_sort(Findings.begin(), Findings.end(),
                   [&](const Finding &A, const Finding &B) {
                     return FindingKey(A) < FindingKey(B);
                   });
  std::stable_sort(
      Failures.begin(), Failures.end(),
      [](const Failure &A, const Failure &B) { return A.File < B.File; });
}

/// \p Text with control characters spelled out, so that a file name or a
/// message holding a newline or an escape sequence cannot forge a line or
/// drive the terminal.
std::string printable(llvm::StringRef Text) {
  std::string Out;
  for (unsigned char C : Text) {
    if (C == '\n')
      Out += "\\n";
    else if (C == '\t')
      Out += "\\t";
    else if (C < 0x20 || C == 0x7f)
      Out += llvm::formatv("\\x{0:x-2}", unsigned(C)).str();
    else
      Out += C;
  }
  return Out;
}

static void writePosition(const Position &P, llvm::raw_ostream &OS) {
  OS << printable(P.File) << ':' << P.Line << ':' << P.Column;
}

void writeText(const Report &R, llvm::raw_ostream &OS) {
  for (const Failure &F : R.Failures)
    OS << printable(F.File) << ": error: not analysed: " << printable(F.Reason)
       << " [kthread-audit]\n";
  for (const Finding &F : R.Findings) {
    writePosition(F.Where, OS);
    OS << ": warning: " << printable(F.Message) << " [" << F.Check << "]\n";
    for (const Note &N : F.Notes) {
      writePosition(N.Where, OS);
      OS << ": note: " << printable(N.Message) << '\n';
    }
  }
}

void writeB4(const Report &R, llvm::raw_ostream &OS) {
  for (const Failure &F : R.Failures)
    OS << "ERROR: " << printable(F.File) << ": not analysed: "
       << printable(F.Reason) << '\n';
  for (const Finding &F : R.Findings) {
    OS << "WARNING: ";
    writePosition(F.Where, OS);
    OS << ": " << printable(F.Message) << " [" << F.Check << "]\n";
  }
}

/// JSON strings must be UTF-8; text that is not is shown with replacement
/// characters (file names keep their bytes in "file_bytes").
static std::string jsonText(llvm::StringRef Text) {
  return json::isUTF8(Text) ? Text.str() : json::fixUTF8(Text);
}

static json::Object positionJson(const Position &P) {
  json::Object Object{
      {"file", jsonText(P.File)}, {"line", P.Line}, {"column", P.Column}};
  if (!json::isUTF8(P.File))
    Object["file_bytes"] = llvm::toHex(P.File, /*LowerCase=*/true);
  return Object;
}

static std::optional<Position> positionFromJson(const json::Object &O) {
  std::optional<llvm::StringRef> File = O.getString("file");
  std::optional<int64_t> Line = O.getInteger("line");
  std::optional<int64_t> Column = O.getInteger("column");
  if (!File || !Line || !Column || *Line < 0 || *Column < 0)
    return std::nullopt;
  Position P{File->str(), unsigned(*Line), unsigned(*Column)};
  if (std::optional<llvm::StringRef> Bytes = O.getString("file_bytes")) {
    std::string Raw;
    if (!llvm::tryGetFromHex(*Bytes, Raw))
      return std::nullopt;
    P.File = Raw;
  }
  return P;
}

json::Object findingJson(const Finding &F) {
  json::Array Notes;
  for (const Note &N : F.Notes) {
    json::Object Note = positionJson(N.Where);
    Note["message"] = jsonText(N.Message);
    Notes.push_back(std::move(Note));
  }
  json::Object Entry = positionJson(F.Where);
  Entry["check"] = F.Check;
  Entry["message"] = jsonText(F.Message);
  Entry["notes"] = std::move(Notes);
  if (!F.Likelihood.empty())
    Entry["likelihood"] = F.Likelihood;
  if (!F.Function.empty())
    Entry["function"] = F.Function;
  return Entry;
}

std::optional<Finding> findingFromJson(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  std::optional<Position> Where = O ? positionFromJson(*O) : std::nullopt;
  std::optional<llvm::StringRef> Check =
      O ? O->getString("check") : std::nullopt;
  std::optional<llvm::StringRef> Message =
      O ? O->getString("message") : std::nullopt;
  if (!Where || !Check || !Message)
    return std::nullopt;
  Finding F{Check->str(), Message->str(), *Where, {}, "", ""};
  if (std::optional<llvm::StringRef> L = O->getString("likelihood"))
    F.Likelihood = L->str();
  if (std::optional<llvm::StringRef> Function = O->getString("function"))
    F.Function = Function->str();
  if (const json::Array *Notes = O->getArray("notes"))
    for (const json::Value &N : *Notes) {
      const json::Object *NO = N.getAsObject();
      std::optional<Position> At = NO ? positionFromJson(*NO) : std::nullopt;
      std::optional<llvm::StringRef> Text =
          NO ? NO->getString("message") : std::nullopt;
      if (!At || !Text)
        return std::nullopt;
      F.Notes.push_back({*At, Text->str()});
    }
  return F;
}

void writeJson(const Report &R, llvm::raw_ostream &OS) {
  json::Array Findings;
  for (const Finding &F : R.Findings)
    Findings.push_back(findingJson(F));
  json::Array Failures;
  for (const Failure &F : R.Failures) {
    json::Object Entry = positionJson({F.File, 0, 0});
    Entry.erase("line");
    Entry.erase("column");
    Entry["reason"] = jsonText(F.Reason);
    Failures.push_back(std::move(Entry));
  }
  json::Object Doc{{"tool", "kthread-audit"},
                   {"tool_version", KTHREAD_TIDY_VERSION},
                   {"version", 1},
                   {"root", jsonText(R.Root)},
                   {"files_audited", R.FilesAudited},
                   {"files_skipped_by_prefilter", R.FilesSkipped},
                   {"hidden_by_baseline", R.HiddenByBaseline},
                   {"below_min_likelihood", R.BelowLikelihood},
                   {"findings", std::move(Findings)},
                   {"failures", std::move(Failures)}};
  OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << '\n';
}

/// \p Path as the path of a URI: every byte but unreserved characters and
/// '/' percent-encoded (RFC 3986), so spaces, '#', '%' and non-UTF-8 bytes
/// survive.
static std::string uriPath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/')
      Out += C;
    else
      Out += llvm::formatv("%{0:X-2}", unsigned(C)).str();
  }
  return Out;
}

/// A file inside the root is relative to SRCROOT; others are absolute URIs.
static json::Object sarifArtifact(llvm::StringRef File) {
  if (File.starts_with("/"))
    return json::Object{{"uri", "file://" + uriPath(File)}};
  return json::Object{{"uri", uriPath(File)}, {"uriBaseId", "SRCROOT"}};
}

/// A location names a file, and a region only when the line is known:
/// SARIF has no line 0.
static json::Object sarifLocation(const Position &P) {
  json::Object Physical{{"artifactLocation", sarifArtifact(P.File)}};
  if (P.Line > 0) {
    json::Object Region{{"startLine", P.Line}};
    if (P.Column > 0)
      Region["startColumn"] = P.Column;
    Physical["region"] = std::move(Region);
  }
  return json::Object{{"physicalLocation", std::move(Physical)}};
}

static json::Array sarifRules(const Report &R) {
  std::vector<std::string> Checks;
  for (const Finding &F : R.Findings)
    Checks.push_back(F.Check);
  std::sort(Checks.begin(), Checks.end());
  Checks.erase(std::unique(Checks.begin(), Checks.end()), Checks.end());
  json::Array Rules;
  for (const std::string &Check : Checks)
    Rules.push_back(json::Object{
        {"id", Check}, {"helpUri", std::string(RulesUri) + Check + ".md"}});
  return Rules;
}

void writeSarif(const Report &R, llvm::raw_ostream &OS) {
  json::Array Results;
  for (const Finding &F : R.Findings) {
    json::Array Related;
    for (const Note &N : F.Notes) {
      if (N.Where.File.empty())
        continue;
      json::Object Location = sarifLocation(N.Where);
      Location["message"] = json::Object{{"text", jsonText(N.Message)}};
      Related.push_back(std::move(Location));
    }
    json::Object Result{
        {"ruleId", F.Check},
        {"level", "warning"},
        {"message", json::Object{{"text", jsonText(F.Message)}}},
        {"relatedLocations", std::move(Related)}};
    // SARIF's rank is a priority from 0 to 100; the likelihood orders it.
    if (!F.Likelihood.empty()) {
      Result["rank"] = F.Likelihood == "certain" ? 90.0
                       : F.Likelihood == "race"  ? 60.0
                       : F.Likelihood == "error-path" ? 45.0
                                                 : 30.0;
      Result["properties"] = json::Object{{"likelihood", F.Likelihood}};
    }
    if (!F.Where.File.empty()) {
      json::Object Location = sarifLocation(F.Where);
      if (!F.Function.empty())
        Location["logicalLocations"] = json::Array{json::Object{
            {"name", F.Function}, {"kind", "function"}}};
      Result["locations"] = json::Array{std::move(Location)};
    }
    Results.push_back(std::move(Result));
  }
  // Unanalysed files are tool execution problems, not results.
  json::Array Notifications;
  for (const Failure &F : R.Failures)
    Notifications.push_back(json::Object{
        {"level", "error"},
        {"message", json::Object{{"text", jsonText(F.File + ": " + F.Reason)}}},
        {"locations",
         json::Array{json::Object{
             {"physicalLocation",
              json::Object{{"artifactLocation", sarifArtifact(F.File)}}}}}}});
  std::string RootUri = "file://" + uriPath(R.Root);
  if (!llvm::StringRef(RootUri).ends_with("/"))
    RootUri += '/';
  json::Object Run{
      {"tool",
       json::Object{
           {"driver", json::Object{{"name", "kthread-audit"},
                                   {"version", KTHREAD_TIDY_VERSION},
                                   {"semanticVersion", KTHREAD_TIDY_VERSION},
                                   {"informationUri", InformationUri},
                                   {"rules", sarifRules(R)}}}}},
      {"originalUriBaseIds",
       json::Object{{"SRCROOT", json::Object{{"uri", RootUri}}}}},
      {"invocations",
       json::Array{json::Object{
           {"executionSuccessful", R.Failures.empty()},
           {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)}};
  json::Object Doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << '\n';
}

/// Findings match on file, check and message, as JSON shows them, and then
/// on the function.
static std::string baselineKey(llvm::StringRef File, llvm::StringRef Check,
                               llvm::StringRef Message) {
  return (File + "\n" + Check + "\n" + jsonText(Message)).str();
}

static llvm::Error baselineError(llvm::StringRef Path, const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "baseline " + Path + ": " + Why);
}

llvm::Expected<Baseline> Baseline::load(llvm::StringRef Path) {
  if (!llvm::sys::fs::is_regular_file(Path))
    return baselineError(Path, llvm::sys::fs::exists(Path)
                                   ? "not a regular file"
                                   : "no such file");
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return baselineError(Path, Buffer.getError().message());
  llvm::Expected<json::Value> Doc = json::parse((*Buffer)->getBuffer());
  if (!Doc)
    return baselineError(Path, llvm::toString(Doc.takeError()));
  const json::Object *Top = Doc->getAsObject();
  const json::Array *Entries = Top ? Top->getArray("findings") : nullptr;
  if (!Entries)
    return baselineError(Path,
                         "not a kthread-audit JSON report (no \"findings\")");
  Baseline B;
  for (const json::Value &Entry : *Entries) {
    std::optional<Finding> F = findingFromJson(Entry);
    if (!F)
      return baselineError(Path, "a finding lacks its file, position, check "
                                 "or message");
    B.add(*F);
  }
  return B;
}

Baseline Baseline::of(const std::vector<Finding> &Findings) {
  Baseline B;
  for (const Finding &F : Findings)
    B.add(F);
  return B;
}

void Baseline::add(const Finding &F) {
  ++Known[baselineKey(F.Where.File, F.Check, F.Message)][F.Function];
}

/// Takes one of \p Counts' entries for \p Function, or one without a
/// function; false if none is left.
static bool takeOne(std::map<std::string, unsigned> &Counts,
                    const std::string &Function) {
  for (const std::string &In : {Function, std::string()}) {
    auto It = Counts.find(In);
    if (It != Counts.end() && It->second > 0) {
      --It->second;
      return true;
    }
  }
  return false;
}

void Baseline::apply(Report &R) const {
  llvm::StringMap<std::map<std::string, unsigned>> Left = Known;
  std::vector<Finding> Kept;
  for (Finding &F : R.Findings) {
    auto It = Left.find(baselineKey(F.Where.File, F.Check, F.Message));
    if (It != Left.end() && takeOne(It->second, F.Function)) {
      ++R.HiddenByBaseline;
      continue;
    }
    Kept.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);
}

} // namespace kthread::audit
