//===--- Trace.h - Debug traces of the analyses ---------------------------===//
//
// KTHREAD_TIDY_TRACE=model,engine (any comma-separated topics) prints what
// the analyses do to stderr: "model" when a translation unit's fact model is
// built and when each analysis runs on it (once each), "engine" every block
// a path walk visits, with its state.
//
//===----------------------------------------------------------------------===//

#ifndef KTHREAD_TIDY_LIB_TRACE_H
#define KTHREAD_TIDY_LIB_TRACE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace kthread {

bool traceEnabled(llvm::StringRef Topic);
/// The trace stream, with "kthread-<topic>: " written.
llvm::raw_ostream &trace(llvm::StringRef Topic);

} // namespace kthread

#endif
