//===--- FunctionCfg.cpp --------------------------------------------------===//

#include "FunctionCfg.h"
#include "PointerFlow.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace kthread {

static void collectDefinitions(const DeclContext *Scope,
                               const SourceManager &SM,
                               std::vector<const FunctionDecl *> &Out) {
  // Not decls(): under clangd that would load every declaration of the
  // preamble, and the main file's own are never in it.
  for (const Decl *D : Scope->noload_decls()) {
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      if (FD->isThisDeclarationADefinition() &&
          SM.isInMainFile(SM.getExpansionLoc(FD->getBeginLoc())))
        Out.push_back(FD);
    } else if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl, CXXRecordDecl>(
                   D)) {
      collectDefinitions(cast<DeclContext>(D), SM, Out);
    }
  }
}

std::vector<const FunctionDecl *> mainFileDefinitions(const ASTContext &Ctx) {
  std::vector<const FunctionDecl *> Out;
  collectDefinitions(Ctx.getTranslationUnitDecl(), Ctx.getSourceManager(), Out);
  return Out;
}

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

bool callsRole(const FunctionCfg &F, const KthreadApi &Api, Role R) {
  bool Found = false;
  forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    Found = Found || (Call && Api.is(Call, R));
  });
  return Found;
}

TaskPins::TaskPins(llvm::ArrayRef<FunctionCfg> Functions,
                   const KthreadApi &Api) {
  for (const FunctionCfg &F : Functions) {
    // `t->tsk = p; ... get_task_struct(p);`: the pin of the local is a pin
    // of the places the function keeps it in.
    llvm::DenseMap<const VarDecl *, SourceLocation> LocalPins;
    llvm::SmallVector<std::pair<const VarDecl *, const ValueDecl *>, 4> Kept;
    forEachStmt(*F.Cfg, [&](const CFGBlock *, unsigned, const Stmt *S) {
      for (const Store &Write : storesOf(S)) {
        const auto *Ref =
            Write.Value
                ? dyn_cast<DeclRefExpr>(Write.Value->IgnoreParenImpCasts())
                : nullptr;
        const auto *Local = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        if (Local && Local->hasLocalStorage() && Write.Target &&
            Write.Target->slot())
          Kept.push_back({Local, Write.Target->slot()});
      }
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
        const auto *Local = dyn_cast_or_null<VarDecl>(Task->root());
        if (Local && Local->hasLocalStorage() && Task->steps().empty())
          LocalPins.try_emplace(Local, Loc);
      }
    });
    for (const auto &[Local, Slot] : Kept)
      if (auto Pin = LocalPins.find(Local); Pin != LocalPins.end())
        Slots.try_emplace(Slot, Pin->second);
  }
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
