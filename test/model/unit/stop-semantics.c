// The model's stop semantics (Linux 6.1): kthread_stop() ends interruptible
// and freezable sleeps (TIF_NOTIFY_SIGNAL), which return -ERESTARTSYS; it
// wakes uninterruptible and killable sleepers, but a wait_event() whose
// condition stays false sleeps again, and the hang is detected, not waited
// for; a timed wait makes the stop wait out the time-out.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation
// RUN: %model_run %s -- --scenario old_kernel | FileCheck %s --check-prefix=OLD

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int never;
static long results[8];

static int interruptible_fn(void *data)
{
	results[0] = wait_event_interruptible(wq, never);
	return 0;
}

static int freezable_fn(void *data)
{
	results[1] = wait_event_freezable(wq, never);
	return 0;
}

static int sleeper_fn(void *data)
{
	results[2] = schedule_timeout_interruptible(10 * HZ);
	return 0;
}

static int uninterruptible_fn(void *data)
{
	wait_event(wq, never); // CHECK: stop-semantics.c:[[@LINE]]: stop-hang-wait: kthread_stop() at stop-semantics.c:{{[0-9]+}} never returns: thread 'unint'{{.*}} sleeps in 'wait_event'
	return 0;
}

static int killable_fn(void *data)
{
	wait_event_killable(wq, never); // CHECK: stop-semantics.c:[[@LINE]]: stop-hang-wait: {{.*}}'wait_event_killable'
	return 0;
}

static int timed_fn(void *data)
{
	while (!kthread_should_stop())
		wait_event_timeout(wq, never, 5 * HZ); // CHECK: stop-semantics.c:[[@LINE]]: stop-delayed-wait: kthread_stop() at {{.*}} waited {{[0-9]+}} jiffies{{.*}}'wait_event_timeout'
	return 0;
}

static int spin_fn(void *data)
{
	for (;;) // CHECK: stop-semantics.c:[[@LINE+1]]: stop-hang-loop: {{.*}} keeps running
		never = never + 0;
	return 0;
}

MODEL_SCENARIO(stop_semantics)
{
	struct task_struct *t[7];

	model_explore_faults(0);
	t[0] = kthread_run(interruptible_fn, NULL, "int");
	t[1] = kthread_run(freezable_fn, NULL, "frz");
	t[2] = kthread_run(sleeper_fn, NULL, "sleeper");
	t[3] = kthread_run(uninterruptible_fn, NULL, "unint");
	t[4] = kthread_run(killable_fn, NULL, "kill");
	t[5] = kthread_run(timed_fn, NULL, "timed");
	t[6] = kthread_run(spin_fn, NULL, "spin");
	model_run_for(HZ);
	kthread_stop(t[0]);
	kthread_stop(t[1]);
	kthread_stop(t[2]);
	MODEL_EXPECT(results[0] == -ERESTARTSYS);
	MODEL_EXPECT(results[1] == -ERESTARTSYS);
	MODEL_EXPECT(results[2] > 0 && results[2] < 10 * HZ);
	kthread_stop(t[3]);
	kthread_stop(t[4]);
	kthread_stop(t[5]);
	kthread_stop(t[6]);
}

/* Before 6.1 kthread_stop() set no signal: an interruptible wait whose
 * condition stays false hangs too. */
MODEL_SCENARIO(old_kernel)
{
	struct task_struct *t;

	model_explore_faults(0);
	model_stop_interrupts_sleep(0);
	t = kthread_run(interruptible_fn, NULL, "int");
	model_run_for(HZ);
	kthread_stop(t);
	// OLD: stop-semantics.c:20: stop-hang-wait: {{.*}}'wait_event_interruptible'
}
