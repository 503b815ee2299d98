// kthread_stop() twice on one path, with no re-assignment in between.
//
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

struct ctrl {
	struct task_struct *poll;
	struct task_struct *irq;
	struct task_struct *per_cpu[4];
	int ncpus;
};

static int ctrl_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

extern int ctrl_hw_init(struct ctrl *c);
extern int ctrl_irq_init(struct ctrl *c);

/* The common shape: an inner error branch stops the thread, then falls to a
 * label of the goto ladder that stops it again. */
static int ctrl_probe(struct ctrl *c)
{
	int err;

	c->poll = kthread_run(ctrl_fn, c, "ctrl-poll");
	if (IS_ERR(c->poll))
		return PTR_ERR(c->poll);

	err = ctrl_hw_init(c);
	if (err) {
		kthread_stop(c->poll);
		goto err_poll;
	}
	err = ctrl_irq_init(c);
	if (err)
		goto err_poll;
	return 0;

err_poll:
	kthread_stop(c->poll);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 'c->poll' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-11]]:3: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-3]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	return err;
}

/* A stop in a loop body that runs more than once. */
static void ctrl_stop_twice_in_loop(struct ctrl *c, int rounds)
{
	int i;

	for (i = 0; i < rounds; i++)
		kthread_stop(c->irq);
	// CHECK: :[[@LINE-1]]:3: warning: 'kthread_stop' stops 'c->irq' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-2]]:3: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-3]]:3: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-4]]:3: note: likelihood: certain on any run that takes this path
}

/* A copy made after the first stop is the same stopped task. */
static void ctrl_stop_alias(struct ctrl *c)
{
	struct task_struct *t;

	kthread_stop(c->poll);
	t = c->poll;
	kthread_stop(t);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 't' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-4]]:2: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-3]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
}

/* A pinned task outlives its exit, but its second stop waits for an exit
 * completion the first one consumed: it hangs (pinned.c has more). */
static void ctrl_pinned(struct ctrl *c)
{
	struct task_struct *t = c->irq;

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

/* Clean look-alikes. */

static void ctrl_exclusive(struct ctrl *c, bool fast)
{
	/* Mutually exclusive branches. */
	if (fast)
		kthread_stop(c->poll);
	else
		kthread_stop(c->poll);
}

static void ctrl_guarded_and_cleared(struct ctrl *c)
{
	if (c->poll) {
		kthread_stop(c->poll);
		c->poll = NULL;
	}
	if (c->poll) {
		kthread_stop(c->poll);
		c->poll = NULL;
	}
}

static int ctrl_restart(struct ctrl *c)
{
	/* Stop, re-create, stop: two different tasks. */
	kthread_stop(c->poll);
	c->poll = kthread_run(ctrl_fn, c, "ctrl-poll");
	if (IS_ERR(c->poll))
		return PTR_ERR(c->poll);
	kthread_stop(c->poll);
	return 0;
}

static void ctrl_stop_all(struct ctrl *c)
{
	int i;

	/* Per-CPU threads stopped in a loop: each element once. */
	for (i = 0; i < c->ncpus; i++)
		kthread_stop(c->per_cpu[i]);
}


static void ctrl_two_tasks(struct ctrl *c)
{
	kthread_stop(c->poll);
	kthread_stop(c->irq);
}
