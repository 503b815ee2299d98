// Task references: an exited thread nobody pins is freed at once and
// poisoned; kthread_stop() pins it while it waits; get_task_struct() keeps
// it past its exit; a use of the freed task names why it was freed.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation

#include <linux/kthread.h>
#include <linux/sched/task.h>

static int quick_fn(void *data)
{
	return 7; // CHECK-DAG: refcount.c:[[@LINE]]: stop-after-exit: 'kthread_stop' at refcount.c:[[#STOP:]] uses the task_struct of thread 'quick'{{.*}}returned 7 from its function
}

static int exit_fn(void *data)
{
	kthread_exit(3); // CHECK-DAG: refcount.c:[[@LINE]]: use-after-free: 'wake_up_process' at {{.*}} called 'kthread_exit' at refcount.c:[[@LINE]]
}

MODEL_SCENARIO(unpinned_exit)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick");
	model_run_for(1);
	MODEL_EXPECT(t->pid == 0x6b6b6b6b); /* poisoned */
	kthread_stop(t);
}

MODEL_SCENARIO(wake_after_exit)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(exit_fn, NULL, "exit");
	model_run_for(1);
	wake_up_process(t);
}

MODEL_SCENARIO(pinned)
{
	struct task_struct *t;
	int r1, r2;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick-pinned");
	get_task_struct(t);
	model_run_for(1);
	r1 = kthread_stop(t);
	r2 = kthread_stop(t);
	MODEL_EXPECT(r1 == 7 && r2 == 7);
	put_task_struct(t);
	put_task_struct(t); // CHECK-DAG: refcount.c:[[@LINE]]: use-after-free: 'put_task_struct' at refcount.c:[[@LINE]] uses the freed task_struct
}

MODEL_SCENARIO(stop_then_stop)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(model_stop_waiter, NULL, "waiter");
	kthread_stop(t);
	kthread_stop(t); // CHECK-DAG: refcount.c:[[@LINE]]: double-stop: 'kthread_stop' at refcount.c:[[@LINE]] stops thread 'waiter'{{.*}}the kthread_stop() at refcount.c:[[#@LINE-1]] already waited
}

/* kthread_stop_put() drops the caller's own pin after the stop. */
MODEL_SCENARIO(stop_put)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick-put");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(kthread_stop_put(t) == 7);
}
