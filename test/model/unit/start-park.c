// A created thread does not run until woken; a stop before that ends it
// with -EINTR without running its function. kthread_park() waits until the
// thread parks; kthread_unpark() lets it go on.
//
// RUN: %model_run %s | FileCheck %s --allow-empty --implicit-check-not=expectation --implicit-check-not=never-woken

#include <linux/kthread.h>

static int ran;
static int parked_seen;

static int fn(void *data)
{
	ran = 1;
	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			parked_seen++;
			kthread_parkme();
		}
		schedule_timeout_interruptible(HZ);
	}
	return 5;
}

MODEL_SCENARIO(stop_before_wake)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_create(fn, NULL, "never-run");
	model_run_for(HZ);
	MODEL_EXPECT(!ran);
	MODEL_EXPECT(kthread_stop(t) == -EINTR);
	MODEL_EXPECT(!ran);
}

MODEL_SCENARIO(park_unpark)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(fn, NULL, "parker");
	model_run_for(1);
	MODEL_EXPECT(kthread_park(t) == 0);
	MODEL_EXPECT(parked_seen == 1);
	kthread_unpark(t);
	model_run_for(2 * HZ);
	MODEL_EXPECT(kthread_stop(t) == 5);
}
