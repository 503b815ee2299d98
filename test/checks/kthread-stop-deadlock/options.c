// The project's own sleeping lock functions, by role; the least likely
// findings left out with MinLikelihood; NOLINT.
//
// Without options the hw_* functions are calls like any other: only the
// race on the mutex is found.
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=DEFAULT \
// RUN:     --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %kernel_flags \
// RUN:   | FileCheck %s --check-prefix=DEFAULT \
// RUN:     --implicit-check-not='{{warning|error|note}}:'
//
// With them, hw_lock() is a mutex of the struct hw it is given; with
// MinLikelihood: certain the race is left out.
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s \
// RUN:   -config="{CheckOptions: {kthread-stop-deadlock.SleepingLockFunctions: 'hw_lock', kthread-stop-deadlock.SleepingUnlockFunctions: 'hw_unlock', kthread-stop-deadlock.MinLikelihood: certain}}" \
// RUN:   -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=OPTIONS \
// RUN:     --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s \
// RUN:   -config="{CheckOptions: {kthread-stop-deadlock.SleepingLockFunctions: 'hw_lock', kthread-stop-deadlock.SleepingUnlockFunctions: 'hw_unlock', kthread-stop-deadlock.MinLikelihood: certain}}" \
// RUN:   -- %kernel_flags \
// RUN:   | FileCheck %s --check-prefix=OPTIONS \
// RUN:     --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>

struct hw {
	struct mutex lock;
	struct task_struct *poll;
	struct task_struct *irq;
	struct task_struct *quiet;
	int events;
};

/* A driver's lock around its firmware mailbox: it sleeps. */
extern void hw_lock(struct hw *h);
extern void hw_unlock(struct hw *h);

static int hw_poll_thread(void *data)
{
	struct hw *h = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		hw_lock(h);
		h->events++;
		hw_unlock(h);
	}
	return 0;
}

static int hw_irq_thread(void *data)
{
	struct hw *h = data;

	while (!kthread_should_stop()) {
		mutex_lock(&h->lock);
		h->events++;
		mutex_unlock(&h->lock);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

static void hw_stop_poll(struct hw *h)
{
	hw_lock(h);
	kthread_stop(h->poll);
	// OPTIONS: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'hw_poll_thread' to exit while mutex 'h' is held, which the thread takes [kthread-stop-deadlock]
	// OPTIONS: :[[@LINE-3]]:2: note: 'hw_lock' takes 'h' here
	// OPTIONS: :[[@LINE+29]]:12: note: 'kthread_run' starts thread function 'hw_poll_thread' here
	// OPTIONS: :[[@LINE-27]]:3: note: 'hw_poll_thread' takes 'h' with 'hw_lock' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// OPTIONS: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
	hw_unlock(h);
}

static void hw_stop_irq(struct hw *h)
{
	mutex_lock(&h->lock);
	kthread_stop(h->irq);
	// DEFAULT: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'hw_irq_thread' to exit while mutex 'h->lock' is held, which the thread takes [kthread-stop-deadlock]
	// DEFAULT: :[[@LINE-3]]:2: note: 'mutex_lock' takes 'h->lock' here
	// DEFAULT: :[[@LINE+18]]:11: note: 'kthread_run' starts thread function 'hw_irq_thread' here
	// DEFAULT: :[[@LINE-27]]:3: note: 'hw_irq_thread' takes 'h->lock' with 'mutex_lock' here; a stop that comes while the thread runs before this point waits for a thread that waits for the lock
	// DEFAULT: :[[@LINE-5]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
	mutex_unlock(&h->lock);
}

/* Reviewed: the irq thread is parked by the caller before this runs. */
static void hw_stop_irq_parked(struct hw *h)
{
	mutex_lock(&h->lock);
	kthread_stop(h->irq); // NOLINT(kthread-stop-deadlock)
	mutex_unlock(&h->lock);
}

static int hw_start(struct hw *h)
{
	mutex_init(&h->lock);
	h->poll = kthread_run(hw_poll_thread, h, "hw-poll");
	h->irq = kthread_run(hw_irq_thread, h, "hw-irq");
	return 0;
}
