//===--- PointerFlow.h - Places holding one followed pointer --------------===//
//
// The walks of the analyses follow one pointer value (a creation result, a
// stopped task) along a path of the CFG. The value lives in a set of places;
// assignments copy it to new places and overwrite old ones, and an index
// that changes makes `t[i]` name another element.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_POINTERFLOW_H
#define KTHREAD_TIDY_LIB_POINTERFLOW_H

#include "LocationKey.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace kthread {

/// A place that holds the followed value.
struct Holder {
  std::string Path;
  const clang::ValueDecl *Slot = nullptr;
};

/// Whether \p Key names \p H: by path when both can be compared, else by
/// the field or global they are stored in.
bool holdsKey(const Holder &H, const LocationKey &Key);

class HolderSet {
public:
  explicit HolderSet(const LocationKey &Initial) {
    Holders.push_back({Initial.Path, Initial.Slot});
  }
  int find(const LocationKey &Key) const;
  bool empty() const { return Holders.empty(); }
  llvm::ArrayRef<Holder> holders() const { return Holders; }
  /// Applies `Target = Value` (Value null for `++`, `+=`, ...): the value is
  /// copied when Value holds it, and Target no longer holds it otherwise.
  void assign(const LocationKey &Target, const clang::Expr *Value);
  std::string signature() const;

private:
  llvm::SmallVector<Holder, 2> Holders;
};

/// A write to storage in one CFG element: `Target = Value`, or a change of
/// Target that is not a copy (`++`, `--`, `+=`, with Value null).
struct Store {
  std::optional<LocationKey> Target;
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
