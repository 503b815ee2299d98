// Creation and parking (kernel/kthread.c, Linux 6.1). A created thread
// sleeps in kthread() (TASK_UNINTERRUPTIBLE) until its first wake-up, so its
// function does not run before; kthread_run() is creation plus
// wake_up_process(). A stop before that ends it with -EINTR without running
// its function. kthread_park() wakes the thread and waits until it parks;
// a parked thread sleeps in TASK_PARKED, which wake_up_process() does not
// end; kthread_unpark() (and kthread_stop()) wakes it. A park before the
// first wake-up parks the thread before its function runs. kthread_park()
// of an exited thread returns -ENOSYS, a second kthread_park() -EBUSY; a
// thread that exits instead of parking leaves kthread_park() waiting for
// good (park-hang-exited).
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=never-woken --implicit-check-not=stop-hang

#include <linux/kthread.h>
#include <linux/sched/task.h>

static int ran;
static int parked_seen;
static int loops;

static int fn(void *data)
{
	ran = 1;
	while (!kthread_should_stop()) {
		loops++;
		if (kthread_should_park()) {
			parked_seen++;
			kthread_parkme();
		}
		schedule_timeout_interruptible(HZ);
	}
	return 5;
}

MODEL_SCENARIO(not_before_wake)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_create(fn, NULL, "created");
	model_run_for(HZ);
	MODEL_EXPECT(!ran);
	MODEL_EXPECT(wake_up_process(t) == 1);
	model_run_for(1);
	MODEL_EXPECT(ran);
	MODEL_EXPECT(kthread_stop(t) == 5);
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
	int before;

	model_explore_faults(0);
	t = kthread_run(fn, NULL, "parker");
	model_run_for(1);
	MODEL_EXPECT(kthread_park(t) == 0);
	MODEL_EXPECT(parked_seen == 1);
	MODEL_EXPECT(kthread_park(t) == -EBUSY);
	/* TASK_PARKED: a wake-up of TASK_NORMAL sleepers leaves it parked. */
	before = loops;
	MODEL_EXPECT(wake_up_process(t) == 0);
	model_run_for(2 * HZ);
	MODEL_EXPECT(loops == before);
	kthread_unpark(t);
	model_run_for(2 * HZ);
	MODEL_EXPECT(loops > before);
	MODEL_EXPECT(kthread_stop(t) == 5);
}

/* kthread_stop() unparks a parked thread, which then sees the stop. */
MODEL_SCENARIO(stop_parked)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(fn, NULL, "parked");
	model_run_for(1);
	MODEL_EXPECT(kthread_park(t) == 0);
	MODEL_EXPECT(kthread_stop(t) == 5);
}

/* Parked before its first wake-up: the function runs only once unparked. */
MODEL_SCENARIO(park_before_wake)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_create(fn, NULL, "park-first");
	MODEL_EXPECT(kthread_park(t) == 0);
	model_run_for(HZ);
	MODEL_EXPECT(!ran);
	kthread_unpark(t);
	model_run_for(1);
	MODEL_EXPECT(ran && parked_seen == 0);
	MODEL_EXPECT(kthread_stop(t) == 5);
}

static int quick_fn(void *data)
{
	return 1;
}

MODEL_SCENARIO(park_exited)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "gone");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(kthread_park(t) == -ENOSYS);
	MODEL_EXPECT(kthread_stop(t) == 1);
	put_task_struct(t);
}

/* Returns on a park request instead of calling kthread_parkme(). */
static int leaves_on_park_fn(void *data)
{
	while (!kthread_should_park())
		schedule_timeout_interruptible(HZ);
	return 2;
}

MODEL_SCENARIO(park_exits)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(leaves_on_park_fn, NULL, "leaver");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(kthread_park(t) == -EINTR);
	// CHECK: start-park.c:[[@LINE-1]]: park-hang-exited: kthread_park() at start-park.c:[[@LINE-1]] never returns: thread 'leaver' (pid 2) returned 2 from its function without parking
	put_task_struct(t);
}

// CHECK: model: 7 scenarios, 7 runs, 1 verdict
