// A second kthread_stop() of a pinned task: the task_struct outlives the
// thread, but kthread_stop() waits for the completion the thread's exit
// signals once (complete_vfork_done(), kernel/fork.c), and the first stop
// consumed it (wait_for_completion(), kernel/sched/completion.c). The second
// stop never returns.
//
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

/* kthread_stop_put() (Linux 6.6) stops and drops the caller's reference. */
#ifndef kthread_stop_put
int kthread_stop_put(struct task_struct *k);
#endif

struct pump {
	struct task_struct *task;
	struct task_struct *aux;
};

static int pump_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

extern int pump_hw_reset(struct pump *p);

/* Pinned, stopped, stopped again: the second stop hangs. */
static void pump_stop_twice(struct task_struct *t)
{
	get_task_struct(t);
	kthread_stop(t);
	kthread_stop(t);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 't' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-4]]:2: note: the task is pinned here, so its task_struct stays allocated
	// CHECK: :[[@LINE-4]]:2: note: the first stop consumed the completion the thread's exit signals once
	// CHECK: :[[@LINE-4]]:2: note: so this stop waits for that completion forever: the caller hangs
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
	put_task_struct(t);
}

/* kthread_stop_put() after kthread_stop(): its own stop hangs. */
static void pump_stop_then_put(struct task_struct *t)
{
	get_task_struct(t);
	kthread_stop(t);
	kthread_stop_put(t);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop_put' stops 't' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-4]]:2: note: the task is pinned here, so its task_struct stays allocated
	// CHECK: :[[@LINE-4]]:2: note: the first stop consumed the completion the thread's exit signals once
	// CHECK: :[[@LINE-4]]:2: note: so this stop waits for that completion forever: the caller hangs
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
}

/* The pin is taken in start, the stops are in reset: an error path stops
 * the thread, then falls through to the common stop. */
static int pump_start(struct pump *p)
{
	p->task = kthread_run(pump_fn, p, "pump");
	if (IS_ERR(p->task))
		return PTR_ERR(p->task);
	get_task_struct(p->task);
	return 0;
}

static int pump_reset(struct pump *p)
{
	int err = pump_hw_reset(p);

	if (err)
		kthread_stop(p->task);
	kthread_stop(p->task);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 'p->task' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-12]]:2: note: the task is pinned here, so its task_struct stays allocated
	// CHECK: :[[@LINE-4]]:3: note: the first stop consumed the completion the thread's exit signals once
	// CHECK: :[[@LINE-4]]:2: note: so this stop waits for that completion forever: the caller hangs
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
	put_task_struct(p->task);
	p->task = NULL;
	return err;
}

/* Clean look-alikes. */

/* Stop, drop the pin, re-create, pin, stop: two different tasks. */
static int pump_restart(struct pump *p)
{
	get_task_struct(p->aux);
	kthread_stop(p->aux);
	put_task_struct(p->aux);
	p->aux = kthread_run(pump_fn, p, "pump-aux");
	if (IS_ERR(p->aux))
		return PTR_ERR(p->aux);
	get_task_struct(p->aux);
	kthread_stop(p->aux);
	put_task_struct(p->aux);
	p->aux = NULL;
	return 0;
}

/* One stop per path. */
static void pump_stop_once(struct task_struct *t, bool fast)
{
	get_task_struct(t);
	if (fast)
		kthread_stop(t);
	else
		kthread_stop(t);
	put_task_struct(t);
}

/* kthread_stop_put() alone is the documented way to stop a pinned task. */
static void pump_stop_put(struct task_struct *t)
{
	get_task_struct(t);
	kthread_stop_put(t);
}
