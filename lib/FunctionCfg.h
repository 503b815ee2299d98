//===--- FunctionCfg.h - The CFGs of one file's functions -----------------===//
//
// Every analysis walks the control-flow graphs of the file's functions, built
// with every sub-expression as an element of its own so that calls, stores
// and dereferences are seen in evaluation order.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_FUNCTIONCFG_H
#define KTHREAD_TIDY_LIB_FUNCTIONCFG_H

#include "KthreadApi.h"
#include "Locations.h"
#include "clang/AST/ASTContext.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include <map>
#include <memory>
#include <vector>

namespace kthread {

struct FunctionCfg {
  const clang::FunctionDecl *FD;
  std::unique_ptr<clang::CFG> Cfg;
};

/// The function definitions written in the main file, in order: what the
/// checks analyse (definitions from headers are other files' business).
std::vector<const clang::FunctionDecl *>
mainFileDefinitions(const clang::ASTContext &Ctx);

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

/// Whether \p F calls a function of \p R: a walk that acts only at such
/// calls has nothing to do in the others.
bool callsRole(const FunctionCfg &F, const KthreadApi &Api, Role R);

/// Tasks that the file pins with get_task_struct() (or stops with
/// kthread_stop_put(), which is documented for pinned tasks only): their
/// task_struct outlives the thread's exit.
class TaskPins {
public:
  TaskPins(llvm::ArrayRef<FunctionCfg> Functions, const KthreadApi &Api);
  /// By field or global anywhere in the file, or by the same local path.
  bool pinned(const StorageLocation &Task) const {
    return pinOf(Task).isValid();
  }
  /// The first pin of \p Task, or an invalid location.
  clang::SourceLocation pinOf(const StorageLocation &Task) const;

private:
  llvm::DenseMap<const clang::ValueDecl *, clang::SourceLocation> Slots;
  std::map<StorageLocation, clang::SourceLocation> Paths;
};

} // namespace kthread

#endif
