//===--- TreeIndex.h - Facts one file of a tree tells the others ----------===//
//
// Real kthread lifecycles span files: the thread function in one, the
// creation and the stops in another, the call that drops an init
// function's error in a third. Each file's fact model yields a summary: the
// facts other files may need, keyed by names that mean the same in every
// translation unit (a function with external linkage by its name, a struct
// field by its record's name and its own), and the keys the file would look
// up. kthread-audit writes the summaries of a tree into one SQLite database
// (Smatch keeps its cross-function facts the same way); a fact model built
// with ApiOptions::FactsDatabase reads from it the facts its file needs.
// The schema is in docs/kthread-audit.md.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_TREEINDEX_H
#define KTHREAD_TIDY_LIB_TREEINDEX_H

#include "clang/AST/Decl.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <tuple>
#include <vector>

struct sqlite3;

namespace kthread {

/// A struct field as every translation unit names it:
/// `lpfc_hba::worker_thread`.
struct FieldKey {
  std::string Record, Field;
  std::string str() const { return Record + "::" + Field; }
  bool operator<(const FieldKey &O) const {
    return std::tie(Record, Field) < std::tie(O.Record, O.Field);
  }
  bool operator==(const FieldKey &O) const {
    return Record == O.Record && Field == O.Field;
  }
};

/// The key of \p Field, when its record has a name (a tag or a typedef).
std::optional<FieldKey> fieldKey(const clang::FieldDecl *Field);

/// A place in a file of the tree, by absolute path.
struct SourcePlace {
  std::string File;
  unsigned Line = 0, Column = 0;
};

/// A function that stores NULL in a task field on every path to its end,
/// as a thread function does when it clears its own task pointer
/// (`phba->worker_thread = NULL; return 0;`).
struct ClearOnExit {
  std::string Function;
  FieldKey Field;
  SourcePlace At;
};

/// A call through a function-pointer field whose result is thrown away
/// (`port_conf->ops->init(port);`): every function stored in that field
/// has its error ignored there.
struct IgnoredResult {
  FieldKey Field;
  std::string Caller;
  SourcePlace At;
};

/// An exit of a thread function that a path reaches before a stop check.
struct EarlyExit {
  std::string Function;
  SourcePlace At;
};

/// A task field that may hold the ERR_PTR of a failed creation after the
/// creating function returned (kthread-unchecked-create's stored ERR_PTR).
struct StoredErrPtr {
  FieldKey Field;
  std::string Function, Api;
  bool MakesWorker = false;
  /// When the function returned the error: the record type of the ops
  /// table it is a callback of; only callbacks of other tables can still
  /// use the field. Empty: it returned success, and any use may see it.
  std::string Table;
  /// ErrTest: the IS_ERR() test whose failure side keeps it (line 0: none).
  SourcePlace Creation, Exit, ErrTest;
};

/// A task field that still holds a task its function stopped when that
/// function returned an error (kthread-use-after-stop's stale pointer): a
/// callback of one ops table that failed, whose object lives on.
struct StaleStop {
  FieldKey Field;
  /// The stopping function, the stop call, and the record type of the ops
  /// table the function is a callback of: only other tables' callbacks run.
  std::string Function, Api, Table;
  SourcePlace Stop, Exit;
};

/// A creation whose task or worker the file stores in a struct field
/// (`qca->spi_thread = kthread_run(qcaspi_spi_thread, ...)`).
struct CreationSite {
  FieldKey Field;
  /// The creating function, the API it calls, and the thread function
  /// (empty for a worker or a function pointer).
  std::string Function, Api, Thread;
  SourcePlace At;
};

/// A call that wakes, parks, unparks, binds, stops, pins or otherwise uses
/// the task a field holds (`if (qca->spi_thread) kthread_park(...)`).
struct TaskUse {
  FieldKey Field;
  std::string Function, Api;
  /// On the non-NULL side of a NULL test of the same field.
  bool NullGuarded = false;
  SourcePlace At;
};

/// What a thread function of the file does about stopping: whether it
/// tests kthread_should_stop(), and the fields its branches test (the
/// flags a stopper may set: `iidev->stopping`, `hr_unclean_stop`).
struct ThreadFacts {
  std::string Function;
  bool TestsStop = false;
  std::vector<FieldKey> FlagsRead;
};

/// What one file tells the others, and what it would ask of them.
struct FileSummary {
  /// The main file, by absolute path.
  std::string File;
  std::vector<ClearOnExit> Clears;
  std::vector<IgnoredResult> Ignored;
  std::vector<EarlyExit> Exits;
  std::vector<StoredErrPtr> StoredErrPtrs;
  std::vector<StaleStop> StaleStops;
  std::vector<CreationSite> Creations;
  std::vector<TaskUse> TaskUses;
  std::vector<ThreadFacts> Threads;
  /// Thread functions the file starts but does not define.
  std::vector<std::string> NeededFunctions;
  /// Function-pointer fields in which the file's tables store its functions.
  std::vector<FieldKey> NeededFields;
  /// Task fields the file's functions use.
  std::vector<FieldKey> NeededTaskFields;
};

llvm::json::Value summaryJson(const FileSummary &S);
std::optional<FileSummary> summaryFromJson(const llvm::json::Value &V);

/// What kthread-audit keeps of one file's analysis for the next run, as
/// opaque text: the key of its command (and, for the cross-file phase, of
/// the facts it read), and its outcome (which lists the files it read).
struct CachedOutcome {
  std::string File;
  /// 1: the file alone; 2: again, with the other files' facts.
  unsigned Phase = 1;
  std::string Key, Outcome;
};

/// The SQLite database of a tree's summaries.
class TreeIndex {
public:
  /// Whether \p Path is a tree index of any schema version.
  static bool isIndex(llvm::StringRef Path);
  /// Opens \p Path to read.
  static llvm::Expected<TreeIndex> open(llvm::StringRef Path);
  /// Writes \p Summaries to \p Path, replacing it at once (through a
  /// temporary file and a rename): a reader never sees half an index.
  static llvm::Error write(llvm::StringRef Path,
                           const std::vector<FileSummary> &Summaries,
                           const std::vector<CachedOutcome> &Outcomes = {});

  TreeIndex(TreeIndex &&O) : Db(O.Db) { O.Db = nullptr; }
  TreeIndex(const TreeIndex &) = delete;
  TreeIndex &operator=(const TreeIndex &) = delete;
  ~TreeIndex();

  /// The fields \p Function clears on every path to its end.
  std::vector<ClearOnExit> clearsBy(llvm::StringRef Function) const;
  /// The exits before a stop check of thread function \p Function.
  std::vector<EarlyExit> exitsOf(llvm::StringRef Function) const;
  /// The ERR_PTRs other files may leave in \p Field.
  std::vector<StoredErrPtr> storedIn(const FieldKey &Field) const;
  /// The stopped tasks other files may leave in \p Field.
  std::vector<StaleStop> staleIn(const FieldKey &Field) const;
  /// The calls through \p Field that throw the result away.
  std::vector<IgnoredResult> ignoredThrough(const FieldKey &Field) const;
  /// The files some of whose needs another file's facts meet, sorted.
  std::vector<std::string> filesNeedingOthers() const;
  /// The outcomes an earlier kthread-audit run kept.
  std::vector<CachedOutcome> cachedOutcomes() const;

private:
  explicit TreeIndex(sqlite3 *Db) : Db(Db) {}
  sqlite3 *Db;
};

} // namespace kthread

#endif
