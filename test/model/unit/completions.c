// Completions (kernel/sched/completion.c, Linux 6.1). complete() adds one
// to done and wakes the first waiter; complete_all() sets done to UINT_MAX
// and wakes every waiter; a wait that returns takes one from done (not from
// UINT_MAX). wait_for_completion_timeout() returns 0 on time-out, else the
// time left, at least 1; the interruptible and killable forms return
// -ERESTARTSYS on a signal their state admits (see stop-semantics.c);
// reinit_completion() sets done to 0.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=stop-hang

#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

static struct completion c;
static int order[4];
static int n;

static int waiter_fn(void *data)
{
	wait_for_completion(&c);
	order[n++] = (long)data;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

MODEL_SCENARIO(complete_wakes_one)
{
	struct task_struct *a, *b;

	model_explore_faults(0);
	init_completion(&c);
	a = kthread_run(waiter_fn, (void *)1L, "waiter-1");
	b = kthread_run(waiter_fn, (void *)2L, "waiter-2");
	model_run_for(1);
	complete(&c);
	model_run_for(1);
	/* One waiter, the first to queue, and it took the completion. */
	MODEL_EXPECT(n == 1 && order[0] == 1);
	MODEL_EXPECT(c.done == 0);
	complete(&c);
	model_run_for(1);
	MODEL_EXPECT(n == 2 && order[1] == 2);
	kthread_stop(a);
	kthread_stop(b);
}

MODEL_SCENARIO(complete_all_wakes_all)
{
	struct task_struct *a, *b;

	model_explore_faults(0);
	init_completion(&c);
	a = kthread_run(waiter_fn, (void *)1L, "waiter-1");
	b = kthread_run(waiter_fn, (void *)2L, "waiter-2");
	model_run_for(1);
	complete_all(&c);
	model_run_for(1);
	MODEL_EXPECT(n == 2);
	/* done stays UINT_MAX: waits no longer consume it. */
	MODEL_EXPECT(c.done == ~0u);
	wait_for_completion(&c);
	MODEL_EXPECT(c.done == ~0u);
	reinit_completion(&c);
	MODEL_EXPECT(wait_for_completion_timeout(&c, 2) == 0);
	kthread_stop(a);
	kthread_stop(b);
}

/* done counts complete() calls; each wait takes one without sleeping. */
MODEL_SCENARIO(done_counts)
{
	unsigned long start;

	model_explore_faults(0);
	init_completion(&c);
	complete(&c);
	complete(&c);
	MODEL_EXPECT(c.done == 2);
	start = jiffies;
	wait_for_completion(&c);
	MODEL_EXPECT(wait_for_completion_timeout(&c, 5) == 5);
	MODEL_EXPECT(c.done == 0 && jiffies == start);
	MODEL_EXPECT(wait_for_completion_timeout(&c, 3) == 0);
	MODEL_EXPECT(jiffies == start + 3);
}

static int completer_fn(void *data)
{
	schedule_timeout_uninterruptible(2);
	complete(&c);
	return 0;
}

/* Completed two jiffies into a ten-jiffy wait: eight are left. */
MODEL_SCENARIO(timeout_left)
{
	struct task_struct *t;

	model_explore_faults(0);
	init_completion(&c);
	t = kthread_run(completer_fn, NULL, "completer");
	MODEL_EXPECT(wait_for_completion_timeout(&c, 10) == 8);
}

// CHECK: model: 4 scenarios, 4 runs, 0 verdicts
