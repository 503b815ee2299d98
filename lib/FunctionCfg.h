//===--- FunctionCfg.h - The CFGs of one file's functions -----------------===//
//
// Every analysis walks the control-flow graphs of the file's functions, built
// with every sub-expression as an element of its own so that calls, stores
// and dereferences are seen in evaluation order.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_FUNCTIONCFG_H
#define KTHREAD_TIDY_LIB_FUNCTIONCFG_H

#include "LocationKey.h"
#include "clang/AST/ASTContext.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <vector>

namespace kthread {

/// Bounds one walk over a CFG. The walks' states are few (a handful of
/// holders or slots); the bound only guards against pathological functions,
/// and a walk that reaches it reports nothing unfounded.
constexpr unsigned MaxBlockVisits = 20000;

struct FunctionCfg {
  const clang::FunctionDecl *FD;
  std::unique_ptr<clang::CFG> Cfg;
};

/// The CFGs of \p Functions; a function whose CFG cannot be built is left
/// out.
std::vector<FunctionCfg>
buildCfgs(clang::ASTContext &Ctx,
          llvm::ArrayRef<const clang::FunctionDecl *> Functions);

/// Calls \p Visit(Block, Index, Stmt) for each statement element of \p Cfg.
template <typename Visitor>
void forEachStmt(const clang::CFG &Cfg, Visitor Visit) {
  for (const clang::CFGBlock *Block : Cfg)
    for (unsigned Index = 0; Index < Block->size(); ++Index)
      if (std::optional<clang::CFGStmt> Elem =
              (*Block)[Index].getAs<clang::CFGStmt>())
        Visit(Block, Index, Elem->getStmt());
}

/// Tasks that the file pins with get_task_struct() (or stops with
/// kthread_stop_put(), which is documented for pinned tasks only): their
/// task_struct outlives the thread's exit.
class TaskPins {
public:
  explicit TaskPins(llvm::ArrayRef<FunctionCfg> Functions);
  /// By field or global anywhere in the file, or by the same local path.
  bool pinned(const LocationKey &Key) const { return pinOf(Key).isValid(); }
  /// The first pin of \p Key (a get_task_struct() or kthread_stop_put()
  /// call), or an invalid location.
  clang::SourceLocation pinOf(const LocationKey &Key) const;

private:
  llvm::DenseMap<const clang::ValueDecl *, clang::SourceLocation> Slots;
  llvm::StringMap<clang::SourceLocation> Paths;
};

} // namespace kthread

#endif
