//===--- PointerFlow.h - Places holding one followed pointer --------------===//
//
// The walks of the analyses follow one pointer value (a creation result, a
// stopped task) along a path of the CFG. The value lives in a set of places;
// assignments copy it to new places and overwrite old ones, and an index or
// base pointer that changes makes `t[i]` or `p->task` name other storage.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_POINTERFLOW_H
#define KTHREAD_TIDY_LIB_POINTERFLOW_H

#include "Locations.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace kthread {

/// The places that hold the followed value, in a fixed order.
class HolderSet {
public:
  explicit HolderSet(const StorageLocation &Initial) {
    Holders.push_back(Initial);
  }
  /// The holder that \p L names by the identity rule, or -1.
  int find(const StorageLocation &L) const;
  bool holds(const StorageLocation &L) const { return find(L) >= 0; }
  bool empty() const { return Holders.empty(); }
  llvm::ArrayRef<StorageLocation> holders() const { return Holders; }
  /// Applies `Target = Value` (Value null for `++`, `+=`, ...): the value is
  /// copied when Value holds it, and Target no longer holds it otherwise.
  void assign(const StorageLocation &Target, const clang::Expr *Value);

  bool operator<(const HolderSet &O) const { return Holders < O.Holders; }
  bool operator==(const HolderSet &O) const { return Holders == O.Holders; }
  void print(llvm::raw_ostream &OS) const;

private:
  void add(const StorageLocation &L);
  llvm::SmallVector<StorageLocation, 2> Holders;
};

/// A write to storage in one CFG element: `Target = Value`, or a change of
/// Target that is not a copy (`++`, `--`, `+=`, with Value null).
struct Store {
  std::optional<StorageLocation> Target;
  const clang::Expr *Value = nullptr;
};

/// The writes that statement \p S performs itself (not its sub-expressions,
/// which the CFG lists as elements of their own). Variables declared by a
/// macro's own body (kthread_run's `__k`) are left out.
llvm::SmallVector<Store, 1> storesOf(const clang::Stmt *S);

/// Whether \p S is a call that never returns (BUG(), panic()): the CFG
/// continues from it to the exit block, but no path really does.
bool isNoReturnCall(const clang::Stmt *S);

/// \p E as the user wrote it (through macro arguments), or "" when it is
/// not spelled in one piece in a file.
std::string spelledText(const clang::Expr *E, const clang::ASTContext &Ctx);

} // namespace kthread

#endif
