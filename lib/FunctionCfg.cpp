//===--- FunctionCfg.cpp --------------------------------------------------===//

#include "FunctionCfg.h"
#include "BranchCondition.h"
#include "clang/Basic/SourceManager.h"

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
        SourceLocation Loc =
            F.FD->getASTContext().getSourceManager().getFileLoc(
                Call->getBeginLoc());
        if (Key->Slot)
          Slots.try_emplace(Key->Slot, Loc);
        if (Key->comparable())
          Paths.try_emplace(Key->Path, Loc);
      }
    });
}

SourceLocation TaskPins::pinOf(const LocationKey &Key) const {
  if (Key.Slot) {
    auto It = Slots.find(Key.Slot);
    if (It != Slots.end())
      return It->second;
  }
  auto It = Paths.find(Key.Path);
  return It == Paths.end() ? SourceLocation() : It->second;
}

} // namespace kthread
