//===--- KthreadApi.cpp ---------------------------------------------------===//

#include "KthreadApi.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

namespace kthread {

const char DefaultCreateFunctions[] =
    "kthread_create;kthread_create_on_node;kthread_create_on_cpu;"
    "kthread_run;kthread_run_on_cpu;"
    "kthread_create_worker;kthread_create_worker_on_cpu;"
    "kthread_create_worker_on_node;"
    "kthread_run_worker;kthread_run_worker_on_cpu;kthread_run_worker_on_node";

const char DefaultErrCheckFunctions[] = "IS_ERR;IS_ERR_OR_NULL;PTR_ERR_OR_ZERO";

const char DefaultStopFunctions[] = "kthread_stop;kthread_stop_put";

const char DefaultStopCheckFunctions[] =
    "kthread_should_stop;kthread_freezable_should_stop";

std::vector<std::string> splitNameList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Names;
  for (llvm::StringRef Part : Parts)
    if (!Part.trim().empty())
      Names.push_back(Part.trim().str());
  return Names;
}

bool createsWorker(llvm::StringRef CreateName) {
  return CreateName.contains("worker");
}

bool createsWithoutStarting(llvm::StringRef CreateName) {
  return !CreateName.contains("_run");
}

std::optional<unsigned> consumedArgument(llvm::StringRef Callee) {
  return llvm::StringSwitch<std::optional<unsigned>>(Callee)
      .Cases("wake_up_process", "wake_up_state", "kthread_bind",
             "kthread_bind_mask", "kthread_park", "kthread_unpark", 0)
      .Cases("kthread_stop", "kthread_stop_put", "get_task_struct",
             "put_task_struct", "kthread_data", 0)
      .Cases("kthread_queue_work", "kthread_queue_delayed_work",
             "kthread_mod_delayed_work", "kthread_flush_worker",
             "kthread_destroy_worker", 0)
      .Cases("sched_setscheduler", "sched_setscheduler_nocheck",
             "sched_set_fifo", "sched_set_fifo_low", "sched_set_normal", 0)
      .Cases("set_user_nice", "set_cpus_allowed_ptr", "task_pid_nr", 0)
      .Case("send_sig", 1)
      .Default(std::nullopt);
}

} // namespace kthread
