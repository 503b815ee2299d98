#include "Processes.h"

#include "llvm/Support/Program.h"
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kthread::audit {

// The handler may only read these: fixed slots, each set and cleared
// atomically, so that it never sees a half-registered entry.
static constexpr unsigned Slots = 2048;
static std::atomic<char *> PathSlots[Slots];
static std::atomic<pid_t> GroupSlots[Slots];
static const int CleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void onInterrupt(int Signal) {
  for (std::atomic<pid_t> &Group : GroupSlots)
    if (pid_t G = Group.load())
      ::kill(-G, SIGKILL);
  for (std::atomic<char *> &Path : PathSlots)
    if (char *P = Path.load())
      ::unlink(P);
  ::signal(Signal, SIG_DFL);
  ::raise(Signal);
}

void installInterruptCleanup() {
  struct sigaction Action;
  std::memset(&Action, 0, sizeof(Action));
  Action.sa_handler = onInterrupt;
  sigfillset(&Action.sa_mask);
  for (int Signal : CleanupSignals)
    ::sigaction(Signal, &Action, nullptr);
}

void resetInterruptCleanupInChild() {
  for (int Signal : CleanupSignals)
    ::signal(Signal, SIG_DFL);
}

void removeOnInterrupt(llvm::StringRef Path) {
  char *Copy = ::strdup(Path.str().c_str());
  for (std::atomic<char *> &Slot : PathSlots) {
    char *Empty = nullptr;
    if (Slot.compare_exchange_strong(Empty, Copy))
      return;
  }
  ::free(Copy); // Full: the path is only left behind by an interruption.
}

void forgetPath(llvm::StringRef Path) {
  for (std::atomic<char *> &Slot : PathSlots) {
    char *P = Slot.load();
    if (P && Path == P && Slot.compare_exchange_strong(P, nullptr)) {
      ::free(P);
      return;
    }
  }
}

void killOnInterrupt(pid_t Group) {
  for (std::atomic<pid_t> &Slot : GroupSlots) {
    pid_t Empty = 0;
    if (Slot.compare_exchange_strong(Empty, Group))
      return;
  }
}

void forgetProcess(pid_t Group) {
  for (std::atomic<pid_t> &Slot : GroupSlots) {
    pid_t G = Group;
    if (Slot.compare_exchange_strong(G, 0))
      return;
  }
}

static llvm::Error processError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

static int openOutput(llvm::StringRef Path) {
  return ::open(Path.str().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                0666);
}

llvm::Expected<int> runProgram(llvm::StringRef Program,
                               const std::vector<std::string> &Arguments,
                               const std::vector<std::string> &Environment,
                               llvm::StringRef StdoutPath,
                               llvm::StringRef StderrPath) {
  auto Found = llvm::sys::findProgramByName(Program);
  if (!Found)
    return processError("'" + Program + "' is not installed");
  std::vector<char *> Argv{const_cast<char *>(Found->c_str())};
  for (const std::string &A : Arguments)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  std::vector<char *> Envp;
  for (const std::string &E : Environment)
    Envp.push_back(const_cast<char *>(E.c_str()));
  Envp.push_back(nullptr);

  int Out = openOutput(StdoutPath);
  int Err = StdoutPath == StderrPath ? Out : openOutput(StderrPath);
  int In = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (Out < 0 || Err < 0 || In < 0)
    return processError("cannot write " + StdoutPath + ": " +
                        std::strerror(errno));
  pid_t Pid = ::fork();
  if (Pid == 0) {
    resetInterruptCleanupInChild();
    ::setpgid(0, 0);
    ::dup2(In, 0);
    ::dup2(Out, 1);
    ::dup2(Err, 2);
    ::execve(Argv[0], Argv.data(), Envp.data());
    ::_exit(127);
  }
  int ForkErrno = errno;
  ::close(In);
  ::close(Out);
  if (Err != Out)
    ::close(Err);
  if (Pid < 0)
    return processError("cannot start " + Program + ": " +
                        std::strerror(ForkErrno));
  // Both sides set the group, so that a signal finds it whichever runs first.
  ::setpgid(Pid, Pid);
  killOnInterrupt(Pid);
  int Status = 0;
  while (::waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
    ;
  forgetProcess(Pid);
  if (WIFSIGNALED(Status))
    return processError(Program + " was killed by signal " +
                        std::to_string(WTERMSIG(Status)));
  return WEXITSTATUS(Status);
}

} // namespace kthread::audit
