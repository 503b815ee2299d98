//===--- Trace.cpp --------------------------------------------------------===//

#include "Trace.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"

namespace kthread {

bool traceEnabled(llvm::StringRef Topic) {
  static const std::string Topics =
      llvm::sys::Process::GetEnv("KTHREAD_TIDY_TRACE").value_or("");
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  llvm::StringRef(Topics).split(Parts, ',');
  return llvm::is_contained(Parts, Topic);
}

llvm::raw_ostream &trace(llvm::StringRef Topic) {
  return llvm::errs() << "kthread-" << Topic << ": ";
}

TimedTrace::TimedTrace(llvm::StringRef Topic, std::string What)
    : Enabled(traceEnabled(Topic)), Topic(Topic.str()), What(std::move(What)),
      Start(std::chrono::steady_clock::now()) {}

TimedTrace::~TimedTrace() {
  if (!Enabled)
    return;
  std::chrono::duration<double, std::milli> Took =
      std::chrono::steady_clock::now() - Start;
  trace(Topic) << What << " in " << llvm::format("%.1f", Took.count())
               << " ms\n";
}

} // namespace kthread
