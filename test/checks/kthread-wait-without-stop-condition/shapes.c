// Shapes of real drivers: the idle and lock_irq wait forms, a result
// tested through signal_pending(), a task stopped through a local copy of
// its field, and a thread created asleep that nothing wakes.
//
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

struct hub {
	struct task_struct *idle;
	struct task_struct *poll;
	struct task_struct *locked;
	struct task_struct *locked_intr;
	struct task_struct *signalled;
	struct task_struct *asleep;
	wait_queue_head_t wq;
	spinlock_t lock;
	int work;
};

/* TASK_IDLE is uninterruptible: the stop's wake-up is not enough. */
static int idle_thread(void *data)
{
	struct hub *h = data;

	while (!kthread_should_stop()) {
		wait_event_idle(h->wq, h->work > 0);
		// CHECK: :[[@LINE-1]]:3: warning: the condition of 'wait_event_idle' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
		// CHECK: :[[@LINE-2]]:3: note: kthread_stop() wakes the thread, which sleeps again: kthread_stop() hangs
		// CHECK: :[[@LINE-3]]:3: note: add '|| kthread_should_stop()' to the condition
		// CHECK: :[[@LINE+87]]:12: note: 'kthread_run' starts thread function 'idle_thread' here
		// CHECK: :[[@LINE+112]]:2: note: kthread_stop() waits here for the thread to exit
		// CHECK: :[[@LINE-6]]:3: note: likelihood: certain on any run that takes this path
		h->work--;
	}
	return 0;
}

/* The idle form with a timeout: the stop waits out each timeout. */
static int poll_thread(void *data)
{
	struct hub *h = data;

	while (!kthread_should_stop())
		wait_event_idle_timeout(h->wq, h->work > 0, 5 * HZ);
	// CHECK: :[[@LINE-1]]:3: warning: the condition of 'wait_event_idle_timeout' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
	// CHECK: :[[@LINE-2]]:3: note: kthread_stop() wakes the thread, which sleeps again: the stop waits until the timeout expires
	// CHECK: :[[@LINE-3]]:3: note: add '|| kthread_should_stop()' to the condition
	// CHECK: :[[@LINE+72]]:12: note: 'kthread_run' starts thread function 'poll_thread' here
	// CHECK: :[[@LINE+95]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-6]]:3: note: likelihood: certain on any run that takes this path
	return 0;
}

/* Uninterruptible under the lock. */
static int locked_thread(void *data)
{
	struct hub *h = data;

	spin_lock_irq(&h->lock);
	while (!kthread_should_stop()) {
		wait_event_lock_irq(h->wq, h->work > 0, h->lock);
		// CHECK: :[[@LINE-1]]:3: warning: the condition of 'wait_event_lock_irq' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
		// CHECK: :[[@LINE-2]]:3: note: kthread_stop() wakes the thread, which sleeps again: kthread_stop() hangs
		// CHECK: :[[@LINE-3]]:3: note: add '|| kthread_should_stop()' to the condition
		// CHECK: :[[@LINE+58]]:14: note: 'kthread_run' starts thread function 'locked_thread' here
		// CHECK: :[[@LINE+79]]:2: note: kthread_stop() waits here for the thread to exit
		// CHECK: :[[@LINE-6]]:3: note: likelihood: certain on any run that takes this path
		h->work--;
	}
	spin_unlock_irq(&h->lock);
	return 0;
}

/* Clean: interruptible under the lock, its result tested. */
static int locked_intr_thread(void *data)
{
	struct hub *h = data;

	spin_lock_irq(&h->lock);
	while (!kthread_should_stop()) {
		if (wait_event_interruptible_lock_irq(h->wq, h->work > 0, h->lock))
			continue;
		h->work--;
	}
	spin_unlock_irq(&h->lock);
	return 0;
}

/* Clean: the result is dropped, but signal_pending() retests it. */
static int signalled_thread(void *data)
{
	struct hub *h = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(h->wq, h->work > 0);
		if (signal_pending(current))
			continue;
		h->work--;
	}
	return 0;
}

/* Clean: created asleep and never woken, so it never runs. */
static int asleep_thread(void *data)
{
	struct hub *h = data;

	while (!kthread_should_stop())
		wait_event(h->wq, h->work > 0);
	return 0;
}

static int hub_start(struct hub *h)
{
	init_waitqueue_head(&h->wq);
	spin_lock_init(&h->lock);
	h->idle = kthread_run(idle_thread, h, "hub-idle");
	if (IS_ERR(h->idle))
		return PTR_ERR(h->idle);
	h->poll = kthread_run(poll_thread, h, "hub-poll");
	if (IS_ERR(h->poll))
		return PTR_ERR(h->poll);
	h->locked = kthread_run(locked_thread, h, "hub-locked");
	if (IS_ERR(h->locked))
		return PTR_ERR(h->locked);
	h->locked_intr = kthread_run(locked_intr_thread, h, "hub-intr");
	if (IS_ERR(h->locked_intr))
		return PTR_ERR(h->locked_intr);
	h->signalled = kthread_run(signalled_thread, h, "hub-sig");
	if (IS_ERR(h->signalled))
		return PTR_ERR(h->signalled);
	h->asleep = kthread_create(asleep_thread, h, "hub-asleep");
	if (IS_ERR(h->asleep))
		return PTR_ERR(h->asleep);
	return 0;
}

static void hub_stop(struct hub *h)
{
	struct task_struct *idle = h->idle;

	h->idle = NULL;
	kthread_stop(idle);
	kthread_stop(h->poll);
	kthread_stop(h->locked);
	kthread_stop(h->locked_intr);
	kthread_stop(h->signalled);
	kthread_stop(h->asleep);
}
