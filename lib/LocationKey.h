//===--- LocationKey.h - Naming the storage a pointer lives in ------------===//
//
// The analysis follows a creation result through the places it is stored: a
// variable, a struct field reached from a variable, an array element. A key
// names such a place so that two expressions in one function can be compared,
// and names the "slot" (the field or global) by which functions of one file
// share it.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_LOCATIONKEY_H
#define KTHREAD_TIDY_LIB_LOCATIONKEY_H

#include "clang/AST/Expr.h"
#include <optional>
#include <string>

namespace kthread {

struct LocationKey {
  /// Identifies the place within one function; empty when the path goes
  /// through something that cannot be compared (a call, a computed index).
  std::string Path;
  /// The struct field or global variable holding the value, or null for a
  /// local variable. Functions of one file share values through slots.
  const clang::ValueDecl *Slot = nullptr;

  bool comparable() const { return !Path.empty(); }
};

/// The storage \p E refers to, ignoring parentheses and casts; nullopt when
/// \p E is not an lvalue path (a call result, arithmetic, ...).
std::optional<LocationKey> keyOf(const clang::Expr *E);

/// The storage of variable \p VD itself.
LocationKey keyOfVariable(const clang::VarDecl *VD);

} // namespace kthread

#endif
