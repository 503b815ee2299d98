#include "Findings.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>
#include <tuple>

namespace kthread::audit {

namespace json = llvm::json;

static const char InformationUri[] =
    "https://github.com/kthread-tidy/kthread-tidy/blob/main/docs/checks/";

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

static void writePosition(const Position &P, llvm::raw_ostream &OS) {
  OS << P.File << ':' << P.Line << ':' << P.Column;
}

void writeText(const Report &R, llvm::raw_ostream &OS) {
  for (const Failure &F : R.Failures)
    OS << F.File << ": error: not analysed: " << F.Reason
       << " [kthread-audit]\n";
  for (const Finding &F : R.Findings) {
    writePosition(F.Where, OS);
    OS << ": warning: " << F.Message << " [" << F.Check << "]\n";
    for (const Note &N : F.Notes) {
      writePosition(N.Where, OS);
      OS << ": note: " << N.Message << '\n';
    }
  }
}

static json::Object positionJson(const Position &P) {
  return json::Object{{"file", P.File}, {"line", P.Line}, {"column", P.Column}};
}

void writeJson(const Report &R, llvm::raw_ostream &OS) {
  json::Array Findings;
  for (const Finding &F : R.Findings) {
    json::Array Notes;
    for (const Note &N : F.Notes) {
      json::Object Note = positionJson(N.Where);
      Note["message"] = N.Message;
      Notes.push_back(std::move(Note));
    }
    json::Object Entry = positionJson(F.Where);
    Entry["check"] = F.Check;
    Entry["message"] = F.Message;
    Entry["notes"] = std::move(Notes);
    Findings.push_back(std::move(Entry));
  }
  json::Array Failures;
  for (const Failure &F : R.Failures)
    Failures.push_back(json::Object{{"file", F.File}, {"reason", F.Reason}});
  json::Object Doc{{"tool", "kthread-audit"},
                   {"version", 1},
                   {"root", R.Root},
                   {"files_audited", R.FilesAudited},
                   {"files_skipped_by_prefilter", R.FilesSkipped},
                   {"hidden_by_baseline", R.HiddenByBaseline},
                   {"findings", std::move(Findings)},
                   {"failures", std::move(Failures)}};
  OS << llvm::formatv("{0:2}", json::Value(std::move(Doc))) << '\n';
}

/// A file inside the root is relative to SRCROOT; others are absolute URIs.
static json::Object sarifArtifact(llvm::StringRef File) {
  if (File.starts_with("/"))
    return json::Object{{"uri", "file://" + File.str()}};
  return json::Object{{"uri", File}, {"uriBaseId", "SRCROOT"}};
}

static json::Object sarifLocation(const Position &P) {
  return json::Object{
      {"physicalLocation",
       json::Object{{"artifactLocation", sarifArtifact(P.File)},
                    {"region", json::Object{{"startLine", P.Line},
                                            {"startColumn", P.Column}}}}}};
}

static json::Array sarifRules(const Report &R) {
  std::vector<std::string> Checks;
  for (const Finding &F : R.Findings)
    Checks.push_back(F.Check);
  std::sort(Checks.begin(), Checks.end());
  Checks.erase(std::unique(Checks.begin(), Checks.end()), Checks.end());
  json::Array Rules;
  for (const std::string &Check : Checks)
    Rules.push_back(
        json::Object{{"id", Check},
                     {"helpUri", std::string(InformationUri) + Check + ".md"}});
  return Rules;
}

void writeSarif(const Report &R, llvm::raw_ostream &OS) {
  json::Array Results;
  for (const Finding &F : R.Findings) {
    json::Array Related;
    for (const Note &N : F.Notes) {
      json::Object Location = sarifLocation(N.Where);
      Location["message"] = json::Object{{"text", N.Message}};
      Related.push_back(std::move(Location));
    }
    Results.push_back(
        json::Object{{"ruleId", F.Check},
                     {"level", "warning"},
                     {"message", json::Object{{"text", F.Message}}},
                     {"locations", json::Array{sarifLocation(F.Where)}},
                     {"relatedLocations", std::move(Related)}});
  }
  // Unanalysed files are tool execution problems, not results.
  json::Array Notifications;
  for (const Failure &F : R.Failures)
    Notifications.push_back(json::Object{
        {"level", "error"},
        {"message", json::Object{{"text", F.File + ": " + F.Reason}}},
        {"locations",
         json::Array{json::Object{
             {"physicalLocation",
              json::Object{{"artifactLocation", sarifArtifact(F.File)}}}}}}});
  std::string RootUri = "file://" + R.Root;
  if (!llvm::StringRef(RootUri).ends_with("/"))
    RootUri += '/';
  json::Object Run{
      {"tool",
       json::Object{{"driver", json::Object{{"name", "kthread-audit"},
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

static std::string baselineKey(llvm::StringRef File, llvm::StringRef Check,
                               llvm::StringRef Message) {
  return (File + "\n" + Check + "\n" + Message).str();
}

static llvm::Error baselineError(llvm::StringRef Path, const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "baseline " + Path + ": " + Why);
}

llvm::Error applyBaseline(Report &R, llvm::StringRef BaselinePath) {
  auto Buffer = llvm::MemoryBuffer::getFile(BaselinePath);
  if (!Buffer)
    return baselineError(BaselinePath, Buffer.getError().message());
  llvm::Expected<json::Value> Doc = json::parse((*Buffer)->getBuffer());
  if (!Doc)
    return baselineError(BaselinePath, llvm::toString(Doc.takeError()));
  const json::Object *Top = Doc->getAsObject();
  const json::Array *Entries = Top ? Top->getArray("findings") : nullptr;
  if (!Entries)
    return baselineError(BaselinePath,
                         "not a kthread-audit JSON report (no \"findings\")");
  llvm::StringMap<unsigned> Known;
  for (const json::Value &Entry : *Entries) {
    const json::Object *E = Entry.getAsObject();
    auto File = E ? E->getString("file") : std::nullopt;
    auto Check = E ? E->getString("check") : std::nullopt;
    auto Message = E ? E->getString("message") : std::nullopt;
    if (!File || !Check || !Message)
      return baselineError(
          BaselinePath, "a finding lacks \"file\", \"check\" or \"message\"");
    ++Known[baselineKey(*File, *Check, *Message)];
  }
  std::vector<Finding> Kept;
  for (Finding &F : R.Findings) {
    auto It = Known.find(baselineKey(F.Where.File, F.Check, F.Message));
    if (It != Known.end() && It->second > 0) {
      --It->second;
      ++R.HiddenByBaseline;
      continue;
    }
    Kept.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);
  return llvm::Error::success();
}

} // namespace kthread::audit
