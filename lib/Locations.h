//===--- Locations.h - The storage a followed value lives in --------------===//
//
// The analyses follow a task or worker pointer through the places it is kept:
// a variable, a struct field reached from a variable, an array element. A
// StorageLocation names such a place as a root variable and a path of field
// and index steps below it, in the manner of the dataflow framework's
// RecordStorageLocation::getChild(Field). One identity rule serves every
// analysis (sameAs): within a function, two locations are the same storage
// when root and path are equal; when either cannot be spelled that far (a
// call's result, a computed index), functions of one file still share a
// value through its slot: the struct field or global variable that holds it.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_LOCATIONS_H
#define KTHREAD_TIDY_LIB_LOCATIONS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <tuple>

namespace kthread {

class StorageLocation {
public:
  /// One step below the root: a field, or an array index (a constant, a
  /// variable, or unknown).
  struct Step {
    enum Kind { Field, ConstantIndex, VariableIndex, UnknownIndex };
    Kind StepKind;
    const clang::ValueDecl *Decl = nullptr; // The field, or index variable.
    uint64_t Index = 0;

    auto tie() const { return std::tie(StepKind, Decl, Index); }
    bool operator==(const Step &O) const { return tie() == O.tie(); }
    bool operator<(const Step &O) const { return tie() < O.tie(); }
  };

  /// The storage \p E refers to, through parentheses and casts; nullopt
  /// when \p E is not a place (a call result, arithmetic, a literal).
  static std::optional<StorageLocation> of(const clang::Expr *E);
  /// Variable \p VD itself.
  static StorageLocation ofVariable(const clang::VarDecl *VD);

  /// Whether root and every step are known, so that the path can be
  /// compared with another.
  bool comparable() const;
  /// The struct field or global variable that holds the value, through
  /// which functions of one file share it; null for a local's own storage.
  const clang::ValueDecl *slot() const;
  const clang::ValueDecl *root() const { return Root; }
  llvm::ArrayRef<Step> steps() const { return Steps; }

  /// The identity rule: the same path when both are comparable, else the
  /// same slot.
  bool sameAs(const StorageLocation &O) const;
  /// Both comparable and equal.
  bool sameStorage(const StorageLocation &O) const;
  /// Whether a write to \p W changes which storage this names: \p W is a
  /// strict prefix of the path (`p` for `p->task`), or a variable used as
  /// an index (`i` for `t[i]`).
  bool dependsOn(const StorageLocation &W) const;
  /// Whether this lies at or below \p Prefix (`p->task` below `p`).
  bool isWithin(const StorageLocation &Prefix) const;
  /// This location with the \p From prefix replaced by \p To: what a
  /// helper's `p->task` is for a caller passing `dev`.
  StorageLocation rebased(const StorageLocation &From,
                          const StorageLocation &To) const;

  auto tie() const { return std::tie(Root, Steps, Unknown); }
  bool operator==(const StorageLocation &O) const { return tie() == O.tie(); }
  bool operator<(const StorageLocation &O) const { return tie() < O.tie(); }

  /// `dev->task`, `t[i]`, `?->task` (for debug dumps).
  void print(llvm::raw_ostream &OS) const;

private:
  /// The root variable; null when the path starts at something that is
  /// not a variable (a call's result).
  const clang::ValueDecl *Root = nullptr;
  llvm::SmallVector<Step, 2> Steps;
  /// The root could not be followed at all.
  bool Unknown = false;
};

/// Whether \p T is `struct task_struct *`.
bool isTaskPointer(clang::QualType T);

/// The slot of the object whose address is \p Call's first argument
/// (`complete(&d->ready)`: the field `ready`), or null.
const clang::ValueDecl *slotOfFirstArgument(const clang::CallExpr *Call);

/// The lock a lock or unlock call is about: the object whose address is
/// its first argument (`&d->lock`, through spin_lock_irqsave()'s
/// spinlock_check()), or nullopt.
std::optional<StorageLocation> lockArgument(const clang::CallExpr *Call);

} // namespace kthread

#endif
