//===--- ModeGuards.cpp ---------------------------------------------------===//

#include "ModeGuards.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace kthread {

bool ModeGuard::contradicts(const ModeGuard &O) const {
  if (Mode != O.Mode)
    return false;
  bool Same = llvm::APSInt::isSameValue(Value, O.Value);
  if (Equal && O.Equal)
    return !Same;
  return Same && Equal != O.Equal;
}

namespace {

/// The main file's functions named other than as a callee: an ops table or
/// a callback registration may call them from anywhere.
class AddressTaken : public RecursiveASTVisitor<AddressTaken> {
public:
  bool VisitCallExpr(CallExpr *Call) {
    Callees.insert(Call->getCallee()->IgnoreParenImpCasts());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl()))
      Refs.emplace_back(Ref, FD->getCanonicalDecl());
    return true;
  }
  llvm::SmallPtrSet<const Expr *, 32> Callees;
  std::vector<std::pair<const Expr *, const FunctionDecl *>> Refs;
};

} // namespace

ModeGuards::ModeGuards(ASTContext &Ctx, llvm::ArrayRef<FunctionCfg> Functions)
    : Ctx(Ctx) {
  for (const FunctionCfg &F : Functions)
    forEachStmt(*F.Cfg, [&](const CFGBlock *B, unsigned, const Stmt *S) {
      if (const auto *CE = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *Callee = CE->getDirectCallee())
          Calls[Callee->getCanonicalDecl()].push_back({&F, B});
    });
}

bool ModeGuards::callersKnown(const FunctionDecl *FD) const {
  if (FD->isExternallyVisible())
    return false;
  if (!Escaped) {
    AddressTaken Visitor;
    const SourceManager &SM = Ctx.getSourceManager();
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
        Visitor.TraverseDecl(D);
    Escaped.emplace();
    for (const auto &[Ref, Named] : Visitor.Refs)
      if (!Visitor.Callees.count(Ref))
        Escaped->insert(Named);
  }
  return !Escaped->count(FD->getCanonicalDecl());
}

/// `mode == K` on the successor of \p B that it names, or nullopt.
std::optional<ModeGuard> ModeGuards::guardOf(const CFGBlock *B,
                                             unsigned Successor) const {
  const Expr *Cond = B->succ_size() == 2 ? B->getLastCondition() : nullptr;
  const auto *Compare =
      Cond ? dyn_cast<BinaryOperator>(Cond->IgnoreParenCasts()) : nullptr;
  if (!Compare || !Compare->isEqualityOp())
    return std::nullopt;
  for (auto [Place, Constant] :
       {std::pair{Compare->getLHS(), Compare->getRHS()},
        std::pair{Compare->getRHS(), Compare->getLHS()}}) {
    std::optional<StorageLocation> Mode = StorageLocation::of(Place);
    Expr::EvalResult Value;
    if (!Mode || !Mode->slot() || !Constant->EvaluateAsInt(Value, Ctx))
      continue;
    bool TrueIsEqual = Compare->getOpcode() == BO_EQ;
    return ModeGuard{Mode->slot(), Value.Val.getInt(),
                     (Successor == 0) == TrueIsEqual};
  }
  return std::nullopt;
}

/// Whether every path from the entry of \p Cfg to \p B takes edge \p Succ
/// of \p Test.
static bool takesEdge(const CFG &Cfg, const CFGBlock *Test, unsigned Succ,
                      const CFGBlock *B) {
  if (Test == B || !Test->succ_begin()[Succ].getReachableBlock())
    return false;
  llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
  llvm::SmallVector<const CFGBlock *, 32> Work{&Cfg.getEntry()};
  while (!Work.empty()) {
    const CFGBlock *At = Work.pop_back_val();
    if (At == B)
      return false;
    if (!Seen.insert(At).second)
      continue;
    for (unsigned I = 0; I < At->succ_size(); ++I) {
      const CFGBlock *Next = At->succ_begin()[I].getReachableBlock();
      if (Next && !(At == Test && I == Succ))
        Work.push_back(Next);
    }
  }
  return true;
}

std::vector<ModeGuard> ModeGuards::within(const FunctionCfg &F,
                                          const CFGBlock *B) const {
  std::vector<ModeGuard> Guards;
  for (const CFGBlock *Test : *F.Cfg)
    for (unsigned Succ = 0; Succ < Test->succ_size(); ++Succ)
      if (std::optional<ModeGuard> G = guardOf(Test, Succ))
        if (takesEdge(*F.Cfg, Test, Succ, B))
          Guards.push_back(*G);
  return Guards;
}

/// The locals of \p Body that are set once, from a field, and never
/// written again (`int id = kd->id;`): constants of one instance of a
/// thread.
static llvm::SmallPtrSet<const VarDecl *, 4>
instanceConstants(const Stmt *Body) {
  llvm::SmallPtrSet<const VarDecl *, 4> Set, Written;
  auto MentionsField = [](const Expr *E, auto &Self) -> bool {
    if (isa<MemberExpr>(E->IgnoreParenImpCasts()))
      return true;
    for (const Stmt *Child : E->children())
      if (const auto *ChildExpr = dyn_cast_or_null<Expr>(Child);
          ChildExpr && Self(ChildExpr, Self))
        return true;
    return false;
  };
  auto RefTo = [](const Expr *E) -> const VarDecl * {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  };
  llvm::SmallVector<const Stmt *, 64> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Decl = dyn_cast<DeclStmt>(S))
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->hasLocalStorage() && Var->getInit() &&
            Var->getType()->isIntegerType() &&
            MentionsField(Var->getInit(), MentionsField))
          Set.insert(Var);
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp())
      if (const VarDecl *Var = RefTo(Assign->getLHS()))
        Written.insert(Var);
    if (const auto *Unary = dyn_cast<UnaryOperator>(S);
        Unary &&
        (Unary->isIncrementDecrementOp() || Unary->getOpcode() == UO_AddrOf))
      if (const VarDecl *Var = RefTo(Unary->getSubExpr()))
        Written.insert(Var);
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  for (const VarDecl *Var : Written)
    Set.erase(Var);
  return Set;
}

bool ModeGuards::dependsOnInstance(const FunctionCfg &F,
                                   const CFGBlock *B) const {
  auto [It, New] = InstanceConstants.try_emplace(F.FD);
  if (New)
    It->second = instanceConstants(F.FD->getBody());
  const llvm::SmallPtrSet<const VarDecl *, 4> &Constants = It->second;
  if (Constants.empty())
    return false;
  auto Mentions = [&](const Stmt *S, auto &Self) -> bool {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && Constants.count(Var))
        return true;
    for (const Stmt *Child : S->children())
      if (Child && Self(Child, Self))
        return true;
    return false;
  };
  for (const CFGBlock *Test : *F.Cfg) {
    const Expr *Cond =
        Test->succ_size() == 2 ? Test->getLastCondition() : nullptr;
    if (!Cond || !Mentions(Cond, Mentions))
      continue;
    for (unsigned Succ = 0; Succ < 2; ++Succ)
      if (takesEdge(*F.Cfg, Test, Succ, B))
        return true;
  }
  return false;
}

bool ModeGuards::excludedBy(llvm::ArrayRef<ModeGuard> Guards,
                            const FunctionCfg &F, const CFGBlock *B) const {
  return !Guards.empty() && excluded(Guards, F, B, 0);
}

bool ModeGuards::excluded(llvm::ArrayRef<ModeGuard> Guards,
                          const FunctionCfg &F, const CFGBlock *B,
                          unsigned Depth) const {
  for (const ModeGuard &Own : within(F, B))
    if (llvm::any_of(Guards,
                     [&](const ModeGuard &G) { return G.contradicts(Own); }))
      return true;
  auto It = Calls.find(F.FD->getCanonicalDecl());
  if (Depth >= 4 || It == Calls.end() || !callersKnown(F.FD))
    return false;
  return llvm::all_of(It->second, [&](const Call &C) {
    return C.Caller != &F && excluded(Guards, *C.Caller, C.Block, Depth + 1);
  });
}

} // namespace kthread
