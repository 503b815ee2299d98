//===--- NullFields.cpp ---------------------------------------------------===//

#include "NullFields.h"
#include "Locations.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace kthread {
namespace {

const VarDecl *localOf(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

/// `p->field` with `p` a local: the pair, else nulls.
std::pair<const VarDecl *, const FieldDecl *> fieldOf(const Expr *E) {
  std::optional<StorageLocation> Place = StorageLocation::of(E);
  const auto *Root = Place ? dyn_cast_or_null<VarDecl>(Place->root()) : nullptr;
  if (!Root || !Root->hasLocalStorage() || Place->steps().size() != 1)
    return {nullptr, nullptr};
  return {Root, dyn_cast_or_null<FieldDecl>(Place->steps()[0].Decl)};
}

template <typename List, typename Item> void insert(List &L, const Item &I) {
  if (!llvm::is_contained(L, I)) {
    L.push_back(I);
    llvm::sort(L);
  }
}

} // namespace

bool NullFields::isNull(const VarDecl *Root, const FieldDecl *Field) const {
  FieldOf F{Root, Field};
  if (llvm::is_contained(Nulled, F))
    return true;
  return llvm::any_of(Fresh, [&](const auto &V) { return V.first == Root; }) &&
         !llvm::is_contained(Written, F);
}

void NullFields::escape(const VarDecl *Var) {
  llvm::SmallVector<const VarDecl *, 2> Gone{Var};
  for (const auto &[Object, Of] : Fresh)
    if (Of == Var)
      Gone.push_back(Object);
  for (const VarDecl *V : Gone) {
    Fresh.erase(std::remove_if(Fresh.begin(), Fresh.end(),
                               [&](const auto &F) { return F.first == V; }),
                Fresh.end());
    Nulled.erase(std::remove_if(Nulled.begin(), Nulled.end(),
                                [&](const auto &F) { return F.first == V; }),
                 Nulled.end());
  }
}

void NullFields::forget(const FieldOf &Field) {
  if (!Watched->count(Field.second))
    return;
  llvm::erase(Nulled, Field);
  insert(Written, Field);
}

void NullFields::assign(const VarDecl *Var, const Expr *Value,
                        const KthreadApi &Api) {
  escape(Var);
  Written.erase(std::remove_if(Written.begin(), Written.end(),
                               [&](const auto &F) { return F.first == Var; }),
                Written.end());
  const auto *Call = dyn_cast<CallExpr>(Value->IgnoreParenCasts());
  const ApiEntry *E = Call ? Api.lookup(Call) : nullptr;
  if (E && E->What == Role::ZeroAlloc) {
    insert(Fresh, std::pair<const VarDecl *, const VarDecl *>{Var, nullptr});
  } else if (E && E->What == Role::PrivateArea && E->Arg < Call->getNumArgs()) {
    const VarDecl *Of = localOf(Call->getArg(E->Arg));
    if (Of && llvm::any_of(Fresh, [&](const auto &F) { return F.first == Of; }))
      insert(Fresh, std::pair<const VarDecl *, const VarDecl *>{Var, Of});
  }
}

void NullFields::store(const FieldOf &Field, const Expr *Value,
                       const ASTContext &Ctx) {
  if (!Watched->count(Field.second))
    return;
  if (Value->IgnoreParenCasts()->isNullPointerConstant(
          const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNull)) {
    llvm::erase(Written, Field);
    insert(Nulled, Field);
  } else {
    forget(Field);
  }
}

void NullFields::apply(const Stmt *S, const KthreadApi &Api) {
  if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
    for (const clang::Decl *D : Decl->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit())
        assign(Var, Var->getInit(), Api);
    return;
  }
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->getOpcode() == BO_Assign) {
    if (const VarDecl *Var = localOf(Assign->getLHS()))
      assign(Var, Assign->getRHS(), Api);
    else if (auto [Root, Field] = fieldOf(Assign->getLHS()); Root && Field)
      store({Root, Field}, Assign->getRHS(), Root->getASTContext());
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  if (const ApiEntry *E = Api.lookup(Call);
      E && (E->What == Role::ZeroAlloc || E->What == Role::PrivateArea))
    return;
  for (const Expr *Arg : Call->arguments()) {
    Arg = Arg->IgnoreParenImpCasts();
    if (const VarDecl *Var = localOf(Arg)) {
      escape(Var);
    } else if (const auto *Address = dyn_cast<UnaryOperator>(Arg);
               Address && Address->getOpcode() == UO_AddrOf) {
      if (auto [Root, Field] = fieldOf(Address->getSubExpr()); Root && Field)
        forget({Root, Field});
    }
  }
}

} // namespace kthread
