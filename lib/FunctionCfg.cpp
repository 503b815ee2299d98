//===--- FunctionCfg.cpp --------------------------------------------------===//

#include "FunctionCfg.h"
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

TaskPins::TaskPins(llvm::ArrayRef<FunctionCfg> Functions,
                   const KthreadApi &Api) {
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call || Call->getNumArgs() == 0 ||
          !(Api.is(Call, Role::Pin) || Api.is(Call, Role::StopPut)))
        return;
      if (std::optional<StorageLocation> Task =
              StorageLocation::of(Call->getArg(0))) {
        SourceLocation Loc =
            F.FD->getASTContext().getSourceManager().getFileLoc(
                Call->getBeginLoc());
        if (const ValueDecl *Slot = Task->slot())
          Slots.try_emplace(Slot, Loc);
        if (Task->comparable())
          Paths.try_emplace(*Task, Loc);
      }
    });
}

SourceLocation TaskPins::pinOf(const StorageLocation &Task) const {
  if (const ValueDecl *Slot = Task.slot()) {
    auto It = Slots.find(Slot);
    if (It != Slots.end())
      return It->second;
  }
  auto It = Paths.find(Task);
  return It == Paths.end() || !Task.comparable() ? SourceLocation()
                                                 : It->second;
}

} // namespace kthread
