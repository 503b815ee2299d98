// Loops in stopped threads that kthread_stop() cannot end, and look-alikes
// that it can, or that end by themselves.
//
// RUN: %kthread_tidy -checks='-*,kthread-loop-without-stop-check' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-loop-without-stop-check' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/wait.h>

struct eng {
	struct task_struct *spin;
	struct task_struct *restart;
	struct task_struct *helper;
	struct task_struct *good;
	struct task_struct *bounded;
	struct task_struct *restart_ok;
	struct task_struct *park_only;
	struct task_struct *park_ok;
	struct task_struct *relay;
	struct task_struct *kicked;
	wait_queue_head_t wq;
	int work;
};

extern void eng_process(struct eng *e);

/* A service loop with no way out. */
static int spin_thread(void *data)
{
	struct eng *e = data;

	for (;;) {
	// CHECK: :[[@LINE-1]]:2: warning: no path leaves this loop of thread function 'spin_thread' [kthread-loop-without-stop-check]
	// CHECK: :[[@LINE-2]]:2: note: so the thread never returns, and kthread_stop() waits forever
	// CHECK: :[[@LINE-3]]:2: note: leave the loop when kthread_should_stop() is true
	// CHECK: :[[@LINE+178]]:12: note: 'kthread_run' starts thread function 'spin_thread' here
	// CHECK: :[[@LINE+213]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
		wait_event_interruptible(e->wq, e->work);
		eng_process(e);
	}
	return 0;
}

/* An interrupted sleep retried without a stop test. */
static int restart_thread(void *data)
{
	struct eng *e = data;
	int ret;

	while (!kthread_should_stop()) {
		do {
			ret = wait_event_interruptible(e->wq, e->work);
		} while (ret == -ERESTARTSYS);
		// CHECK: :[[@LINE-3]]:3: warning: this loop repeats an interrupted sleep and never tests kthread_should_stop() [kthread-loop-without-stop-check]
		// CHECK: :[[@LINE-4]]:3: note: kthread_stop() interrupts the sleep every time, so the thread spins and kthread_stop() never returns
		// CHECK: :[[@LINE-5]]:3: note: leave the loop when kthread_should_stop() is true
		// CHECK: :[[@LINE+159]]:15: note: 'kthread_run' starts thread function 'restart_thread' here
		// CHECK: :[[@LINE+192]]:2: note: kthread_stop() waits here for the thread to exit
		// CHECK: :[[@LINE-8]]:3: note: likelihood: certain on any run that takes this path
		eng_process(e);
	}
	return 0;
}

/* The endless loop in a helper of the thread function. */
static void eng_serve(struct eng *e)
{
	while (1)
	// CHECK: :[[@LINE-1]]:2: warning: no path leaves this loop of thread function 'helper_thread' [kthread-loop-without-stop-check]
	// CHECK: :[[@LINE-2]]:2: note: so the thread never returns, and kthread_stop() waits forever
	// CHECK: :[[@LINE-3]]:2: note: leave the loop when kthread_should_stop() is true
	// CHECK: :[[@LINE-4]]:2: note: in 'eng_serve', called from thread function 'helper_thread'
	// CHECK: :[[@LINE+146]]:14: note: 'kthread_run' starts thread function 'helper_thread' here
	// CHECK: :[[@LINE+177]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-7]]:2: note: likelihood: certain on any run that takes this path
		eng_process(e);
}

static int helper_thread(void *data)
{
	eng_serve(data);
	return 0;
}

/* Clean look-alikes. */

static int good_thread(void *data)
{
	struct eng *e = data;

	for (;;) {
		wait_event_interruptible(e->wq,
					 e->work || kthread_should_stop());
		if (kthread_should_stop())
			break;
		eng_process(e);
	}
	return 0;
}

static int bounded_thread(void *data)
{
	struct eng *e = data;
	int i;

	/* Ends by itself. */
	for (i = 0; i < 16; i++)
		eng_process(e);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int restart_ok_thread(void *data)
{
	struct eng *e = data;
	int ret;

	do {
		ret = wait_event_interruptible(e->wq,
					       e->work || kthread_should_stop());
	} while (ret == -ERESTARTSYS && !kthread_should_stop());
	return 0;
}

/* Leaves only on a park request; kthread_stop() unparks the thread, so once
 * it is stopped the loop never ends. */
static int park_only_thread(void *data)
{
	struct eng *e = data;

	while (!kthread_should_park())
	// CHECK: :[[@LINE-1]]:2: warning: this loop of thread function 'park_only_thread' is left only when kthread_should_park() is true [kthread-loop-without-stop-check]
	// CHECK: :[[@LINE-2]]:2: note: kthread_stop() unparks the thread, so the thread never returns, and kthread_stop() waits forever
	// CHECK: :[[@LINE-3]]:2: note: leave the loop when kthread_should_stop() is true
	// CHECK: :[[@LINE+95]]:17: note: 'kthread_run' starts thread function 'park_only_thread' here
	// CHECK: :[[@LINE+118]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
		schedule_timeout_interruptible(HZ);
	kthread_parkme();
	return 0;
}

/* The smpboot shape: parks on request, leaves on stop. */
static int park_ok_thread(void *data)
{
	struct eng *e = data;

	for (;;) {
		if (kthread_should_stop())
			break;
		if (kthread_should_park()) {
			kthread_parkme();
			continue;
		}
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* A thread nobody stops may loop forever. */
static int daemon_thread(void *data)
{
	for (;;)
		eng_process(data);
	return 0;
}

/* Stopped through a helper that takes the task: the helper's kthread_stop()
 * waits just the same. */
static int relay_thread(void *data)
{
	struct eng *e = data;

	for (;;) {
	// CHECK: :[[@LINE-1]]:2: warning: no path leaves this loop of thread function 'relay_thread' [kthread-loop-without-stop-check]
	// CHECK: :[[@LINE-2]]:2: note: so the thread never returns, and kthread_stop() waits forever
	// CHECK: :[[@LINE-3]]:2: note: leave the loop when kthread_should_stop() is true
	// CHECK: :[[@LINE+58]]:13: note: 'kthread_run' starts thread function 'relay_thread' here
	// CHECK: :[[@LINE+77]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
		wait_event_interruptible(e->wq, e->work);
		eng_process(e);
	}
	return 0;
}

/* The same loop in a thread that a helper only wakes: nobody stops it. */
static int kicked_thread(void *data)
{
	struct eng *e = data;

	for (;;) {
		wait_event_interruptible(e->wq, e->work);
		eng_process(e);
	}
	return 0;
}

static void eng_stop_thread(struct task_struct *t)
{
	if (t)
		kthread_stop(t);
}

static void eng_kick(struct task_struct *t)
{
	wake_up_process(t);
}

static int eng_start(struct eng *e)
{
	e->spin = kthread_run(spin_thread, e, "spin");
	if (IS_ERR(e->spin))
		return PTR_ERR(e->spin);
	e->restart = kthread_run(restart_thread, e, "restart");
	if (IS_ERR(e->restart))
		return PTR_ERR(e->restart);
	e->helper = kthread_run(helper_thread, e, "helper");
	if (IS_ERR(e->helper))
		return PTR_ERR(e->helper);
	e->good = kthread_run(good_thread, e, "good");
	if (IS_ERR(e->good))
		return PTR_ERR(e->good);
	e->bounded = kthread_run(bounded_thread, e, "bounded");
	if (IS_ERR(e->bounded))
		return PTR_ERR(e->bounded);
	e->restart_ok = kthread_run(restart_ok_thread, e, "restart-ok");
	if (IS_ERR(e->restart_ok))
		return PTR_ERR(e->restart_ok);
	e->park_only = kthread_run(park_only_thread, e, "park-only");
	if (IS_ERR(e->park_only))
		return PTR_ERR(e->park_only);
	e->park_ok = kthread_run(park_ok_thread, e, "park-ok");
	if (IS_ERR(e->park_ok))
		return PTR_ERR(e->park_ok);
	e->relay = kthread_run(relay_thread, e, "relay");
	if (IS_ERR(e->relay))
		return PTR_ERR(e->relay);
	e->kicked = kthread_run(kicked_thread, e, "kicked");
	if (IS_ERR(e->kicked))
		return PTR_ERR(e->kicked);
	kthread_run(daemon_thread, e, "daemon");
	return 0;
}

static void eng_stop(struct eng *e)
{
	kthread_stop(e->spin);
	kthread_stop(e->restart);
	kthread_stop(e->helper);
	kthread_stop(e->good);
	kthread_stop(e->bounded);
	kthread_stop(e->restart_ok);
	kthread_stop(e->park_only);
	kthread_stop(e->park_ok);
	eng_stop_thread(e->relay);
	eng_kick(e->kicked);
}
