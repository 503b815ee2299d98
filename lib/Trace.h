//===--- Trace.h - Debug traces of the analyses ---------------------------===//
//
// KTHREAD_TIDY_TRACE=model,engine (any comma-separated topics) prints what
// the analyses do to stderr: "model" when a translation unit's fact model is
// built and when each analysis runs on it (once each), with the time each
// took, "engine" every block a path walk visits, with its state.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_TRACE_H
#define KTHREAD_TIDY_LIB_TRACE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <string>

namespace kthread {

bool traceEnabled(llvm::StringRef Topic);
/// The trace stream, with "kthread-<topic>: " written.
llvm::raw_ostream &trace(llvm::StringRef Topic);

/// While \p Topic is traced, times its own lifetime and then writes
/// "<What> in <milliseconds> ms": where a file's analysis spends its time.
class TimedTrace {
public:
  TimedTrace(llvm::StringRef Topic, std::string What);
  ~TimedTrace();
  /// What to write when it ends, once that is known.
  void setWhat(std::string Text) { What = std::move(Text); }
  TimedTrace(const TimedTrace &) = delete;
  TimedTrace &operator=(const TimedTrace &) = delete;

private:
  bool Enabled;
  std::string Topic;
  std::string What;
  std::chrono::steady_clock::time_point Start;
};

} // namespace kthread

#endif
