//===--- RemoteIndexStub.cpp - clangd without the gRPC remote index -------===//
//
// Debian built libclangdMain.a with the gRPC remote-index client, whose
// libraries (protobuf, gRPC, abseil) ship without development links. clangdMain
// needs one function from it, remote::getClient(), and only calls it when a
// flag or a .clangd names a remote index server. This replacement does what
// upstream's client does in a clangd built without gRPC: say so and return no
// index, after which clangd carries on with its local index.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace clang::clangd {
class SymbolIndex;
} // namespace clang::clangd

namespace kthread {
// clangd's SymbolIndex is not declared complete anywhere we can include, so
// the null result uses a deleter that needs no definition. The return type
// is not part of the symbol's name, and this unique_ptr has the same layout
// and calling convention (one pointer, returned indirectly because of its
// destructor) as the std::unique_ptr<SymbolIndex> that clangdMain expects.
// (An unnamed namespace here would give getClient internal linkage.)
struct NoIndexDeleter {
  void operator()(clang::clangd::SymbolIndex *) const {}
};
} // namespace kthread

namespace clang::clangd::remote {

std::unique_ptr<SymbolIndex, kthread::NoIndexDeleter>
getClient(llvm::StringRef Address, llvm::StringRef /*IndexRoot*/) {
  llvm::errs() << "kthread-clangd is built without remote index support; "
                  "ignoring the index server "
               << Address << "\n";
  return nullptr;
}

} // namespace clang::clangd::remote
