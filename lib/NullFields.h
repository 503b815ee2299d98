//===--- NullFields.h - Task fields a path knows to be NULL ---------------===//
//
// A function that allocates an object with a zeroing allocator (kzalloc(),
// alloc_netdev()'s private area) and fails before it starts the object's
// thread reaches its clean-up with the task field still NULL; one that
// stores NULL after a failed creation likewise. A clean-up helper that
// stops the field only if set (`if (p->task) kthread_stop(p->task)`) then
// stops nothing. This follows, along one path, the locals that point to
// such fresh objects and the fields of them written since: only the fields
// it is told to watch (the ones a stop takes), which keeps the states of a
// long function with many stores few.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_NULLFIELDS_H
#define KTHREAD_TIDY_LIB_NULLFIELDS_H

#include "KthreadApi.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <tuple>

namespace kthread {

class NullFields {
public:
  using FieldSet = llvm::SmallPtrSet<const clang::FieldDecl *, 4>;
  /// Follows the fields in \p Watched, which must outlive it.
  explicit NullFields(const FieldSet &Watched) : Watched(&Watched) {}
  /// Applies one statement element of the path.
  void apply(const clang::Stmt *S, const KthreadApi &Api);
  /// Whether `Root->Field` is NULL here.
  bool isNull(const clang::VarDecl *Root, const clang::FieldDecl *Field) const;

  auto tie() const { return std::tie(Fresh, Nulled, Written); }
  bool operator<(const NullFields &O) const { return tie() < O.tie(); }

private:
  using FieldOf = std::pair<const clang::VarDecl *, const clang::FieldDecl *>;
  void assign(const clang::VarDecl *Var, const clang::Expr *Value,
              const KthreadApi &Api);
  void store(const FieldOf &Field, const clang::Expr *Value,
             const clang::ASTContext &Ctx);
  /// \p Var is handed to code that may write any of its fields, and so
  /// are the objects it is the private area of.
  void escape(const clang::VarDecl *Var);
  void forget(const FieldOf &Field);

  const FieldSet *Watched;

  /// Locals pointing to zeroed objects, each with the local it is the
  /// private area of (or null).
  llvm::SmallVector<std::pair<const clang::VarDecl *, const clang::VarDecl *>,
                    2>
      Fresh;
  /// Fields last stored NULL, and fields of fresh objects written since.
  llvm::SmallVector<FieldOf, 2> Nulled;
  llvm::SmallVector<FieldOf, 4> Written;
};

} // namespace kthread

#endif
