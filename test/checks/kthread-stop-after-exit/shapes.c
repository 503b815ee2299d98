// Shapes of real drivers: stops through a local copy of the task, tasks
// created into a local and kept in a field, a thread created asleep that is
// stopped before anything woke it, a completion handshake that keeps the
// stopper waiting, and loops that end only after the stop.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

struct dev {
	struct task_struct *copied;
	struct task_struct *kept;
	struct task_struct *asleep;
	struct task_struct *shaken;
	struct task_struct *late;
	struct task_struct *idle_loop;
	struct task_struct *interrupted;
	struct task_struct *unshaken;
	struct task_struct *flagged;
	struct completion ready;
	struct completion late_ready;
	bool idle;
	bool stopping;
};

extern int dev_fetch(struct dev *d);

/* Leaves on an error, stopped through a local copy of its task. */
static int copied_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (dev_fetch(d) < 0)
			return -EIO;
		// CHECK: :[[@LINE-1]]:4: warning: thread function 'copied_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
		// CHECK: :[[@LINE+137]]:14: note: 'kthread_run' starts the thread here
		// CHECK: :[[@LINE+172]]:2: note: 't' is stopped here with 'kthread_stop'
		// CHECK: :[[@LINE-4]]:4: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
		// CHECK: :[[@LINE-5]]:4: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
		// CHECK: :[[@LINE-6]]:4: note: likelihood: a race: it happens when the thread gets there before the stop
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Created into a local, kept in a field, stopped through the field. */
static int kept_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (dev_fetch(d) < 0)
			break;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
	// CHECK: :[[@LINE-1]]:2: warning: thread function 'kept_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+118]]:6: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+151]]:2: note: 'd->kept' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:2: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

/* Clean: created asleep, never woken; the stop ends it before it runs. */
static int asleep_thread(void *data)
{
	return -EIO;
}

/* Clean: an exit before the thread signals 'ready', which every stopper
 * waits for first: the stopper waits (forever), it never stops a freed task. */
static int shaken_thread(void *data)
{
	struct dev *d = data;

	if (dev_fetch(d) < 0)
		return -EIO;
	complete(&d->ready);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* The same handshake, but the thread leaves after signalling. */
static int late_thread(void *data)
{
	struct dev *d = data;

	complete(&d->late_ready);
	if (dev_fetch(d) < 0)
		return -EIO;
	// CHECK: :[[@LINE-1]]:3: warning: thread function 'late_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+92]]:12: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+120]]:2: note: 'd->late' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:3: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:3: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:3: note: likelihood: a race: it happens when the thread gets there before the stop
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Clean: the loop ends only when the stop is asked for and the thread is
 * idle. */
static int idle_loop_thread(void *data)
{
	struct dev *d = data;

	while (!(kthread_should_stop() && d->idle))
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Clean: no allow_signal(), so an interrupted sleep means the stop. */
static int interrupted_thread(void *data)
{
	struct dev *d = data;

	for (;;) {
		if (schedule_timeout_interruptible(HZ) && signal_pending(current))
			break;
		dev_fetch(d);
	}
	return 0;
}

/* The stopper waits for 'ready' first, but this thread never signals it:
 * no handshake with this thread. */
static int unshaken_thread(void *data)
{
	struct dev *d = data;

	if (dev_fetch(d) < 0)
		return -EIO;
	// CHECK: :[[@LINE-1]]:3: warning: thread function 'unshaken_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+58]]:16: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+81]]:2: note: 'd->unshaken' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:3: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:3: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:3: note: likelihood: a race: it happens when the thread gets there before the stop
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Leaves on a flag that the stopper sets just before kthread_stop(): once
 * woken, the thread may exit, and be freed, before the stop. */
static int flagged_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (d->stopping)
			break;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
	// CHECK: :[[@LINE-1]]:2: warning: thread function 'flagged_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+38]]:15: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+61]]:2: note: 'd->flagged' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:2: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

static int dev_start(struct dev *d)
{
	struct task_struct *t;

	init_completion(&d->ready);
	init_completion(&d->late_ready);
	d->copied = kthread_run(copied_thread, d, "copied");
	if (IS_ERR(d->copied))
		return PTR_ERR(d->copied);
	t = kthread_run(kept_thread, d, "kept");
	if (IS_ERR(t))
		return PTR_ERR(t);
	d->kept = t;
	d->asleep = kthread_create(asleep_thread, d, "asleep");
	if (IS_ERR(d->asleep))
		return PTR_ERR(d->asleep);
	d->shaken = kthread_run(shaken_thread, d, "shaken");
	if (IS_ERR(d->shaken))
		return PTR_ERR(d->shaken);
	d->late = kthread_run(late_thread, d, "late");
	if (IS_ERR(d->late))
		return PTR_ERR(d->late);
	d->idle_loop = kthread_run(idle_loop_thread, d, "idle");
	if (IS_ERR(d->idle_loop))
		return PTR_ERR(d->idle_loop);
	d->interrupted = kthread_run(interrupted_thread, d, "intr");
	if (IS_ERR(d->interrupted))
		return PTR_ERR(d->interrupted);
	d->unshaken = kthread_run(unshaken_thread, d, "unshaken");
	if (IS_ERR(d->unshaken))
		return PTR_ERR(d->unshaken);
	d->flagged = kthread_run(flagged_thread, d, "flagged");
	if (IS_ERR(d->flagged))
		return PTR_ERR(d->flagged);
	return 0;
}

static void dev_stop(struct dev *d)
{
	struct task_struct *t = d->copied;

	d->copied = NULL;
	kthread_stop(t);
	kthread_stop(d->kept);
	kthread_stop(d->asleep);
	wait_for_completion(&d->ready);
	kthread_stop(d->shaken);
	wait_for_completion(&d->late_ready);
	kthread_stop(d->late);
	d->idle = true;
	kthread_stop(d->idle_loop);
	kthread_stop(d->interrupted);
	kthread_stop(d->unshaken);
	d->stopping = true;
	wake_up_process(d->flagged);
	kthread_stop(d->flagged);
}
