// The model's stop semantics (Linux 6.1): kthread_stop() ends interruptible
// and freezable sleeps (TIF_NOTIFY_SIGNAL), which return -ERESTARTSYS; it
// wakes uninterruptible and killable sleepers, but a wait_event() whose
// condition stays false sleeps again, and the hang is detected, not waited
// for; a timed wait makes the stop wait out the time-out.
//
// TIF_NOTIFY_SIGNAL stays set for the rest of the thread's life (a kernel
// thread never returns to user mode, where it would be cleared):
// signal_pending() is true, and every later sleep whose state admits a
// signal (signal_pending_state(): TASK_INTERRUPTIBLE forms, not
// TASK_KILLABLE without a fatal signal, never TASK_UNINTERRUPTIBLE or
// TASK_IDLE) ends at once.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=stop-hang
// RUN: %model_run %s -- --scenario old_kernel | FileCheck %s --check-prefix=OLD

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int never;
static long results[8];

static int interruptible_fn(void *data)
{
	results[0] = wait_event_interruptible(wq, never);
	// CHECK: stop-semantics.c:[[@LINE-1]]: stop-hang-wait: {{.*}}'wait_event_interruptible'{{.*}}[scenario 'old_kernel'
	// OLD: stop-semantics.c:[[@LINE-2]]: stop-hang-wait: {{.*}}'wait_event_interruptible'
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

static int idle_fn(void *data)
{
	wait_event_idle(wq, never); // CHECK: stop-semantics.c:[[@LINE]]: stop-hang-wait: {{.*}}'wait_event_idle'
	return 0;
}

static DECLARE_COMPLETION(never_done);

static int killable_completion_fn(void *data)
{
	wait_for_completion_killable(&never_done); // CHECK: stop-semantics.c:[[@LINE]]: stop-hang-sleep: {{.*}}'wait_for_completion'
	return 0;
}

/* The stop's wake-up is TASK_NORMAL: it ends an uninterruptible sleep too,
 * which returns the time left. */
static int short_sleep_fn(void *data)
{
	results[3] = schedule_timeout_uninterruptible(10 * HZ);
	return 0;
}

static int interruptible_completion_fn(void *data)
{
	results[4] = wait_for_completion_interruptible(&never_done);
	return 0;
}

static int interruptible_timeout_fn(void *data)
{
	results[5] = wait_event_interruptible_timeout(wq, never, 10 * HZ);
	results[6] = msleep_interruptible(10000);
	return 0;
}

static long after[6];

/* After the stop's notification, for the rest of the thread's life. */
static int after_stop_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	after[0] = signal_pending(current);
	after[1] = wait_event_interruptible(wq, never);
	after[2] = schedule_timeout_interruptible(HZ);
	set_current_state(TASK_INTERRUPTIBLE);
	schedule();
	after[3] = wait_for_completion_interruptible(&never_done);
	after[4] = msleep_interruptible(20);
	after[5] = 1;
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

MODEL_SCENARIO(which_sleeps_end)
{
	struct task_struct *t[5];

	model_explore_faults(0);
	t[0] = kthread_run(idle_fn, NULL, "idle");
	t[1] = kthread_run(killable_completion_fn, NULL, "kill-compl");
	t[2] = kthread_run(short_sleep_fn, NULL, "uninterruptible");
	t[3] = kthread_run(interruptible_completion_fn, NULL, "int-compl");
	t[4] = kthread_run(interruptible_timeout_fn, NULL, "int-timeout");
	model_run_for(HZ);
	kthread_stop(t[2]);
	kthread_stop(t[3]);
	kthread_stop(t[4]);
	kthread_stop(t[0]);
	kthread_stop(t[1]);
	MODEL_EXPECT(results[3] > 8 * HZ && results[3] < 10 * HZ);
	MODEL_EXPECT(results[4] == -ERESTARTSYS);
	MODEL_EXPECT(results[5] == -ERESTARTSYS);
	MODEL_EXPECT(results[6] == 10000 + 4); /* did not sleep */
}

MODEL_SCENARIO(signal_stays)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(after_stop_fn, NULL, "after");
	model_run_for(HZ);
	MODEL_EXPECT(kthread_stop(t) == 0);
	MODEL_EXPECT(after[0] == 1);
	MODEL_EXPECT(after[1] == -ERESTARTSYS);
	MODEL_EXPECT(after[2] == HZ);
	MODEL_EXPECT(after[3] == -ERESTARTSYS);
	MODEL_EXPECT(after[4] == 24); /* msecs_to_jiffies(20) + 1 jiffies */
	MODEL_EXPECT(after[5] == 1);
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
}

// CHECK: model: 4 scenarios, 4 runs, 7 verdicts
// OLD: model: 1 scenario, 1 run, 1 verdict
