//===--- FunctionCfg.cpp --------------------------------------------------===//

#include "FunctionCfg.h"
#include "BranchCondition.h"

using namespace clang;

namespace kthread {

std::vector<FunctionCfg> buildCfgs(ASTContext &Ctx,
                                   llvm::ArrayRef<const FunctionDecl *> Fns) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::vector<FunctionCfg> Result;
  for (const FunctionDecl *FD : Fns)
    if (std::unique_ptr<CFG> Cfg =
            CFG::buildCFG(FD, FD->getBody(), &Ctx, Options))
      Result.push_back({FD, std::move(Cfg)});
  return Result;
}

TaskPins::TaskPins(llvm::ArrayRef<FunctionCfg> Functions) {
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call || Call->getNumArgs() == 0)
        return;
      StringRef Name = calleeName(Call);
      if (Name != "get_task_struct" && Name != "kthread_stop_put")
        return;
      if (std::optional<LocationKey> Key = keyOf(Call->getArg(0))) {
        if (Key->Slot)
          Slots.insert(Key->Slot);
        if (Key->comparable())
          Paths.insert(Key->Path);
      }
    });
}

bool TaskPins::pinned(const LocationKey &Key) const {
  return (Key.Slot && Slots.count(Key.Slot)) || Paths.contains(Key.Path);
}

} // namespace kthread
