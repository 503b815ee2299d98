// Seed example 2 (the chapter's "thread with cleanup", rewritten): the
// thread allocates its buffer and returns -ENOMEM when that fails, while
// remove stops it later. The model injects the allocation failure, sees the
// thread exit and its task_struct freed, then the stop use it.
//
// RUN: %model_run %s | FileCheck %s
// CHECK: cleanup-thread.c:[[#RET:]]: stop-after-exit: 'kthread_stop' at cleanup-thread.c:{{[0-9]+}} uses the task_struct of thread 'logger'{{.*}}returned -12{{.*}}kmalloc at cleanup-thread.c:{{[0-9]+}} fails
// CHECK: model: 1 scenario, 4 runs, 1 verdict

#include <linux/kthread.h>
#include <linux/slab.h>

struct logger {
	struct task_struct *thread;
};

static int logger_thread(void *data)
{
	char *buf = kmalloc(4096, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	kfree(buf);
	return 0;
}

MODEL_SCENARIO(start_stop)
{
	static struct logger lg;

	lg.thread = kthread_run(logger_thread, &lg, "logger");
	if (IS_ERR(lg.thread))
		return;
	model_run_for(HZ);
	kthread_stop(lg.thread);
}
