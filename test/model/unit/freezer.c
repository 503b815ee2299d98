// The freezer: the model's system never suspends, so nothing is ever
// freezing (include/linux/freezer.h, freezing()). set_freezable() returns
// try_to_freeze() (kernel/freezer.c): false; kthread_freezable_should_stop()
// (kernel/kthread.c) is kthread_should_stop() with *was_frozen false; the
// freezable waits sleep in TASK_INTERRUPTIBLE | TASK_FREEZABLE, which the
// stop's notification ends (-ERESTARTSYS, see stop-semantics.c).
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=stop-hang

#include <linux/freezer.h>
#include <linux/kthread.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static int set_ret = -1, frozen_seen, loops;
static long wait_ret;

static int freezable_fn(void *data)
{
	bool was_frozen = true;

	set_ret = set_freezable();
	while (!kthread_freezable_should_stop(&was_frozen)) {
		frozen_seen |= was_frozen || try_to_freeze() ||
			       freezing(current);
		loops++;
		wait_ret = wait_event_freezable_timeout(wq, 0, HZ);
	}
	frozen_seen |= was_frozen;
	return 3;
}

MODEL_SCENARIO(never_frozen)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(freezable_fn, NULL, "freezable");
	model_run_for(3 * HZ + 10);
	MODEL_EXPECT(loops >= 3 && wait_ret == 0);
	MODEL_EXPECT(kthread_stop(t) == 3);
	MODEL_EXPECT(set_ret == 0 && !frozen_seen);
	MODEL_EXPECT(wait_ret == -ERESTARTSYS);
}

// CHECK: model: 1 scenario, 1 run, 0 verdicts
