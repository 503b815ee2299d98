// Timed sleeps (kernel/time/timer.c, Linux 6.1). schedule_timeout(t)
// sleeps in the state the caller set until a timer at jiffies + t wakes it
// (process_timeout(): wake_up_process()), or until an earlier wake-up, and
// returns the jiffies left (expire - jiffies, not below 0);
// MAX_SCHEDULE_TIMEOUT is a plain schedule(), a negative timeout returns 0
// at once, and with TASK_RUNNING nothing sleeps. A timer due now runs at the
// next tick. msleep(ms) sleeps msecs_to_jiffies(ms) + 1 jiffies (Linux 6.12:
// msecs_to_jiffies(ms)) uninterruptibly and sleeps again after an early
// wake-up, which delays a stop (stop-delayed-sleep); msleep_interruptible()
// ends on a pending signal and returns the milliseconds left. HZ is 250.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=stop-hang

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

static long ret[8];
static unsigned long took[8];

static int schedule_timeout_fn(void *data)
{
	unsigned long start;

	start = jiffies;
	ret[0] = schedule_timeout_interruptible(5); /* nobody wakes it */
	took[0] = jiffies - start;

	start = jiffies;
	ret[1] = schedule_timeout_uninterruptible(10); /* woken after 2 */
	took[1] = jiffies - start;

	set_current_state(TASK_INTERRUPTIBLE);
	ret[2] = schedule_timeout(MAX_SCHEDULE_TIMEOUT); /* woken */

	start = jiffies;
	set_current_state(TASK_UNINTERRUPTIBLE);
	ret[3] = schedule_timeout(-1);
	ret[4] = schedule_timeout(7); /* TASK_RUNNING: no sleep */
	took[3] = jiffies - start;

	start = jiffies;
	ret[5] = schedule_timeout_uninterruptible(0);
	took[5] = jiffies - start;

	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

MODEL_SCENARIO(schedule_timeout)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(schedule_timeout_fn, NULL, "timeouts");
	model_run_for(7);
	wake_up_process(t);
	model_run_for(5);
	wake_up_process(t);
	model_run_for(HZ);
	MODEL_EXPECT(ret[0] == 0 && took[0] == 5);
	MODEL_EXPECT(ret[1] == 8 && took[1] == 2);
	MODEL_EXPECT(ret[2] == MAX_SCHEDULE_TIMEOUT);
	MODEL_EXPECT(ret[3] == 0 && ret[4] == 7 && took[3] == 0);
	MODEL_EXPECT(ret[5] == 0 && took[5] == 1);
	kthread_stop(t);
}

static unsigned long interrupted_ms;

static int msleep_fn(void *data)
{
	unsigned long start;

	start = jiffies;
	msleep(20); /* msecs_to_jiffies(20) == 5 */
	took[0] = jiffies - start;

	start = jiffies;
	msleep(20); /* woken after 2: sleeps on */
	took[1] = jiffies - start;

	start = jiffies;
	ret[2] = msleep_interruptible(20); /* woken after 2: no signal, sleeps on */
	took[2] = jiffies - start;

	interrupted_ms = msleep_interruptible(10000); /* the stop ends it */
	return 0;
}

MODEL_SCENARIO(msleep)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(msleep_fn, NULL, "msleep");
	get_task_struct(t);
	model_run_for(8);
	wake_up_process(t);
	model_run_for(8);
	wake_up_process(t);
	model_run_for(HZ);
	MODEL_EXPECT(took[0] == 6 && took[1] == 6);
	MODEL_EXPECT(ret[2] == 0 && took[2] == 6);
	MODEL_EXPECT(kthread_stop(t) == 0);
	MODEL_EXPECT(interrupted_ms > 8000 && interrupted_ms < 10004);
	put_task_struct(t);
}

static int msleep_loop_fn(void *data)
{
	while (!kthread_should_stop())
		msleep(2000); // CHECK: sleep.c:[[@LINE]]: stop-delayed-sleep: kthread_stop() at sleep.c:[[#@LINE+11]] waited {{[0-9]+}} jiffies: after the stop woke thread 'msleep-loop'{{.*}}, it slept again in 'msleep' at sleep.c:[[@LINE]] until its time-out
	return 0;
}

MODEL_SCENARIO(msleep_delays_stop)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(msleep_loop_fn, NULL, "msleep-loop");
	model_run_for(HZ);
	kthread_stop(t);
}

// CHECK: model: 3 scenarios, 3 runs, 1 verdict
