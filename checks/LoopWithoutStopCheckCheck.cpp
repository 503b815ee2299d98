//===--- LoopWithoutStopCheckCheck.cpp - kthread-loop-without-stop-check --===//

#include "LoopWithoutStopCheckCheck.h"
#include "KthreadApi.h"
#include "LoopStop.h"

using namespace clang;

namespace kthread {

LoopWithoutStopCheckCheck::LoopWithoutStopCheckCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : FileAnalysisCheck(Name, Context),
      CreateFunctions(Options.get("CreateFunctions", DefaultCreateFunctions)),
      StopFunctions(Options.get("StopFunctions", DefaultStopFunctions)),
      StopCheckFunctions(
          Options.get("StopCheckFunctions", DefaultStopCheckFunctions)) {}

void LoopWithoutStopCheckCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CreateFunctions", CreateFunctions);
  Options.store(Opts, "StopFunctions", StopFunctions);
  Options.store(Opts, "StopCheckFunctions", StopCheckFunctions);
}

void LoopWithoutStopCheckCheck::analyseFile(
    ASTContext &Context, llvm::ArrayRef<const FunctionDecl *> Functions) {
  LoopStopOptions FlowOptions{splitNameList(CreateFunctions),
                              splitNameList(StopFunctions),
                              splitNameList(StopCheckFunctions)};
  for (const LoopFinding &F :
       findLoopsWithoutStop(Context, Functions, FlowOptions)) {
    if (F.LoopKind == LoopFinding::NoExit)
      diag(F.Loc, "no path leaves this loop, so thread function '%0' never "
                  "returns and kthread_stop() waits forever; leave the loop "
                  "when kthread_should_stop() is true")
          << F.ThreadFunction;
    else
      diag(F.Loc, "this loop repeats a sleep while it is interrupted and never "
                  "tests kthread_should_stop(): kthread_stop() interrupts the "
                  "sleep at once every time, so the thread spins and "
                  "kthread_stop() never returns; test kthread_should_stop() "
                  "in the loop condition");
    if (!F.Helper.empty())
      diag(F.Loc, "in '%0', called from thread function '%1'",
           DiagnosticIDs::Note)
          << F.Helper << F.ThreadFunction;
    diag(F.CreationLoc, "'%0' starts thread function '%1' here",
         DiagnosticIDs::Note)
        << F.CreateName << F.ThreadFunction;
    diag(F.StopLoc, "kthread_stop() waits here for the thread to exit",
         DiagnosticIDs::Note);
  }
}

} // namespace kthread
