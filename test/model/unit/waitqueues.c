// Wait queues (include/linux/wait.h and kernel/sched/wait.c, Linux 6.1).
// wait_event*() tests the condition, then loops: prepare_to_wait_event()
// (queue, set the state), test again, schedule(); a wake-up with the
// condition still false sleeps again. prepare_to_wait_event() queues
// non-exclusive waiters at the head and exclusive ones at the tail, and
// __wake_up_common() wakes every waiter whose state matches the mode until
// nr exclusive ones are woken: wake_up() wakes all the non-exclusive
// waiters and one exclusive waiter, wake_up_all() every waiter,
// wake_up_interruptible() only TASK_INTERRUPTIBLE sleepers. The timed
// forms return the time left (at least 1) when the condition came true,
// and 0 on time-out.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=stop-hang

#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int go;
static int evals;
static int returned;

static int counting_fn(void *data)
{
	wait_event(wq, (evals++, go));
	returned = 1;
	return 0;
}

MODEL_SCENARIO(retests_condition)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(counting_fn, NULL, "counting");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(evals == 2); /* before queueing, then after */
	wake_up(&wq);
	model_run_for(1);
	MODEL_EXPECT(evals == 3 && !returned); /* asleep again */
	go = 1;
	wake_up(&wq);
	model_run_for(1);
	MODEL_EXPECT(evals == 4 && returned);
	kthread_stop(t);
	put_task_struct(t);
}

/* A condition already true: no sleep, even though nothing wakes it. */
MODEL_SCENARIO(true_condition)
{
	go = 1;
	wait_event(wq, (evals++, go));
	MODEL_EXPECT(evals == 1);
	MODEL_EXPECT(wait_event_timeout(wq, go, 7) == 7);
}

static int woken;

static int shared_fn(void *data)
{
	wait_event_interruptible(wq, go);
	woken++;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int exclusive_fn(void *data)
{
	wait_event_interruptible_exclusive(wq, go);
	woken++;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* The exclusive waiters queue first, yet wake_up() reaches both shared
 * ones: they sit at the head. */
MODEL_SCENARIO(exclusive)
{
	struct task_struct *t[4];
	int i;

	model_explore_faults(0);
	t[0] = kthread_run(exclusive_fn, NULL, "excl-1");
	t[1] = kthread_run(exclusive_fn, NULL, "excl-2");
	model_run_for(1);
	t[2] = kthread_run(shared_fn, NULL, "shared-1");
	t[3] = kthread_run(shared_fn, NULL, "shared-2");
	model_run_for(1);
	go = 1;
	wake_up(&wq);
	model_run_for(1);
	MODEL_EXPECT(woken == 3);
	wake_up(&wq);
	model_run_for(1);
	MODEL_EXPECT(woken == 4);
	for (i = 0; i < 4; i++)
		kthread_stop(t[i]);
}

MODEL_SCENARIO(wake_up_all)
{
	struct task_struct *t[2];

	model_explore_faults(0);
	t[0] = kthread_run(exclusive_fn, NULL, "excl-1");
	t[1] = kthread_run(exclusive_fn, NULL, "excl-2");
	model_run_for(1);
	go = 1;
	wake_up_all(&wq);
	model_run_for(1);
	MODEL_EXPECT(woken == 2);
	kthread_stop(t[0]);
	kthread_stop(t[1]);
}

static int uninterruptible_fn(void *data)
{
	wait_event(wq, go);
	woken += 10;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

MODEL_SCENARIO(wake_up_interruptible)
{
	struct task_struct *t[2];

	model_explore_faults(0);
	t[0] = kthread_run(uninterruptible_fn, NULL, "unint");
	t[1] = kthread_run(shared_fn, NULL, "int");
	model_run_for(1);
	go = 1;
	wake_up_interruptible(&wq);
	model_run_for(1);
	MODEL_EXPECT(woken == 1);
	wake_up(&wq);
	model_run_for(1);
	MODEL_EXPECT(woken == 11);
	kthread_stop(t[0]);
	kthread_stop(t[1]);
}

static long left;

static int timed_fn(void *data)
{
	left = wait_event_timeout(wq, go, 10);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

MODEL_SCENARIO(timed)
{
	struct task_struct *t;
	unsigned long start;

	model_explore_faults(0);
	start = jiffies;
	MODEL_EXPECT(wait_event_timeout(wq, go, 3) == 0);
	MODEL_EXPECT(jiffies == start + 3);
	t = kthread_run(timed_fn, NULL, "timed");
	model_run_for(2);
	go = 1;
	wake_up(&wq);
	model_run_for(1);
	MODEL_EXPECT(left == 8);
	kthread_stop(t);
}

// CHECK: model: 6 scenarios, 6 runs, 0 verdicts
