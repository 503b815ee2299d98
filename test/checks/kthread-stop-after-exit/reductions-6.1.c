// Threads reduced from Linux 6.1 drivers on which an earlier version of the
// check was wrong: each leaves only once kthread_stop() was called.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %imitation_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %kernel_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/wait.h>

struct card {
	struct task_struct *status;
	struct task_struct *health;
	struct task_struct *context;
	struct task_struct *ring;
	struct task_struct *sched;
	struct task_struct *feed;
	wait_queue_head_t wq;
	int events;
};

/* drivers/md/bcache/super.c: a helper waits for the stop before returning
 * (bcache.h's wait_for_kthread_stop()). */
static inline void wait_for_stop(void)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	set_current_state(TASK_RUNNING);
}

static int status_thread(void *data)
{
	struct card *c = data;

	c->events = 0;
	wait_for_stop();
	return 0;
}

/* drivers/misc/genwqe/card_base.c: the stop check's result is kept in a
 * variable inside the wait condition. */
static int health_thread(void *data)
{
	struct card *c = data;
	bool should_stop = false;

	while (!kthread_should_stop()) {
		wait_event_interruptible_timeout(c->wq,
			c->events || (should_stop = kthread_should_stop()), HZ);
		if (should_stop)
			break;
		c->events = 0;
	}
	return 0;
}

/* drivers/media/usb/pvrusb2/pvrusb2-context.c: an interruptible wait for the
 * stop alone; in a kernel thread only kthread_stop() interrupts it. */
static int context_thread(void *data)
{
	struct card *c = data;

	c->events = 0;
	wait_event_interruptible(c->wq, kthread_should_stop());
	return 0;
}

/* drivers/media/pci/solo6x10/solo6x10-v4l2.c: an interrupted sleep, which
 * only kthread_stop() can cause in a kernel thread. */
static int ring_thread(void *data)
{
	struct card *c = data;
	long timeout;

	for (;;) {
		timeout = schedule_timeout_interruptible(HZ);
		if (timeout == -ERESTARTSYS || kthread_should_stop())
			break;
		c->events++;
	}
	return 0;
}

extern void *card_pick(struct card *c);

/* drivers/gpu/drm/i915/gvt/scheduler.c: the inner wait loop ends with work
 * or on stop, so the "no work" exit after it is an exit on stop. */
static int sched_thread(void *data)
{
	struct card *c = data;
	void *work = NULL;

	while (!kthread_should_stop()) {
		do {
			work = card_pick(c);
			if (work)
				break;
			wait_event_interruptible(c->wq, c->events);
		} while (!kthread_should_stop());
		if (!work)
			break;
		c->events--;
	}
	return 0;
}

/* drivers/media/spi/cxd2880-spi.c: a defensive test of the thread's data
 * pointer, which the thread was created with and is never NULL. */
static int feed_thread(void *arg)
{
	struct card *c = NULL;

	c = arg;
	if (!c)
		return -EINVAL;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int card_start(struct card *c)
{
	c->status = kthread_run(status_thread, c, "status");
	if (IS_ERR(c->status))
		return PTR_ERR(c->status);
	c->health = kthread_run(health_thread, c, "health");
	if (IS_ERR(c->health))
		return PTR_ERR(c->health);
	c->context = kthread_run(context_thread, c, "context");
	if (IS_ERR(c->context))
		return PTR_ERR(c->context);
	c->ring = kthread_run(ring_thread, c, "ring");
	if (IS_ERR(c->ring))
		return PTR_ERR(c->ring);
	c->sched = kthread_run(sched_thread, c, "sched");
	if (IS_ERR(c->sched))
		return PTR_ERR(c->sched);
	c->feed = kthread_run(feed_thread, c, "feed");
	if (IS_ERR(c->feed))
		return PTR_ERR(c->feed);
	return 0;
}

static void card_stop(struct card *c)
{
	kthread_stop(c->status);
	kthread_stop(c->health);
	kthread_stop(c->context);
	kthread_stop(c->ring);
	kthread_stop(c->sched);
	kthread_stop(c->feed);
}
