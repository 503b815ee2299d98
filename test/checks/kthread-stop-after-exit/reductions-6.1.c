// Threads reduced from Linux 6.1 drivers on which an earlier version of the
// check was wrong: each leaves only once kthread_stop() was called.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %imitation_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %kernel_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/sched/task.h>
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

/* kernel/trace/trace_hwlat.c: msleep_interruptible() returns early only
 * with a signal pending, which in a kernel thread that takes no signals is
 * the stop's TIF_NOTIFY_SIGNAL (6.1): the break is an exit on stop. */

struct sampler {
	struct task_struct *hwlat;
	struct task_struct *ticker;
	int samples;
};

static int hwlat_thread(void *data)
{
	struct sampler *s = data;

	while (!kthread_should_stop()) {
		s->samples++;
		if (msleep_interruptible(10))
			break;
	}
	return 0;
}

/* The negated test leaves when the sleep was not interrupted: after any
 * full sleep, before a stop. */
static int ticker_thread(void *data)
{
	struct sampler *s = data;

	while (!kthread_should_stop()) {
		s->samples++;
		if (!msleep_interruptible(10))
			break;
	}
	return 0;
	// CHECK: :[[@LINE-1]]:2: warning: thread function 'ticker_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+12]]:14: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+21]]:2: note: 's->ticker' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:2: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

static int sampler_start(struct sampler *s)
{
	s->hwlat = kthread_run(hwlat_thread, s, "hwlat");
	if (IS_ERR(s->hwlat))
		return PTR_ERR(s->hwlat);
	s->ticker = kthread_run(ticker_thread, s, "ticker");
	if (IS_ERR(s->ticker)) {
		kthread_stop(s->hwlat);
		return PTR_ERR(s->ticker);
	}
	return 0;
}

static void sampler_stop(struct sampler *s)
{
	kthread_stop(s->ticker);
	kthread_stop(s->hwlat);
}

/* net/core/pktgen.c: the task is created into a local, kept in a field and
 * pinned through the local; the stopper drops the pin after the stop, so a
 * thread that left early is still a valid task. */

struct pktgen {
	struct task_struct *tsk;
	int running;
};

static int pktgen_worker(void *data)
{
	struct pktgen *t = data;

	if (!t->running)
		return -EINVAL;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int pktgen_create(struct pktgen *t)
{
	struct task_struct *p;

	p = kthread_create(pktgen_worker, t, "pktgen");
	if (IS_ERR(p))
		return PTR_ERR(p);
	t->tsk = p;
	get_task_struct(p);
	wake_up_process(p);
	return 0;
}

static void pktgen_destroy(struct pktgen *t)
{
	kthread_stop(t->tsk);
	put_task_struct(t->tsk);
}
