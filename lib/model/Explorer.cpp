//===--- Explorer.cpp - Runs, choices, verdicts and the driver's main -----===//
//
// The driver (main) runs each scenario once per combination of choices, each
// run in a forked child so that a crash or an oops ends only that run. A
// child reports the choices it met and the verdicts it found on a pipe; the
// parent explores the choices depth-first (a choice not in the replayed
// prefix takes its default, and every other value of it is queued as a new
// prefix), then symbolizes the verdicts' addresses into lines of the case
// with addr2line and prints one line per distinct bug.
//
//===----------------------------------------------------------------------===//

#include "Runtime.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <execinfo.h>
#include <fstream>
#include <link.h>
#include <map>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace kthread_model;

namespace {

struct Scenario {
  std::string Name;
  model_scenario_fn Fn;
  Site Where;
};

std::vector<Scenario> &scenarios() {
  static std::vector<Scenario> All;
  return All;
}

uintptr_t loadBias() {
  static uintptr_t Bias = [] {
    uintptr_t B = 0;
    dl_iterate_phdr(
        [](dl_phdr_info *Info, size_t, void *Out) {
          *static_cast<uintptr_t *>(Out) = Info->dlpi_addr;
          return 1; // The first object is the executable.
        },
        &B);
    return B;
  }();
  return Bias;
}

std::string hex(uintptr_t V) {
  char Buf[32];
  snprintf(Buf, sizeof(Buf), "%lx", static_cast<unsigned long>(V));
  return Buf;
}

std::string clean(std::string S) {
  for (char &C : S)
    if (C == '\t' || C == '\n' || C == '|')
      C = ' ';
  return S;
}

} // namespace

namespace kthread_model {

Stack captureStack() {
  void *Buf[48];
  int N = backtrace(Buf, 48);
  Stack Out;
  for (int I = 1; I < N; ++I)
    Out.push_back(reinterpret_cast<uintptr_t>(Buf[I]) - 1);
  return Out;
}

void writeRecord(const std::string &Line) {
  std::string L = Line + "\n";
  const char *P = L.data();
  size_t Left = L.size();
  while (Left) {
    ssize_t N = write(Kernel::get().OutFd, P, Left);
    if (N <= 0)
      return;
    P += N;
    Left -= N;
  }
}

Report &Report::site(const char *Group, Site S) {
  if (S && S.Line > 0)
    for (auto &G : Groups)
      if (G.first == Group) {
        G.second.push_back("L" + std::to_string(S.Line) + "@" + S.File);
        return *this;
      }
  if (S && S.Line > 0)
    Groups.push_back(
        {Group, {"L" + std::to_string(S.Line) + "@" + std::string(S.File)}});
  return *this;
}

Report &Report::pcs(const char *Group, const std::vector<uintptr_t> &Pcs) {
  std::vector<std::string> *Entries = nullptr;
  for (auto &G : Groups)
    if (G.first == Group)
      Entries = &G.second;
  if (!Entries) {
    Groups.push_back({Group, {}});
    Entries = &Groups.back().second;
  }
  for (uintptr_t Pc : Pcs)
    Entries->push_back("P" + hex(Pc - loadBias()));
  return *this;
}

Report &Report::stack(const char *Group, const Stack &St) {
  return pcs(Group, St);
}

void Report::emit() {
  std::string Line = "V\t" + Kind + "\t" + clean(Message) + "\t";
  for (size_t I = 0; I < Groups.size(); ++I) {
    if (I)
      Line += "|";
    Line += Groups[I].first + "=";
    for (size_t J = 0; J < Groups[I].second.size(); ++J)
      Line += (J ? ";" : "") + Groups[I].second[J];
  }
  writeRecord(Line);
  Kernel::get().log("verdict %s: %s\n", Kind.c_str(), Message.c_str());
}

int Kernel::choose(int N, ChoiceClass Class, const std::string &What) {
  int C = int(Class);
  if (N <= 1 || Used[C] >= Budget[C])
    return 0;
  size_t I = ChoiceIndex++;
  int V = I < Prefix.size() ? Prefix[I] : 0;
  if (V >= N)
    V = 0;
  if (V)
    ++Used[C];
  writeRecord("C\t" + std::to_string(N) + "\t" + std::to_string(V) + "\t" +
              clean(What));
  return V;
}

bool Kernel::faultPoint(const char *Api, Site S) {
  int Nth = ++ApiCalls[Api];
  bool Fail;
  if (!FailApi.empty())
    Fail = FailApi == Api && Nth == FailNth;
  else
    Fail = choose(2, ChoiceClass::Fault,
                  std::string(Api) + " at " + S.str() + " fails");
  bool Creation = strncmp(Api, "kthread_", 8) == 0;
  if (Fail && Creation) {
    FaultSeen = true;
    FaultTask = Current;
    FaultSeq = Seq;
    FaultSite = S;
    FaultStack = captureStack();
    FaultApi = Api;
  }
  return Fail;
}

int Kernel::creationError(const char *Api, Site S) {
  // __kthread_create_on_node() (kernel/kthread.c) fails with -ENOMEM, or
  // with -EINTR when the creating task is killed while it waits for
  // kthreadd (wait_for_completion_killable()).
  FaultError =
      choose(2, ChoiceClass::Extern,
             std::string(Api) + " at " + S.str() + " fails with -EINTR")
          ? EIntr
          : ENoMem;
  return FaultError;
}

} // namespace kthread_model

extern "C" void model_register_scenario(const char *Name, model_scenario_fn Fn,
                                        const char *File, int Line) {
  Site S;
  S.File = File;
  S.Line = Line;
  scenarios().push_back({Name, Fn, S});
}

namespace {

/// An oops in the case: report what was dereferenced and end the run.
void onFault(int Sig, siginfo_t *Info, void *Context) {
  Kernel &K = Kernel::get();
  auto Addr = reinterpret_cast<uintptr_t>(Info->si_addr);
  auto *Uc = static_cast<ucontext_t *>(Context);
  auto Pc = static_cast<uintptr_t>(Uc->uc_mcontext.gregs[REG_RIP]);
  std::string Who = K.Current ? describe(K.Current) : "the model";
  std::string Kind = "oops";
  std::string What = "an invalid address (" + hex(Addr) + ")";
  // An ERR_PTR plus a field's offset: ERR_PTR(-EINTR)->pid lands just
  // above 0, where a NULL dereference would too.
  bool NearFailedCreation =
      K.FaultSeen && K.FaultError &&
      Addr - static_cast<uintptr_t>(-static_cast<long>(K.FaultError)) < 8192;
  if (Addr >= static_cast<uintptr_t>(-8192) || NearFailedCreation) {
    Kind = "err-ptr-deref";
    What = "an ERR_PTR";
  } else if ((Addr >> 32) == 0x6b6b6b6b) {
    Kind = "use-after-free";
    What = "a freed (poisoned) object";
  } else if (Addr < 4096) {
    Kind = "null-deref";
    What = "NULL";
  }
  Report R(Kind, "");
  std::string Why;
  if (Kind == "err-ptr-deref")
    addFaultEvidence(R, Why);
  R.Message = Who + " dereferences " + What + Why + ": the kernel oopses";
  R.pcs("site", {Pc});
  R.stack("site", captureStack());
  R.emit();
  writeRecord("X");
  _exit(0);
}

void onAlarm(int) {
  writeRecord("V\thost-timeout\tthe run took more than 30 s of host time\t");
  writeRecord("X");
  _exit(0);
}

struct Choice {
  int N;
  int V;
  std::string What;
};

struct RawVerdict {
  std::string Kind;
  std::string Message;
  std::map<std::string, std::vector<std::string>> Groups;
  std::string Scenario;
  std::string Choices;
  std::string Replay;
};

struct RunResult {
  std::vector<Choice> Choices;
  std::vector<RawVerdict> Verdicts;
  bool Ended = false;
};

struct Options {
  std::string Subject;
  std::string OnlyScenario;
  std::vector<int> Replay;
  bool HasReplay = false;
  std::string FailApi;
  int FailNth = 0;
  int MaxRuns = 3000;
  bool Verbose = false;
};

std::vector<std::string> split(const std::string &S, char Sep) {
  std::vector<std::string> Out;
  size_t Start = 0;
  for (;;) {
    size_t End = S.find(Sep, Start);
    Out.push_back(S.substr(Start, End - Start));
    if (End == std::string::npos)
      return Out;
    Start = End + 1;
  }
}

void parseRecord(const std::string &Line, RunResult &R) {
  std::vector<std::string> F = split(Line, '\t');
  if (F[0] == "X") {
    R.Ended = true;
  } else if (F[0] == "C" && F.size() >= 4) {
    R.Choices.push_back({std::stoi(F[1]), std::stoi(F[2]), F[3]});
  } else if (F[0] == "V" && F.size() >= 3) {
    RawVerdict V;
    V.Kind = F[1];
    V.Message = F[2];
    if (F.size() >= 4 && !F[3].empty())
      for (const std::string &G : split(F[3], '|')) {
        size_t Eq = G.find('=');
        if (Eq == std::string::npos)
          continue;
        std::vector<std::string> &Entries = V.Groups[G.substr(0, Eq)];
        if (Eq + 1 < G.size())
          for (const std::string &E : split(G.substr(Eq + 1), ';'))
            Entries.push_back(E);
      }
    R.Verdicts.push_back(V);
  }
}

RunResult runOnce(const Scenario &S, const std::vector<int> &Prefix,
                  const Options &O) {
  int Fds[2];
  if (pipe(Fds) != 0) {
    perror("pipe");
    exit(2);
  }
  fflush(stdout);
  fflush(stderr);
  pid_t Pid = fork();
  if (Pid == 0) {
    close(Fds[0]);
    Kernel &K = Kernel::get();
    K.OutFd = Fds[1];
    K.Prefix = Prefix;
    K.FailApi = O.FailApi;
    K.FailNth = O.FailNth;
    K.Verbose = O.Verbose;
    static char AltStack[64 * 1024];
    stack_t Ss = {};
    Ss.ss_sp = AltStack;
    Ss.ss_size = sizeof(AltStack);
    sigaltstack(&Ss, nullptr);
    struct sigaction Sa = {};
    Sa.sa_sigaction = onFault;
    Sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &Sa, nullptr);
    sigaction(SIGBUS, &Sa, nullptr);
    signal(SIGALRM, onAlarm);
    alarm(30);
    K.runScenario(S.Fn);
    writeRecord("X");
    fflush(stderr);
    _exit(0);
  }
  close(Fds[1]);
  RunResult R;
  std::string Buf;
  char Chunk[4096];
  ssize_t N;
  while ((N = read(Fds[0], Chunk, sizeof(Chunk))) > 0)
    Buf.append(Chunk, N);
  close(Fds[0]);
  int Status = 0;
  waitpid(Pid, &Status, 0);
  for (const std::string &Line : split(Buf, '\n'))
    if (!Line.empty())
      parseRecord(Line, R);
  return R;
}

std::string describeChoices(const std::vector<Choice> &Cs) {
  std::string Out;
  for (const Choice &C : Cs)
    if (C.V)
      Out += (Out.empty() ? "" : "; ") + C.What +
             (C.N > 2 ? " (choice " + std::to_string(C.V) + ")" : "");
  return Out;
}

std::string replayOf(const std::vector<Choice> &Cs) {
  size_t Last = 0;
  for (size_t I = 0; I < Cs.size(); ++I)
    if (Cs[I].V)
      Last = I + 1;
  std::string Out;
  for (size_t I = 0; I < Last; ++I)
    Out += (I ? "," : "") + std::to_string(Cs[I].V);
  return Out.empty() ? "-" : Out;
}

/// Every run of one scenario, depth-first over its choices.
std::vector<RawVerdict> explore(const Scenario &S, const Options &O, int &Runs,
                                bool &Truncated) {
  std::vector<RawVerdict> Found;
  std::vector<std::vector<int>> Work;
  Work.push_back(O.HasReplay ? O.Replay : std::vector<int>());
  while (!Work.empty()) {
    if (Runs >= O.MaxRuns) {
      Truncated = true;
      break;
    }
    std::vector<int> Prefix = Work.back();
    Work.pop_back();
    RunResult R = runOnce(S, Prefix, O);
    ++Runs;
    if (!R.Ended)
      R.Verdicts.push_back({"crash",
                            "the run ended without finishing (the model or "
                            "the case crashed)",
                            {},
                            "",
                            "",
                            ""});
    for (RawVerdict &V : R.Verdicts) {
      V.Scenario = S.Name;
      V.Choices = describeChoices(R.Choices);
      V.Replay = replayOf(R.Choices);
      Found.push_back(V);
    }
    if (O.HasReplay || !O.FailApi.empty())
      break;
    for (size_t J = R.Choices.size(); J-- > Prefix.size();) {
      for (int V = R.Choices[J].N - 1; V >= 1; --V) {
        std::vector<int> Next;
        for (size_t I = 0; I < J; ++I)
          Next.push_back(R.Choices[I].V);
        Next.push_back(V);
        Work.push_back(Next);
      }
    }
  }
  return Found;
}

struct Location {
  std::string Function;
  std::string File;
  int Line = 0;
};

std::string realPath(const std::string &P) {
  static std::map<std::string, std::string> Cache;
  auto It = Cache.find(P);
  if (It != Cache.end())
    return It->second;
  char Buf[4096];
  std::string R = realpath(P.c_str(), Buf) ? Buf : P;
  Cache[P] = R;
  return R;
}

/// addr2line over every address of every verdict, in one call.
std::map<std::string, Location>
symbolize(const std::vector<RawVerdict> &Verdicts) {
  std::set<std::string> Addrs;
  for (const RawVerdict &V : Verdicts)
    for (auto &G : V.Groups)
      for (const std::string &E : G.second)
        if (!E.empty() && E[0] == 'P')
          Addrs.insert(E.substr(1));
  std::map<std::string, Location> Out;
  if (Addrs.empty())
    return Out;
  char Exe[4096];
  ssize_t N = readlink("/proc/self/exe", Exe, sizeof(Exe) - 1);
  if (N <= 0)
    return Out;
  Exe[N] = 0;
  char Tmp[] = "/tmp/model-addrs-XXXXXX";
  int Fd = mkstemp(Tmp);
  std::vector<std::string> Order(Addrs.begin(), Addrs.end());
  std::string Text;
  for (const std::string &A : Order)
    Text += "0x" + A + "\n";
  if (write(Fd, Text.data(), Text.size()) < 0)
    perror("write");
  close(Fd);
  std::string Cmd = "addr2line -f -e '" + std::string(Exe) + "' < " + Tmp;
  FILE *P = popen(Cmd.c_str(), "r");
  char Line[8192];
  for (const std::string &A : Order) {
    Location L;
    if (!fgets(Line, sizeof(Line), P))
      break;
    L.Function = strtok(Line, "\n") ? Line : "";
    if (!fgets(Line, sizeof(Line), P))
      break;
    std::string Pos = Line;
    Pos = Pos.substr(0, Pos.find_first_of(" \n"));
    size_t Colon = Pos.rfind(':');
    if (Colon != std::string::npos) {
      L.File = Pos.substr(0, Colon);
      L.Line = atoi(Pos.c_str() + Colon + 1);
    }
    Out[A] = L;
  }
  pclose(P);
  unlink(Tmp);
  return Out;
}

std::string selfExe() {
  char Exe[4096];
  ssize_t N = readlink("/proc/self/exe", Exe, sizeof(Exe) - 1);
  if (N <= 0)
    return "";
  Exe[N] = 0;
  return Exe;
}

struct Insn {
  uintptr_t Addr;
  std::string File;
  int Line;
  bool EndsBlock;
};

/// The instructions of the executable between two addresses, with their
/// source lines (objdump -d -l). A trace-pc address names the start of a
/// basic block; its other lines (a condition evaluated after a call in the
/// same block) are only found here.
std::vector<Insn> disassemble(uintptr_t From, uintptr_t To) {
  std::vector<Insn> Out;
  std::string Cmd = "objdump -d -l --no-show-raw-insn --start-address=0x" +
                    hex(From) + " --stop-address=0x" + hex(To) + " '" +
                    selfExe() + "' 2>/dev/null";
  FILE *P = popen(Cmd.c_str(), "r");
  if (!P)
    return Out;
  char Buf[8192];
  std::string File;
  int Line = 0;
  while (fgets(Buf, sizeof(Buf), P)) {
    std::string L = Buf;
    if (!L.empty() && L.back() == '\n')
      L.pop_back();
    if (!L.empty() && L[0] == '/') {
      std::string Pos = L.substr(0, L.find(' '));
      size_t Colon = Pos.rfind(':');
      if (Colon != std::string::npos) {
        File = Pos.substr(0, Colon);
        Line = atoi(Pos.c_str() + Colon + 1);
      }
      continue;
    }
    size_t Colon = L.find(":\t");
    if (L.empty() || L[0] != ' ' || Colon == std::string::npos)
      continue;
    uintptr_t Addr = strtoul(L.c_str(), nullptr, 16);
    std::string Text = L.substr(Colon + 2);
    bool Ends = Text[0] == 'j' || Text.rfind("ret", 0) == 0 ||
                Text.find("__sanitizer_cov_trace_pc") != std::string::npos;
    Out.push_back({Addr, File, Line, Ends});
  }
  pclose(P);
  return Out;
}

struct Verdict {
  RawVerdict Raw;
  int Primary = 0;
  std::string PrimaryFile;
  std::vector<int> Lines;
};

class Renderer {
public:
  Renderer(std::string Subject, std::map<std::string, Location> Syms,
           std::vector<Insn> Code)
      : Subject(std::move(Subject)), Syms(std::move(Syms)),
        Code(std::move(Code)) {
    SubjectReal = realPath(this->Subject);
    std::ifstream In(this->Subject);
    std::string L;
    while (std::getline(In, L))
      Source.push_back(L);
  }

  Verdict render(const RawVerdict &R) const {
    Verdict V;
    V.Raw = R;
    std::vector<int> Site = lines(R, "site", {});
    // The path counts only in the functions named by "fn": the thread
    // function, or the creation's function and its callers.
    std::set<std::string> Fns;
    auto FnIt = R.Groups.find("fn");
    if (FnIt != R.Groups.end())
      for (const std::string &E : FnIt->second) {
        Location L = locate(E);
        if (isSubject(L.File))
          Fns.insert(L.Function);
      }
    std::vector<int> Path = trimEpilogue(lines(R, "path", Fns));
    std::vector<int> Spin = lines(R, "spin", {});
    // Where a use-after-stop's task was freed: its stop and the callers.
    std::vector<int> Freed = lines(R, "freed", {});
    std::vector<int> ErrPath = errPath(R, Fns);
    std::sort(Spin.begin(), Spin.end());
    Spin.erase(std::unique(Spin.begin(), Spin.end()), Spin.end());
    if (!Site.empty())
      V.Primary = Site.front();
    else if (!Path.empty())
      V.Primary = Path.back();
    else if (!ErrPath.empty())
      V.Primary = ErrPath.front();
    else if (!Spin.empty())
      V.Primary = Spin.front();
    for (const auto *Group : {&Site, &ErrPath, &Path, &Spin, &Freed})
      for (int L : *Group)
        if (std::find(V.Lines.begin(), V.Lines.end(), L) == V.Lines.end())
          V.Lines.push_back(L);
    V.PrimaryFile = Subject;
    if (!V.Primary)
      otherFileSite(R, V);
    return V;
  }

private:
  std::string Subject;
  std::string SubjectReal;
  std::map<std::string, Location> Syms;
  std::vector<Insn> Code;

  /// The subject lines of the basic block that starts at (or contains)
  /// \p Pc, up to its branch.
  void blockLines(uintptr_t Pc, std::vector<int> &Out) const {
    auto It =
        std::lower_bound(Code.begin(), Code.end(), Pc,
                         [](const Insn &I, uintptr_t A) { return I.Addr < A; });
    for (bool First = true; It != Code.end(); ++It, First = false) {
      if (!First && It->EndsBlock && It->File.empty())
        break;
      if (isSubject(It->File) && It->Line > 0 &&
          (Out.empty() || Out.back() != It->Line))
        Out.push_back(It->Line);
      if (!First && It->EndsBlock)
        break;
    }
  }

  /// What the task that saw a creation fail ran next: the rest of the
  /// block of each of its calls in the case (fn), then the blocks it
  /// entered (errpath), in the creation's function and its callers.
  std::vector<int> errPath(const RawVerdict &R,
                           const std::set<std::string> &Fns) const {
    std::vector<int> Out;
    auto FnIt = R.Groups.find("fn");
    if (FnIt != R.Groups.end())
      for (const std::string &E : FnIt->second) {
        Location L = locate(E);
        if (E[0] == 'P' && isSubject(L.File))
          blockLines(strtoul(E.c_str() + 1, nullptr, 16) + 1, Out);
      }
    auto It = R.Groups.find("errpath");
    if (It != R.Groups.end())
      for (const std::string &E : It->second) {
        Location L = locate(E);
        if (E[0] == 'P' && isSubject(L.File) && Fns.count(L.Function))
          blockLines(strtoul(E.c_str() + 1, nullptr, 16), Out);
      }
    return Out;
  }
  std::vector<std::string> Source;

  bool isSubject(const std::string &File) const {
    return !File.empty() && realPath(File) == SubjectReal;
  }

  Location locate(const std::string &E) const {
    Location L;
    if (E.empty())
      return L;
    if (E[0] == 'L') {
      size_t At = E.find('@');
      L.Line = atoi(E.c_str() + 1);
      L.File = E.substr(At + 1);
      return L;
    }
    auto It = Syms.find(E.substr(1));
    return It == Syms.end() ? L : It->second;
  }

  std::vector<int> lines(const RawVerdict &R, const char *Group,
                         const std::set<std::string> &Fns) const {
    std::vector<int> Out;
    auto It = R.Groups.find(Group);
    if (It == R.Groups.end())
      return Out;
    bool Ordered = std::string(Group) == "path";
    for (const std::string &E : It->second) {
      Location L = locate(E);
      if (!isSubject(L.File) || L.Line <= 0)
        continue;
      if (!Fns.empty() && E[0] == 'P' && !Fns.count(L.Function))
        continue;
      if (Ordered ? (!Out.empty() && Out.back() == L.Line)
                  : std::find(Out.begin(), Out.end(), L.Line) != Out.end())
        continue;
      Out.push_back(L.Line);
    }
    return Out;
  }

  std::string text(int Line) const {
    if (Line <= 0 || Line > int(Source.size()))
      return "";
    std::string S = Source[Line - 1];
    size_t B = S.find_first_not_of(" \t");
    return B == std::string::npos ? "" : S.substr(B);
  }

  /// gcc gives a function's shared epilogue the line of its last return
  /// statement (or of its closing brace), so a path through an earlier
  /// return ends with that line too; drop it.
  std::vector<int> trimEpilogue(std::vector<int> Path) const {
    while (Path.size() >= 2) {
      std::string Last = text(Path.back());
      std::string Before = text(Path[Path.size() - 2]);
      bool LastIsEnd = Last.rfind("return", 0) == 0 || Last == "}";
      bool BeforeIsEnd = Before.rfind("return", 0) == 0 ||
                         Before.rfind("kthread_exit", 0) == 0 ||
                         Before.rfind("kthread_complete_and_exit", 0) == 0;
      if (!(LastIsEnd && (BeforeIsEnd || Last == "}")))
        break;
      Path.pop_back();
    }
    return Path;
  }

  void otherFileSite(const RawVerdict &R, Verdict &V) const {
    auto It = R.Groups.find("site");
    if (It == R.Groups.end())
      return;
    for (const std::string &E : It->second) {
      Location L = locate(E);
      if (L.Line > 0 && L.File.find("lib/model/") == std::string::npos &&
          L.File.find('/') != std::string::npos) {
        V.PrimaryFile = L.File;
        V.Primary = L.Line;
        return;
      }
    }
  }
};

void usage() {
  fprintf(stderr,
          "usage: <case-binary> [--subject FILE] [--scenario NAME] "
          "[--replay V,V,...] [--fail API:N] [--max-runs N] [-v] [--list]\n");
}

} // namespace

int main(int Argc, char **Argv) {
  Options O;
  bool List = false;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    auto Next = [&]() -> std::string {
      if (I + 1 >= Argc) {
        usage();
        exit(2);
      }
      return Argv[++I];
    };
    if (A == "--subject") {
      O.Subject = Next();
    } else if (A == "--scenario") {
      O.OnlyScenario = Next();
    } else if (A == "--replay") {
      O.HasReplay = true;
      std::string R = Next();
      if (R != "-")
        for (const std::string &V : split(R, ','))
          O.Replay.push_back(atoi(V.c_str()));
    } else if (A == "--fail") {
      std::string F = Next();
      size_t Colon = F.find(':');
      O.FailApi = F.substr(0, Colon);
      O.FailNth = Colon == std::string::npos ? 1 : atoi(F.c_str() + Colon + 1);
    } else if (A == "--max-runs") {
      O.MaxRuns = atoi(Next().c_str());
    } else if (A == "-v") {
      O.Verbose = true;
    } else if (A == "--list") {
      List = true;
    } else {
      usage();
      return 2;
    }
  }
  if (List) {
    for (const Scenario &S : scenarios())
      printf("%s\n", S.Name.c_str());
    return 0;
  }
  if (O.Subject.empty() && !scenarios().empty())
    O.Subject = scenarios().front().Where.File;
  std::vector<RawVerdict> All;
  int Runs = 0;
  bool Truncated = false;
  int Scenarios = 0;
  for (const Scenario &S : scenarios()) {
    if (!O.OnlyScenario.empty() && S.Name != O.OnlyScenario)
      continue;
    ++Scenarios;
    int Before = Runs;
    bool Cut = false;
    std::vector<RawVerdict> Found = explore(S, O, Runs, Cut);
    Truncated |= Cut;
    printf("model: scenario '%s': %d run%s%s\n", S.Name.c_str(), Runs - Before,
           Runs - Before == 1 ? "" : "s",
           Cut ? " (exploration cut short)" : "");
    All.insert(All.end(), Found.begin(), Found.end());
  }
  // Only the blocks after an injected creation failure are disassembled.
  uintptr_t Lo = UINTPTR_MAX, Hi = 0;
  for (const RawVerdict &R : All)
    for (const char *G : {"fn", "errpath"}) {
      auto It = R.Groups.find(G);
      if (It != R.Groups.end() && R.Groups.count("errpath"))
        for (const std::string &E : It->second)
          if (!E.empty() && E[0] == 'P') {
            uintptr_t A = strtoul(E.c_str() + 1, nullptr, 16);
            Lo = std::min(Lo, A);
            Hi = std::max(Hi, A);
          }
    }
  std::vector<Insn> Code;
  if (Hi)
    Code = disassemble(Lo, Hi + 512);
  Renderer Render(O.Subject, symbolize(All), std::move(Code));
  std::vector<Verdict> Unique;
  std::set<std::string> Seen;
  for (const RawVerdict &R : All) {
    Verdict V = Render.render(R);
    std::string Key =
        R.Kind + ":" + V.PrimaryFile + ":" + std::to_string(V.Primary);
    for (int L : V.Lines)
      Key += "," + std::to_string(L);
    if (!V.Primary)
      Key += R.Message;
    if (Seen.insert(Key).second)
      Unique.push_back(V);
  }
  std::stable_sort(
      Unique.begin(), Unique.end(),
      [](const Verdict &A, const Verdict &B) { return A.Primary < B.Primary; });
  for (const Verdict &V : Unique) {
    std::string Lines;
    for (int L : V.Lines)
      Lines += (Lines.empty() ? "" : " ") + std::to_string(L);
    printf("%s:%d: %s: %s [scenario '%s'%s%s; replay %s] {lines: %s}\n",
           V.PrimaryFile.c_str(), V.Primary, V.Raw.Kind.c_str(),
           V.Raw.Message.c_str(), V.Raw.Scenario.c_str(),
           V.Raw.Choices.empty() ? "" : "; ", V.Raw.Choices.c_str(),
           V.Raw.Replay.c_str(), Lines.c_str());
  }
  printf("model: %d scenario%s, %d run%s, %zu verdict%s%s\n", Scenarios,
         Scenarios == 1 ? "" : "s", Runs, Runs == 1 ? "" : "s", Unique.size(),
         Unique.size() == 1 ? "" : "s",
         Truncated ? " (exploration cut short)" : "");
  return 0;
}
