//===--- ErrPtrFlow.h - Following ERR_PTR results of kthread creation -----===//
//
// A creation function (`kthread_run()`, `kthread_create_worker()`, ...)
// returns an ERR_PTR on failure. This analysis follows each result through
// the control-flow graph of its function, and by struct field or global
// across the functions of one file, until an ERR_PTR test makes it safe, and
// reports the places where the unchecked or known-bad pointer is used as a
// task or worker.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_ERRPTRFLOW_H
#define KTHREAD_TIDY_LIB_ERRPTRFLOW_H

#include "TreeIndex.h"

#include "clang/Basic/Diagnostic.h"
#include <optional>
#include <string>
#include <vector>

namespace kthread {

struct ErrPtrFinding {
  enum Kind {
    /// The result is tested against NULL, never with IS_ERR().
    NullTestOnly,
    /// The result reaches a consumer before any IS_ERR() test.
    UsedUnchecked,
    /// The result reaches a consumer on the path where IS_ERR() was true.
    UsedAfterFailure,
    /// A field or global may still hold the ERR_PTR of a failure that its
    /// function only logged, and another function uses it.
    StoredErrPtrUsed,
    /// A function takes a NULL test of such a field for "the thread
    /// exists" and waits for a completion only that thread would signal.
    StoredErrPtrAwaited,
    /// The result of a creation is thrown away.
    Discarded,
  };
  Kind FindingKind;
  clang::SourceLocation Loc;
  /// The pointer as written at Loc, e.g. "dev->thread".
  std::string Pointer;
  /// The creation function or macro, e.g. "kthread_run".
  std::string CreateName;
  /// Whether it makes a kthread_worker rather than a task.
  bool MakesWorker = false;
  /// The file's own function through which the result came, if any.
  std::string CreateHelper;
  clang::SourceLocation CreationLoc;
  /// The consumer: a callee name, or empty for a dereference.
  std::string Consumer;
  /// A file function that passes the pointer to the consumer.
  std::string ViaHelper;
  clang::SourceLocation HelperUseLoc;
  /// The NULL test that was taken for an error check, if any.
  clang::SourceLocation NullTestLoc;
  /// The IS_ERR() test whose true branch led here.
  clang::SourceLocation ErrTestLoc;
  /// A test for one error code only (-ENOMEM) that the value passed.
  clang::SourceLocation PartialTestLoc;
  /// For StoredErrPtrUsed: where the creating function returns (success,
  /// or the error), with the ERR_PTR still stored.
  clang::SourceLocation SuccessExitLoc;
  /// The exit returns a value that may be an error, but the ERR_PTR is in
  /// a static global, which keeps it either way.
  bool ExitAnyResult = false;
  /// For StoredErrPtrUsed: why the object keeping the ERR_PTR lives on.
  enum class LivesOn {
    /// The creating function returned success.
    Returned,
    /// It returned the error, which a caller throws away.
    ErrorIgnored,
    /// It returned the error, and skips the creation when it runs again
    /// and finds the field non-NULL.
    CreationSkipped,
    /// The same, in a function other modules call (EXPORT_SYMBOL).
    CreationSkippedExported,
    /// It returned the error, but it is a callback of one ops table (a
    /// net_device's open): the object stays registered, and the callbacks
    /// of its other tables (ethtool's) still run.
    OtherTablesRun,
  };
  LivesOn Reason = LivesOn::Returned;
  clang::SourceLocation ReasonLoc;
  std::string ReasonFunction;
  /// For OtherTablesRun: the record types of the creating function's table
  /// and of the using function's.
  std::string CreatorTable, UserTable;
  std::string CreatingFunction;
  /// For StoredErrPtrUsed and StoredErrPtrAwaited: how many more uses of
  /// the same stored ERR_PTR follow in the file (only the first is
  /// reported).
  unsigned LaterUses = 0;
  std::optional<clang::FixItHint> Fix;
};

class FactModel;

struct ErrPtrResults {
  std::vector<ErrPtrFinding> Findings;
  /// The task fields the file's creating functions may leave an ERR_PTR
  /// in, for the other files of the tree.
  std::vector<StoredErrPtr> Stored;
};

/// The misused creation results of the model's file
/// (FactModel::errPtrMisuse() runs it once).
ErrPtrResults findErrPtrMisuse(const FactModel &Model);

} // namespace kthread

#endif
