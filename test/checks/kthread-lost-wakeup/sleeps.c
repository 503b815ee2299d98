// Threads that test the condition they sleep on before set_current_state(),
// and their clean look-alikes that set the state first.
//
// RUN: %kthread_tidy -checks='-*,kthread-lost-wakeup' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-lost-wakeup' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

struct queue {
	int pending;
	struct task_struct *late;
	struct task_struct *early;
	struct task_struct *timed;
	struct task_struct *stop_only;
	struct task_struct *stop_intr;
	struct task_struct *waiter;
	struct task_struct *retest;
	struct task_struct *poll;
	struct task_struct *locked;
	struct task_struct *stop_timed;
	spinlock_t lock;
};

extern void queue_process(struct queue *q);

/* The ubi_thread shape: the work is tested, then the state is set, and
 * schedule() sleeps without looking again. */
static int late_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		if (!q->pending) {
			set_current_state(TASK_INTERRUPTIBLE);
			// CHECK: :[[@LINE-1]]:4: warning: 'set_current_state(TASK_INTERRUPTIBLE)' comes after the test that decides to sleep, and 'schedule' sleeps without testing again [kthread-lost-wakeup]
			// CHECK: :[[@LINE-3]]:7: note: the thread tests for work here, before it sets its state
			// CHECK: :[[@LINE+5]]:4: note: a wake-up between the test and the state change finds the thread running and is lost: the thread sleeps with its work pending
			// CHECK: :[[@LINE+191]]:12: note: 'kthread_run' starts thread function 'late_thread' here
			// CHECK: :[[@LINE+205]]:2: note: kthread_stop() waits here for the thread to exit
			// CHECK: :[[@LINE-6]]:4: note: set the state first, then test, then sleep (or use wait_event*())
			// CHECK: :[[@LINE-7]]:4: note: likelihood: a race: it happens when the thread gets there before the stop
			schedule();
			continue;
		}
		q->pending = 0;
		queue_process(q);
	}
	return 0;
}

/* Clean: the state is set first, then the work is tested. */
static int early_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!q->pending) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		q->pending = 0;
		queue_process(q);
	}
	return 0;
}

/* The timeout bounds the sleep: the work waits for it. */
static int timed_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		if (!q->pending) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			// CHECK: :[[@LINE-1]]:4: warning: 'set_current_state(TASK_UNINTERRUPTIBLE)' comes after the test that decides to sleep, and 'schedule_timeout' sleeps without testing again [kthread-lost-wakeup]
			// CHECK: :[[@LINE-3]]:7: note: the thread tests for work here, before it sets its state
			// CHECK: :[[@LINE+5]]:4: note: a wake-up between the test and the state change finds the thread running and is lost: the work waits until the timeout
			// CHECK: :[[@LINE+151]]:13: note: 'kthread_run' starts thread function 'timed_thread' here
			// CHECK: :[[@LINE+165]]:2: note: kthread_stop() waits here for the thread to exit
			// CHECK: :[[@LINE-6]]:4: note: set the state first, then test, then sleep (or use wait_event*())
			// CHECK: :[[@LINE-7]]:4: note: likelihood: a race: it happens when the thread gets there before the stop
			schedule_timeout(HZ);
			continue;
		}
		q->pending = 0;
		queue_process(q);
	}
	return 0;
}

/* Only the stop flag decides, but the sleep is uninterruptible: a stop
 * between the test and the state change is lost. */
static int stop_only_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		queue_process(q);
		set_current_state(TASK_UNINTERRUPTIBLE);
		// CHECK: :[[@LINE-1]]:3: warning: 'set_current_state(TASK_UNINTERRUPTIBLE)' comes after the test that decides to sleep, and 'schedule' sleeps without testing again [kthread-lost-wakeup]
		// CHECK: :[[@LINE-4]]:9: note: the thread tests kthread_should_stop() here, before it sets its state
		// CHECK: :[[@LINE+5]]:3: note: kthread_stop()'s wake-up between the test and the state change is lost, and this state ignores TIF_NOTIFY_SIGNAL: the thread sleeps on, and kthread_stop() hangs
		// CHECK: :[[@LINE+127]]:17: note: 'kthread_run' starts thread function 'stop_only_thread' here
		// CHECK: :[[@LINE+141]]:2: note: kthread_stop() waits here for the thread to exit
		// CHECK: :[[@LINE-6]]:3: note: set the state first, then test, then sleep (or use wait_event*())
		// CHECK: :[[@LINE-7]]:3: note: likelihood: a race: it happens when the thread gets there before the stop
		schedule();
	}
	return 0;
}

/* Clean: the same, interruptible; kthread_stop() sets TIF_NOTIFY_SIGNAL, so
 * the sleep ends on the stop. */
static int stop_intr_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		queue_process(q);
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return 0;
}

/* Clean: wait_event*() sets the state before it tests. */
static int waiter_thread(void *data)
{
	struct queue *q = data;
	static DECLARE_WAIT_QUEUE_HEAD(wq);

	while (!kthread_should_stop()) {
		wait_event_interruptible(wq, q->pending || kthread_should_stop());
		q->pending = 0;
		queue_process(q);
	}
	return 0;
}

/* Clean: tested before and again after the state change. */
static int retest_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		if (!q->pending) {
			set_current_state(TASK_INTERRUPTIBLE);
			if (!q->pending)
				schedule();
			__set_current_state(TASK_RUNNING);
			continue;
		}
		q->pending = 0;
		queue_process(q);
	}
	return 0;
}

/* Clean: a polling thread; nothing wakes it but its timeout. */
static int poll_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		if (!q->pending) {
			set_current_state(TASK_INTERRUPTIBLE);
			schedule_timeout(HZ / 10);
			continue;
		}
		q->pending = 0;
		queue_process(q);
	}
	return 0;
}

/* Clean: the test and the state change under the lock the waker takes
 * (queue_post()), so the waker runs before the test or after the state
 * change (the workqueue's protocol). */
static int locked_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		spin_lock(&q->lock);
		if (!q->pending) {
			set_current_state(TASK_INTERRUPTIBLE);
			spin_unlock(&q->lock);
			schedule();
			continue;
		}
		q->pending = 0;
		spin_unlock(&q->lock);
		queue_process(q);
	}
	return 0;
}

/* Clean: stop-only and uninterruptible, but the timeout ends the sleep:
 * kthread_stop() waits a tick at most. */
static int stop_timed_thread(void *data)
{
	struct queue *q = data;

	while (!kthread_should_stop()) {
		queue_process(q);
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_timeout(1);
	}
	return 0;
}

/* Work arrives: what a lost wake-up loses. */
static void queue_post(struct queue *q)
{
	spin_lock(&q->lock);
	q->pending = 1;
	spin_unlock(&q->lock);
	wake_up_process(q->late);
	wake_up_process(q->early);
	wake_up_process(q->timed);
	wake_up_process(q->retest);
	wake_up_process(q->locked);
}

static int queue_start(struct queue *q)
{
	q->late = kthread_run(late_thread, q, "late");
	q->early = kthread_run(early_thread, q, "early");
	q->timed = kthread_run(timed_thread, q, "timed");
	q->stop_only = kthread_run(stop_only_thread, q, "stop-only");
	q->stop_intr = kthread_run(stop_intr_thread, q, "stop-intr");
	q->waiter = kthread_run(waiter_thread, q, "waiter");
	q->retest = kthread_run(retest_thread, q, "retest");
	q->poll = kthread_run(poll_thread, q, "poll");
	q->locked = kthread_run(locked_thread, q, "locked");
	q->stop_timed = kthread_run(stop_timed_thread, q, "stop-timed");
	return 0;
}

static void queue_stop(struct queue *q)
{
	kthread_stop(q->late);
	kthread_stop(q->early);
	kthread_stop(q->timed);
	kthread_stop(q->stop_only);
	kthread_stop(q->stop_intr);
	kthread_stop(q->waiter);
	kthread_stop(q->retest);
	kthread_stop(q->poll);
	kthread_stop(q->locked);
	kthread_stop(q->stop_timed);
}
