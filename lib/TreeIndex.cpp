//===--- TreeIndex.cpp ----------------------------------------------------===//

#include "TreeIndex.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include <sqlite3.h>

using namespace clang;
namespace json = llvm::json;

namespace kthread {

std::optional<FieldKey> fieldKey(const FieldDecl *Field) {
  if (!Field)
    return std::nullopt;
  const RecordDecl *Record = Field->getParent();
  std::string Name = Record->getName().str();
  if (Name.empty())
    if (const TypedefNameDecl *Typedef = Record->getTypedefNameForAnonDecl())
      Name = Typedef->getName().str();
  if (Name.empty() || Field->getName().empty())
    return std::nullopt;
  return FieldKey{Name, Field->getName().str()};
}

namespace {

llvm::Error sqliteError(sqlite3 *Db, llvm::StringRef What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                 What.str().c_str(),
                                 Db ? sqlite3_errmsg(Db) : "out of memory");
}

/// One prepared statement, finalised when it goes out of scope.
class Statement {
public:
  Statement(sqlite3 *Db, const char *Sql) {
    if (sqlite3_prepare_v2(Db, Sql, -1, &S, nullptr) != SQLITE_OK)
      S = nullptr;
  }
  ~Statement() { sqlite3_finalize(S); }
  explicit operator bool() const { return S; }
  Statement &bind(int I, llvm::StringRef Text) {
    sqlite3_bind_text(S, I, Text.data(), Text.size(), SQLITE_TRANSIENT);
    return *this;
  }
  Statement &bind(int I, unsigned N) {
    sqlite3_bind_int64(S, I, N);
    return *this;
  }
  /// Columns I and I+1.
  Statement &bind(int I, const FieldKey &Key) {
    return bind(I, Key.Record).bind(I + 1, Key.Field);
  }
  /// Columns I to I+2.
  Statement &bind(int I, const SourcePlace &P) {
    return bind(I, P.File).bind(I + 1, P.Line).bind(I + 2, P.Column);
  }
  /// Runs an insert; false on failure.
  bool run() {
    bool Done = sqlite3_step(S) == SQLITE_DONE;
    sqlite3_reset(S);
    sqlite3_clear_bindings(S);
    return Done;
  }
  bool row() { return S && sqlite3_step(S) == SQLITE_ROW; }
  std::string text(int Column) const {
    const unsigned char *T = sqlite3_column_text(S, Column);
    return T ? reinterpret_cast<const char *>(T) : "";
  }
  unsigned number(int Column) const {
    return unsigned(sqlite3_column_int64(S, Column));
  }

private:
  sqlite3_stmt *S = nullptr;
};

// Bump SchemaVersion with any change: a reader refuses another version.
constexpr const char *SchemaVersion = "8";
constexpr const char *Schema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(file TEXT PRIMARY KEY);
CREATE TABLE clears_on_exit(function TEXT NOT NULL, record TEXT NOT NULL,
  field TEXT NOT NULL, file TEXT NOT NULL, line INTEGER, col INTEGER);
CREATE TABLE ignored_results(record TEXT NOT NULL, field TEXT NOT NULL,
  caller TEXT NOT NULL, file TEXT NOT NULL, line INTEGER, col INTEGER);
CREATE TABLE early_exits(function TEXT NOT NULL, file TEXT NOT NULL,
  line INTEGER, col INTEGER);
CREATE TABLE stored_errptrs(record TEXT NOT NULL, field TEXT NOT NULL,
  function TEXT NOT NULL, api TEXT NOT NULL, worker INTEGER,
  table_record TEXT NOT NULL, file TEXT NOT NULL, line INTEGER, col INTEGER,
  exit_file TEXT NOT NULL, exit_line INTEGER, exit_col INTEGER,
  test_file TEXT NOT NULL, test_line INTEGER, test_col INTEGER);
CREATE TABLE stale_stops(record TEXT NOT NULL, field TEXT NOT NULL,
  function TEXT NOT NULL, api TEXT NOT NULL, table_record TEXT NOT NULL,
  file TEXT NOT NULL, line INTEGER, col INTEGER,
  exit_file TEXT NOT NULL, exit_line INTEGER, exit_col INTEGER);
CREATE TABLE creations(record TEXT NOT NULL, field TEXT NOT NULL,
  function TEXT NOT NULL, api TEXT NOT NULL, thread TEXT NOT NULL,
  file TEXT NOT NULL, line INTEGER, col INTEGER);
CREATE TABLE task_uses(record TEXT NOT NULL, field TEXT NOT NULL,
  function TEXT NOT NULL, api TEXT NOT NULL, null_guarded INTEGER,
  file TEXT NOT NULL, line INTEGER, col INTEGER);
CREATE TABLE thread_facts(function TEXT NOT NULL, tests_stop INTEGER,
  file TEXT NOT NULL);
CREATE TABLE thread_flags(function TEXT NOT NULL, record TEXT NOT NULL,
  field TEXT NOT NULL, file TEXT NOT NULL);
CREATE TABLE outcomes(file TEXT NOT NULL, phase INTEGER NOT NULL,
  key TEXT NOT NULL, outcome TEXT NOT NULL,
  PRIMARY KEY(file, phase));
CREATE TABLE needs(file TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX clears_by_function ON clears_on_exit(function);
CREATE INDEX ignored_by_field ON ignored_results(record, field);
CREATE INDEX exits_by_function ON early_exits(function);
CREATE INDEX stored_by_field ON stored_errptrs(record, field);
CREATE INDEX stale_by_field ON stale_stops(record, field);
CREATE INDEX uses_by_field ON task_uses(record, field);
)sql";

bool exec(sqlite3 *Db, const char *Sql) {
  return sqlite3_exec(Db, Sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool insertSummary(sqlite3 *Db, const FileSummary &S) {
  Statement File(Db, "INSERT OR IGNORE INTO files VALUES(?1)");
  Statement Clear(Db,
                  "INSERT INTO clears_on_exit VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  Statement Ignore(
      Db, "INSERT INTO ignored_results VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  Statement Exit(Db, "INSERT INTO early_exits VALUES(?1, ?2, ?3, ?4)");
  Statement Stored(Db, "INSERT INTO stored_errptrs VALUES(?1, ?2, ?3, ?4, "
                       "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  Statement Stale(Db, "INSERT INTO stale_stops VALUES(?1, ?2, ?3, ?4, ?5, "
                      "?6, ?7, ?8, ?9, ?10, ?11)");
  Statement Need(Db, "INSERT INTO needs VALUES(?1, ?2, ?3)");
  Statement Use(Db,
                "INSERT INTO task_uses VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  Statement Thread(Db, "INSERT INTO thread_facts VALUES(?1, ?2, ?3)");
  Statement Create(
      Db, "INSERT INTO creations VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  Statement Flag(Db, "INSERT INTO thread_flags VALUES(?1, ?2, ?3, ?4)");
  if (!File || !Clear || !Ignore || !Exit || !Stored || !Stale || !Need ||
      !Use ||
      !Thread || !Flag || !Create || !File.bind(1, S.File).run())
    return false;
  for (const CreationSite &C : S.Creations)
    if (!Create.bind(1, C.Field)
             .bind(3, C.Function)
             .bind(4, C.Api)
             .bind(5, C.Thread)
             .bind(6, C.At)
             .run())
      return false;
  for (const TaskUse &U : S.TaskUses)
    if (!Use.bind(1, U.Field)
             .bind(3, U.Function)
             .bind(4, U.Api)
             .bind(5, unsigned(U.NullGuarded))
             .bind(6, U.At)
             .run())
      return false;
  for (const ThreadFacts &T : S.Threads) {
    if (!Thread.bind(1, T.Function)
             .bind(2, unsigned(T.TestsStop))
             .bind(3, S.File)
             .run())
      return false;
    for (const FieldKey &F : T.FlagsRead)
      if (!Flag.bind(1, T.Function).bind(2, F).bind(4, S.File).run())
        return false;
  }
  for (const StoredErrPtr &E : S.StoredErrPtrs)
    if (!Stored.bind(1, E.Field)
             .bind(3, E.Function)
             .bind(4, E.Api)
             .bind(5, unsigned(E.MakesWorker))
             .bind(6, E.Table)
             .bind(7, E.Creation)
             .bind(10, E.Exit)
             .bind(13, E.ErrTest)
             .run())
      return false;
  for (const StaleStop &E : S.StaleStops)
    if (!Stale.bind(1, E.Field)
             .bind(3, E.Function)
             .bind(4, E.Api)
             .bind(5, E.Table)
             .bind(6, E.Stop)
             .bind(9, E.Exit)
             .run())
      return false;
  for (const EarlyExit &X : S.Exits)
    if (!Exit.bind(1, X.Function).bind(2, X.At).run())
      return false;
  for (const ClearOnExit &C : S.Clears)
    if (!Clear.bind(1, C.Function).bind(2, C.Field).bind(4, C.At).run())
      return false;
  for (const IgnoredResult &I : S.Ignored)
    if (!Ignore.bind(1, I.Field).bind(3, I.Caller).bind(4, I.At).run())
      return false;
  for (const std::string &F : S.NeededFunctions)
    if (!Need.bind(1, S.File).bind(2, "function").bind(3, F).run())
      return false;
  for (const FieldKey &F : S.NeededFields)
    if (!Need.bind(1, S.File).bind(2, "field").bind(3, F.str()).run())
      return false;
  for (const FieldKey &F : S.NeededTaskFields)
    if (!Need.bind(1, S.File).bind(2, "task-field").bind(3, F.str()).run())
      return false;
  return true;
}

} // namespace

// The summaries travel from the analysing child process to kthread-audit as
// JSON, mapped field by field.

static json::Value toJSON(const FieldKey &K) {
  return json::Object{{"record", K.Record}, {"field", K.Field}};
}
static bool fromJSON(const json::Value &V, FieldKey &K, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("record", K.Record) && O.map("field", K.Field);
}

static json::Value toJSON(const SourcePlace &Place) {
  return json::Object{
      {"file", Place.File}, {"line", Place.Line}, {"column", Place.Column}};
}
static bool fromJSON(const json::Value &V, SourcePlace &Place, json::Path P) {
  json::ObjectMapper O(V, P);
  int64_t Line = 0, Column = 0;
  if (!O || !O.map("file", Place.File) || !O.map("line", Line) ||
      !O.map("column", Column) || Line < 0 || Column < 0)
    return false;
  Place.Line = unsigned(Line);
  Place.Column = unsigned(Column);
  return true;
}

static json::Value toJSON(const ClearOnExit &C) {
  return json::Object{
      {"function", C.Function}, {"field", C.Field}, {"at", C.At}};
}
static bool fromJSON(const json::Value &V, ClearOnExit &C, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("function", C.Function) && O.map("field", C.Field) &&
         O.map("at", C.At);
}

static json::Value toJSON(const IgnoredResult &I) {
  return json::Object{{"field", I.Field}, {"caller", I.Caller}, {"at", I.At}};
}
static bool fromJSON(const json::Value &V, IgnoredResult &I, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("field", I.Field) && O.map("caller", I.Caller) &&
         O.map("at", I.At);
}

static json::Value toJSON(const EarlyExit &X) {
  return json::Object{{"function", X.Function}, {"at", X.At}};
}
static bool fromJSON(const json::Value &V, EarlyExit &X, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("function", X.Function) && O.map("at", X.At);
}

static json::Value toJSON(const StoredErrPtr &E) {
  return json::Object{{"field", E.Field}, {"function", E.Function},
                      {"api", E.Api},     {"worker", E.MakesWorker},
                      {"table", E.Table}, {"creation", E.Creation},
                      {"exit", E.Exit},   {"test", E.ErrTest}};
}
static bool fromJSON(const json::Value &V, StoredErrPtr &E, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("field", E.Field) && O.map("function", E.Function) &&
         O.map("api", E.Api) && O.map("worker", E.MakesWorker) &&
         O.map("table", E.Table) && O.map("creation", E.Creation) &&
         O.map("exit", E.Exit) && O.map("test", E.ErrTest);
}

static json::Value toJSON(const StaleStop &E) {
  return json::Object{{"field", E.Field}, {"function", E.Function},
                      {"api", E.Api},     {"table", E.Table},
                      {"stop", E.Stop},   {"exit", E.Exit}};
}
static bool fromJSON(const json::Value &V, StaleStop &E, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("field", E.Field) && O.map("function", E.Function) &&
         O.map("api", E.Api) && O.map("table", E.Table) &&
         O.map("stop", E.Stop) && O.map("exit", E.Exit);
}

static json::Value toJSON(const CreationSite &C) {
  return json::Object{{"field", C.Field},
                      {"function", C.Function},
                      {"api", C.Api},
                      {"thread", C.Thread},
                      {"at", C.At}};
}
static bool fromJSON(const json::Value &V, CreationSite &C, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("field", C.Field) && O.map("function", C.Function) &&
         O.map("api", C.Api) && O.map("thread", C.Thread) && O.map("at", C.At);
}

static json::Value toJSON(const TaskUse &U) {
  return json::Object{{"field", U.Field},
                      {"function", U.Function},
                      {"api", U.Api},
                      {"null_guarded", U.NullGuarded},
                      {"at", U.At}};
}
static bool fromJSON(const json::Value &V, TaskUse &U, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("field", U.Field) && O.map("function", U.Function) &&
         O.map("api", U.Api) && O.map("null_guarded", U.NullGuarded) &&
         O.map("at", U.At);
}

static json::Value toJSON(const ThreadFacts &T) {
  json::Array Flags;
  for (const FieldKey &F : T.FlagsRead)
    Flags.push_back(toJSON(F));
  return json::Object{{"function", T.Function},
                      {"tests_stop", T.TestsStop},
                      {"flags_read", std::move(Flags)}};
}
static bool fromJSON(const json::Value &V, ThreadFacts &T, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("function", T.Function) &&
         O.map("tests_stop", T.TestsStop) && O.map("flags_read", T.FlagsRead);
}

json::Value summaryJson(const FileSummary &S) {
  auto Array = [](const auto &Items) {
    json::Array A;
    for (const auto &Item : Items)
      A.push_back(toJSON(Item));
    return A;
  };
  json::Array Functions(S.NeededFunctions);
  return json::Object{{"file", S.File},
                      {"clears", Array(S.Clears)},
                      {"ignored", Array(S.Ignored)},
                      {"exits", Array(S.Exits)},
                      {"stored_errptrs", Array(S.StoredErrPtrs)},
                      {"stale_stops", Array(S.StaleStops)},
                      {"creations", Array(S.Creations)},
                      {"task_uses", Array(S.TaskUses)},
                      {"threads", Array(S.Threads)},
                      {"needed_functions", std::move(Functions)},
                      {"needed_fields", Array(S.NeededFields)},
                      {"needed_task_fields", Array(S.NeededTaskFields)}};
}

std::optional<FileSummary> summaryFromJson(const json::Value &V) {
  FileSummary S;
  json::Path::Root Root;
  json::ObjectMapper O(V, Root);
  if (O && O.map("file", S.File) && O.map("clears", S.Clears) &&
      O.map("ignored", S.Ignored) && O.map("exits", S.Exits) &&
      O.map("stored_errptrs", S.StoredErrPtrs) &&
      O.map("stale_stops", S.StaleStops) &&
      O.map("creations", S.Creations) && O.map("task_uses", S.TaskUses) &&
      O.map("threads", S.Threads) &&
      O.map("needed_functions", S.NeededFunctions) &&
      O.map("needed_fields", S.NeededFields) &&
      O.map("needed_task_fields", S.NeededTaskFields))
    return S;
  return std::nullopt;
}

bool TreeIndex::isIndex(llvm::StringRef Path) {
  sqlite3 *Db = nullptr;
  std::string Name = Path.str();
  bool Found = false;
  if (sqlite3_open_v2(Name.c_str(), &Db, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK)
    Found = Statement(Db, "SELECT value FROM meta WHERE key = 'schema'").row();
  sqlite3_close(Db);
  return Found;
}

llvm::Expected<TreeIndex> TreeIndex::open(llvm::StringRef Path) {
  sqlite3 *Db = nullptr;
  std::string Name = Path.str();
  if (sqlite3_open_v2(Name.c_str(), &Db, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    llvm::Error E = sqliteError(Db, "cannot open the facts database " + Name);
    sqlite3_close(Db);
    return std::move(E);
  }
  TreeIndex Index(Db);
  Statement Version(Db, "SELECT value FROM meta WHERE key = 'schema'");
  if (!Version.row())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s is not a kthread-tidy facts database (make it with kthread-audit "
        "--index)",
        Name.c_str());
  if (Version.text(0) != SchemaVersion)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "%s has facts schema %s, this kthread-tidy reads %s: run kthread-audit "
        "--index again",
        Name.c_str(), Version.text(0).c_str(), SchemaVersion);
  return std::move(Index);
}

TreeIndex::~TreeIndex() { sqlite3_close(Db); }

llvm::Error TreeIndex::write(llvm::StringRef Path,
                             const std::vector<FileSummary> &Summaries,
                             const std::vector<CachedOutcome> &Outcomes) {
  std::string Temporary =
      (Path + ".tmp." + llvm::Twine(llvm::sys::Process::getProcessId())).str();
  llvm::sys::fs::remove(Temporary);
  sqlite3 *Db = nullptr;
  auto Fail = [&](llvm::StringRef What) {
    llvm::Error E = sqliteError(Db, What);
    sqlite3_close(Db);
    llvm::sys::fs::remove(Temporary);
    return E;
  };
  if (sqlite3_open_v2(Temporary.c_str(), &Db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK)
    return Fail("cannot create " + Temporary);
  // One transaction, no journal: the file becomes the index only by the
  // rename below.
  if (!exec(Db, "PRAGMA journal_mode = OFF; BEGIN") || !exec(Db, Schema))
    return Fail("cannot write " + Temporary);
  if (!Statement(Db, "INSERT INTO meta VALUES('schema', ?1)")
           .bind(1, SchemaVersion)
           .run())
    return Fail("cannot write " + Temporary);
  for (const FileSummary &S : Summaries)
    if (!insertSummary(Db, S))
      return Fail("cannot write " + Temporary);
  {
    Statement Insert(Db, "INSERT OR REPLACE INTO outcomes "
                         "VALUES(?1, ?2, ?3, ?4)");
    for (const CachedOutcome &O : Outcomes)
      if (!Insert.bind(1, O.File)
               .bind(2, O.Phase)
               .bind(3, O.Key)
               .bind(4, O.Outcome)
               .run())
        return Fail("cannot write " + Temporary);
  }
  if (!exec(Db, "COMMIT"))
    return Fail("cannot write " + Temporary);
  // Every statement is finalised by now, so the close succeeds.
  if (sqlite3_close(Db) != SQLITE_OK)
    return Fail("cannot close " + Temporary);
  Db = nullptr;
  if (std::error_code EC = llvm::sys::fs::rename(Temporary, Path)) {
    llvm::sys::fs::remove(Temporary);
    return llvm::createStringError(EC, "cannot write %s: %s",
                                   Path.str().c_str(), EC.message().c_str());
  }
  return llvm::Error::success();
}

std::vector<ClearOnExit> TreeIndex::clearsBy(llvm::StringRef Function) const {
  std::vector<ClearOnExit> Out;
  Statement Query(Db, "SELECT record, field, file, line, col FROM "
                      "clears_on_exit WHERE function = ?1 ORDER BY 1, 2, 3");
  if (!Query)
    return Out;
  Query.bind(1, Function);
  while (Query.row())
    Out.push_back({Function.str(),
                   {Query.text(0), Query.text(1)},
                   {Query.text(2), Query.number(3), Query.number(4)}});
  return Out;
}

std::vector<EarlyExit> TreeIndex::exitsOf(llvm::StringRef Function) const {
  std::vector<EarlyExit> Out;
  Statement Query(Db, "SELECT file, line, col FROM early_exits "
                      "WHERE function = ?1 ORDER BY 1, 2, 3");
  if (!Query)
    return Out;
  Query.bind(1, Function);
  while (Query.row())
    Out.push_back(
        {Function.str(), {Query.text(0), Query.number(1), Query.number(2)}});
  return Out;
}

std::vector<StoredErrPtr> TreeIndex::storedIn(const FieldKey &Field) const {
  std::vector<StoredErrPtr> Out;
  Statement Query(Db, "SELECT function, api, worker, table_record, file, "
                      "line, col, exit_file, exit_line, exit_col, test_file, "
                      "test_line, test_col FROM stored_errptrs WHERE "
                      "record = ?1 AND field = ?2 ORDER BY 5, 6, 7, 8, 9, 10");
  if (!Query)
    return Out;
  Query.bind(1, Field.Record).bind(2, Field.Field);
  while (Query.row())
    Out.push_back({Field,
                   Query.text(0),
                   Query.text(1),
                   Query.number(2) != 0,
                   Query.text(3),
                   {Query.text(4), Query.number(5), Query.number(6)},
                   {Query.text(7), Query.number(8), Query.number(9)},
                   {Query.text(10), Query.number(11), Query.number(12)}});
  return Out;
}

std::vector<StaleStop> TreeIndex::staleIn(const FieldKey &Field) const {
  std::vector<StaleStop> Out;
  Statement Query(Db, "SELECT function, api, table_record, file, line, col, "
                      "exit_file, exit_line, exit_col FROM stale_stops WHERE "
                      "record = ?1 AND field = ?2 ORDER BY 4, 5, 6, 7, 8, 9");
  if (!Query)
    return Out;
  Query.bind(1, Field.Record).bind(2, Field.Field);
  while (Query.row())
    Out.push_back({Field,
                   Query.text(0),
                   Query.text(1),
                   Query.text(2),
                   {Query.text(3), Query.number(4), Query.number(5)},
                   {Query.text(6), Query.number(7), Query.number(8)}});
  return Out;
}

std::vector<IgnoredResult>
TreeIndex::ignoredThrough(const FieldKey &Field) const {
  std::vector<IgnoredResult> Out;
  Statement Query(Db, "SELECT caller, file, line, col FROM ignored_results "
                      "WHERE record = ?1 AND field = ?2 ORDER BY 2, 3, 4");
  if (!Query)
    return Out;
  Query.bind(1, Field.Record).bind(2, Field.Field);
  while (Query.row())
    Out.push_back({Field,
                   Query.text(0),
                   {Query.text(1), Query.number(2), Query.number(3)}});
  return Out;
}

std::vector<CachedOutcome> TreeIndex::cachedOutcomes() const {
  std::vector<CachedOutcome> Out;
  Statement Query(Db, "SELECT file, phase, key, outcome FROM outcomes "
                      "ORDER BY 1, 2");
  while (Query.row())
    Out.push_back(
        {Query.text(0), Query.number(1), Query.text(2), Query.text(3)});
  return Out;
}

std::vector<std::string> TreeIndex::filesNeedingOthers() const {
  std::vector<std::string> Out;
  Statement Query(
      Db, "SELECT n.file FROM needs n JOIN clears_on_exit c "
          "ON n.kind = 'function' AND n.name = c.function AND c.file <> n.file "
          "UNION SELECT n.file FROM needs n JOIN early_exits x "
          "ON n.kind = 'function' AND n.name = x.function AND x.file <> n.file "
          "UNION SELECT n.file FROM needs n JOIN stored_errptrs e "
          "ON n.kind = 'task-field' AND n.name = e.record || '::' || e.field "
          "AND e.file <> n.file "
          "UNION SELECT n.file FROM needs n JOIN stale_stops s "
          "ON n.kind = 'task-field' AND n.name = s.record || '::' || s.field "
          "AND s.file <> n.file "
          "UNION SELECT n.file FROM needs n JOIN ignored_results r "
          "ON n.kind = 'field' AND n.name = r.record || '::' || r.field "
          "AND r.file <> n.file ORDER BY 1");
  while (Query.row())
    Out.push_back(Query.text(0));
  return Out;
}

} // namespace kthread
