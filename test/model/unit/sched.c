// schedule(), set_current_state() and wake-ups (kernel/sched/core.c,
// Linux 6.1). try_to_wake_up() sets a task whose state matches the mode
// TASK_RUNNING and returns 1, also when the task has not reached schedule()
// yet; it returns 0 for a running task. __schedule() does not put a
// TASK_RUNNING task to sleep. So a waker that runs between the sleeper's
// set_current_state() and its schedule() is not lost, while one that runs
// before the sleeper's set_current_state() is: the sleeper then sleeps
// with its event pending.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=stop-hang

#include <linux/kthread.h>
#include <linux/sched/task.h>

static int self_wake[2];
static int self_woke;

static int self_wake_fn(void *data)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	self_wake[0] = wake_up_process(current);
	schedule(); /* TASK_RUNNING again: returns at once */
	self_wake[1] = wake_up_process(current);
	self_woke = 1;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

MODEL_SCENARIO(wake_before_schedule)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(self_wake_fn, NULL, "self-wake");
	model_run_for(HZ);
	MODEL_EXPECT(self_woke);
	MODEL_EXPECT(self_wake[0] == 1 && self_wake[1] == 0);
	kthread_stop(t);
}

static volatile int event;
static int handled;
static int spins;

/* Uses up its time slice (200 basic blocks) where the comment says, so
 * that the scenario runs there. */
static void spin(void)
{
	int i;

	for (i = 0; i < 300; i++)
		spins++;
}

static int ordered_fn(void *data)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!event) {
		spin(); /* preempted: the scenario posts the event and wakes us */
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	handled = 1;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int racy_fn(void *data)
{
	if (!event) {
		spin(); /* preempted: the scenario posts the event and wakes us */
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	handled = 1;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int race(int (*fn)(void *), int *woke)
{
	struct task_struct *t;
	int seen;

	t = kthread_run(fn, NULL, "sleeper");
	get_task_struct(t);
	model_run_for(1); /* the sleeper runs, and is preempted in spin() */
	event = 1;
	*woke = wake_up_process(t);
	model_run_for(HZ / 2);
	seen = handled;
	kthread_stop(t);
	put_task_struct(t);
	return seen;
}

MODEL_SCENARIO(state_before_test)
{
	int woke;

	model_explore_faults(0);
	MODEL_EXPECT(race(ordered_fn, &woke));
	MODEL_EXPECT(woke == 1 && spins >= 300);
}

/* The lost wake-up: the wake finds the task running and does nothing. */
MODEL_SCENARIO(test_before_state)
{
	int woke;

	model_explore_faults(0);
	MODEL_EXPECT(!race(racy_fn, &woke));
	MODEL_EXPECT(woke == 0 && spins >= 300);
}

// CHECK: model: 3 scenarios, 3 runs, 0 verdicts
