#include "Isolation.h"
#include "Processes.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/JSON.h"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kthread::audit {

namespace json = llvm::json;
using Clock = std::chrono::steady_clock;

// The status a child exits with when an allocation fails under its limit.
static constexpr int OutOfMemoryStatus = 97;

static void outOfMemory(void *, const char *, bool) {
  ::_exit(OutOfMemoryStatus);
}

/// The outcome as the child sends it: findings, and the failure as a
/// finding without a check, so file names keep their bytes either way.
std::string outcomeText(const FileOutcome &O) {
  json::Array Findings;
  for (const Finding &F : O.Findings)
    Findings.push_back(findingJson(F));
  json::Array Dependencies;
  for (const FileOutcome::Dependency &D : O.Dependencies)
    Dependencies.push_back(json::Array{D.Path, D.Size, D.ModifiedSeconds});
  json::Object Doc{{"findings", std::move(Findings)},
                   {"summary", summaryJson(O.Summary)},
                   {"dependencies", std::move(Dependencies)}};
  if (O.NotAnalysed)
    Doc["failure"] = findingJson(
        {"", O.NotAnalysed->Reason, {O.NotAnalysed->File, 0, 0}, {}, "", ""});
  std::string Text;
  llvm::raw_string_ostream(Text) << json::Value(std::move(Doc));
  return Text;
}

std::optional<FileOutcome> parseOutcome(llvm::StringRef Text) {
  llvm::Expected<json::Value> Doc = json::parse(Text);
  if (!Doc) {
    llvm::consumeError(Doc.takeError());
    return std::nullopt;
  }
  const json::Object *Top = Doc->getAsObject();
  const json::Array *Findings = Top ? Top->getArray("findings") : nullptr;
  if (!Findings)
    return std::nullopt;
  FileOutcome O;
  for (const json::Value &V : *Findings) {
    std::optional<Finding> F = findingFromJson(V);
    if (!F)
      return std::nullopt;
    O.Findings.push_back(std::move(*F));
  }
  const json::Value *Summary = Top->get("summary");
  std::optional<kthread::FileSummary> Told =
      Summary ? summaryFromJson(*Summary) : std::nullopt;
  if (!Told)
    return std::nullopt;
  O.Summary = std::move(*Told);
  const json::Array *Dependencies = Top->getArray("dependencies");
  if (!Dependencies)
    return std::nullopt;
  for (const json::Value &V : *Dependencies) {
    const json::Array *D = V.getAsArray();
    if (!D || D->size() != 3 || !(*D)[0].getAsString() ||
        !(*D)[1].getAsInteger() || !(*D)[2].getAsInteger())
      return std::nullopt;
    O.Dependencies.push_back({(*D)[0].getAsString()->str(),
                              uint64_t(*(*D)[1].getAsInteger()),
                              *(*D)[2].getAsInteger()});
  }
  if (const json::Value *Failed = Top->get("failure")) {
    std::optional<Finding> F = findingFromJson(*Failed);
    if (!F)
      return std::nullopt;
    O.NotAnalysed = Failure{F->Where.File, F->Message};
  }
  return O;
}

static bool writeAll(int FD, llvm::StringRef Text) {
  while (!Text.empty()) {
    ssize_t N = ::write(FD, Text.data(), Text.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Text = Text.drop_front(N);
  }
  return true;
}

[[noreturn]] static void runChild(int Out, const Command &C,
                                  const std::vector<std::string> &Arguments,
                                  const AuditSettings &Settings,
                                  FileLimits Limits) {
  resetInterruptCleanupInChild();
  // The parent reports; what clang or a crash would print is not wanted,
  // unless the analyses' debug traces were asked for.
  int Null = ::open("/dev/null", O_WRONLY);
  if (Null >= 0 && !std::getenv("KTHREAD_TIDY_TRACE"))
    ::dup2(Null, 2);
  if (Limits.MemoryMiB) {
    rlim_t Bytes = rlim_t(Limits.MemoryMiB) << 20;
    struct rlimit Limit = {Bytes, Bytes};
    ::setrlimit(RLIMIT_AS, &Limit);
  }
  llvm::install_bad_alloc_error_handler(outOfMemory);
  llvm::install_out_of_memory_new_handler();
  FileOutcome Outcome = auditFile(C, Arguments, Settings);
  ::_exit(writeAll(Out, outcomeText(Outcome)) ? 0 : 1);
}

namespace {

struct Child {
  pid_t Pid;
  int FD;
  size_t Index;
  Clock::time_point Deadline;
  std::string Output;
  bool TimedOut = false;
};

} // namespace

/// Why child \p C, which ended with \p Status, produced no outcome.
static std::string failureReason(const Child &C, int Status,
                                 FileLimits Limits) {
  if (C.TimedOut)
    return "its analysis exceeded the time limit of " +
           std::to_string(Limits.Seconds) + " s (--file-time-limit)";
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == OutOfMemoryStatus)
    return "its analysis exceeded the memory limit of " +
           std::to_string(Limits.MemoryMiB) + " MiB (--file-memory-limit)";
  if (WIFSIGNALED(Status)) {
    int Signal = WTERMSIG(Status);
    std::string Name = sigabbrev_np(Signal)
                           ? std::string("SIG") + sigabbrev_np(Signal)
                           : std::to_string(Signal);
    if (Signal == SIGSEGV || Signal == SIGBUS)
      return "its analysis crashed (" + Name +
             "; a deeply nested expression or statement may have overflowed "
             "the stack)";
    if (Signal == SIGKILL)
      return "its analysis was killed (SIGKILL; the system may have run out "
             "of memory)";
    return "its analysis crashed (" + Name + ")";
  }
  return "its analysis ended without a result (exit status " +
         std::to_string(WEXITSTATUS(Status)) + ")";
}

static void finishChild(Child &C, std::vector<FileOutcome> &Outcomes,
                        const std::vector<Command> &Commands,
                        const AuditSettings &Settings, FileLimits Limits) {
  int Status = 0;
  while (::waitpid(C.Pid, &Status, 0) < 0 && errno == EINTR)
    ;
  forgetProcess(C.Pid);
  std::optional<FileOutcome> Outcome;
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0 && !C.TimedOut)
    Outcome = parseOutcome(C.Output);
  if (!Outcome) {
    Outcome.emplace();
    Outcome->NotAnalysed =
        Failure{reportPath(Commands[C.Index].File, Settings.Root),
                failureReason(C, Status, Limits)};
  }
  Outcomes[C.Index] = std::move(*Outcome);
}

std::vector<FileOutcome>
auditIsolated(const std::vector<Command> &Commands,
              const std::vector<std::vector<std::string>> &Arguments,
              const AuditSettings &Settings, unsigned Jobs, FileLimits Limits,
              const std::function<void(size_t)> &Finished) {
  std::vector<FileOutcome> Outcomes(Commands.size());
  std::vector<Child> Running;
  size_t Next = 0;
  auto Spawn = [&](size_t Index) {
    int Pipe[2];
    if (::pipe2(Pipe, O_CLOEXEC) != 0) {
      Outcomes[Index].NotAnalysed = Failure{
          reportPath(Commands[Index].File, Settings.Root),
          std::string("cannot start its analysis: ") + std::strerror(errno)};
      Finished(Index);
      return;
    }
    pid_t Pid = ::fork();
    if (Pid == 0) {
      ::close(Pipe[0]);
      runChild(Pipe[1], Commands[Index], Arguments[Index], Settings, Limits);
    }
    int ForkErrno = errno;
    ::close(Pipe[1]);
    if (Pid < 0) {
      ::close(Pipe[0]);
      Outcomes[Index].NotAnalysed =
          Failure{reportPath(Commands[Index].File, Settings.Root),
                  std::string("cannot start its analysis: ") +
                      std::strerror(ForkErrno)};
      Finished(Index);
      return;
    }
    killOnInterrupt(Pid);
    Clock::time_point Deadline =
        Limits.Seconds ? Clock::now() + std::chrono::seconds(Limits.Seconds)
                       : Clock::time_point::max();
    Running.push_back({Pid, Pipe[0], Index, Deadline, "", false});
  };

  while (Next < Commands.size() || !Running.empty()) {
    while (Running.size() < Jobs && Next < Commands.size())
      Spawn(Next++);
    if (Running.empty())
      continue;
    std::vector<pollfd> Polled;
    Clock::time_point Soonest = Clock::time_point::max();
    for (const Child &C : Running) {
      Polled.push_back({C.FD, POLLIN, 0});
      if (!C.TimedOut)
        Soonest = std::min(Soonest, C.Deadline);
    }
    int Timeout = -1;
    if (Soonest != Clock::time_point::max())
      Timeout = std::max<int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(Soonest -
                                                                   Clock::now())
                     .count() +
                 1);
    if (::poll(Polled.data(), Polled.size(), Timeout) < 0 && errno != EINTR)
      break; // Cannot happen with valid descriptors.
    Clock::time_point Now = Clock::now();
    for (size_t I = 0; I < Running.size();) {
      Child &C = Running[I];
      bool Ended = false;
      if (Polled[I].revents) {
        char Buffer[65536];
        ssize_t N = ::read(C.FD, Buffer, sizeof(Buffer));
        if (N > 0)
          C.Output.append(Buffer, N);
        else if (N == 0 || errno != EINTR)
          Ended = true;
      }
      if (!Ended && !C.TimedOut && Now >= C.Deadline) {
        ::kill(C.Pid, SIGKILL); // Its pipe then ends.
        C.TimedOut = true;
      }
      if (!Ended) {
        ++I;
        continue;
      }
      ::close(C.FD);
      finishChild(C, Outcomes, Commands, Settings, Limits);
      Finished(C.Index);
      Running.erase(Running.begin() + I);
      Polled.erase(Polled.begin() + I);
    }
  }
  return Outcomes;
}

} // namespace kthread::audit
