// Seed example 4 (the chapter's kthread_worker, rewritten): probe creates a
// worker, the driver queues work, remove destroys the worker; the broken
// variant's probe only logs a failed creation and returns 0, so remove
// destroys an ERR_PTR.
//
// RUN: %model_run %s | FileCheck %s
// CHECK: worker-remove.c:{{[0-9]+}}: err-ptr-task: 'kthread_destroy_worker' at worker-remove.c:[[#]] is given ERR_PTR(-12) as a kthread_worker (the ERR_PTR of the failed 'kthread_create_worker' at worker-remove.c:{{[0-9]+}}){{.*}}scenario 'broken'
// CHECK: model: 2 scenarios, {{[0-9]+}} runs, 1 verdict

#include <linux/kthread.h>

struct proc_dev {
	struct kthread_worker *worker;
	struct kthread_work work;
	int done;
};

static void process_fn(struct kthread_work *work)
{
	struct proc_dev *pd = container_of(work, struct proc_dev, work);

	pd->done++;
}

static int proc_probe(struct proc_dev *pd)
{
	pd->worker = kthread_create_worker(0, "proc");
	if (IS_ERR(pd->worker))
		return PTR_ERR(pd->worker);
	kthread_init_work(&pd->work, process_fn);
	return 0;
}

static int proc_probe_broken(struct proc_dev *pd)
{
	pd->worker = kthread_create_worker(0, "proc");
	if (IS_ERR(pd->worker))
		pr_warn("no worker\n");
	kthread_init_work(&pd->work, process_fn);
	return 0;
}

static void proc_remove(struct proc_dev *pd)
{
	kthread_destroy_worker(pd->worker);
}

MODEL_SCENARIO(good)
{
	struct proc_dev pd = { 0 };

	if (proc_probe(&pd))
		return;
	kthread_queue_work(pd.worker, &pd.work);
	kthread_flush_worker(pd.worker);
	MODEL_EXPECT(pd.done == 1);
	proc_remove(&pd);
}

MODEL_SCENARIO(broken)
{
	struct proc_dev pd = { 0 };

	if (proc_probe_broken(&pd))
		return;
	proc_remove(&pd);
}
