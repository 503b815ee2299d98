// Waits that kthread_stop() does end, and waits outside stopped threads.
//
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %imitation_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %kernel_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/wait.h>

struct dev {
	struct task_struct *a;
	struct task_struct *b;
	struct task_struct *c;
	struct task_struct *d;
	struct task_struct *e;
	struct task_struct *f;
	struct task_struct *g;
	struct task_struct *h;
	struct task_struct *oneshot;
	wait_queue_head_t wq;
	int pending;
	bool dead;
};

/* The seed chapter's canonical loop. */
static int a_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(d->wq,
					 d->pending || kthread_should_stop());
		if (kthread_should_stop())
			break;
		d->pending = 0;
	}
	return 0;
}

/* The stop test through a helper of the file. */
static bool dev_should_stop(struct dev *d)
{
	return kthread_should_stop() || d->dead;
}

static int b_thread(void *data)
{
	struct dev *d = data;

	while (!dev_should_stop(d)) {
		wait_event(d->wq, d->pending || dev_should_stop(d));
		d->pending = 0;
	}
	return 0;
}

/* Interruptible: in Linux 6.1 kthread_stop() interrupts it. */
static int c_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (wait_event_interruptible(d->wq, d->pending))
			continue;
		d->pending = 0;
	}
	return 0;
}

/* The result is ignored, but the next statement tests for stop. */
static int g_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(d->wq, d->pending);
		if (kthread_should_stop())
			break;
		d->pending = 0;
	}
	return 0;
}

/* The result is ignored, but the condition is re-tested further down the
 * loop (drivers/dma/dmatest.c). */
static int h_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (d->dead) {
			d->pending = 1;
		} else {
			wait_event_freezable_timeout(d->wq, d->pending, HZ);
			d->dead = false;
		}
		if (!d->pending)
			continue;
		d->pending = 0;
	}
	return 0;
}

/* The stopper makes the condition true before stopping. */
static int d_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		wait_event(d->wq, d->pending || d->dead);
		d->pending = 0;
	}
	return 0;
}

/* A wait for in-flight I/O, in a helper of the loop, ends by itself
 * (drivers/md/dm-writecache.c, writecache_wait_for_ios()). */
static void dev_wait_for_ios(struct dev *d)
{
	wait_event(d->wq, !d->pending);
}

static int e_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		dev_wait_for_ios(d);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* A freezable timed wait: kthread_stop() interrupts it in Linux 6.1
 * (drivers/dma/dmatest.c). */
static int f_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop())
		wait_event_freezable_timeout(d->wq, d->pending, HZ);
	return 0;
}

/* A one-shot thread that nobody stops may wait as it likes. */
static int oneshot_thread(void *data)
{
	struct dev *d = data;

	wait_event(d->wq, d->pending);
	return 0;
}

/* Not a kernel thread at all: a read() file operation. */
static long dev_read(struct dev *d)
{
	wait_event(d->wq, d->pending);
	return d->pending;
}

static int dev_start(struct dev *d)
{
	d->a = kthread_run(a_thread, d, "a");
	if (IS_ERR(d->a))
		return PTR_ERR(d->a);
	d->b = kthread_run(b_thread, d, "b");
	if (IS_ERR(d->b))
		return PTR_ERR(d->b);
	d->c = kthread_run(c_thread, d, "c");
	if (IS_ERR(d->c))
		return PTR_ERR(d->c);
	d->d = kthread_run(d_thread, d, "d");
	if (IS_ERR(d->d))
		return PTR_ERR(d->d);
	d->e = kthread_run(e_thread, d, "e");
	if (IS_ERR(d->e))
		return PTR_ERR(d->e);
	d->f = kthread_run(f_thread, d, "f");
	if (IS_ERR(d->f))
		return PTR_ERR(d->f);
	d->g = kthread_run(g_thread, d, "g");
	if (IS_ERR(d->g))
		return PTR_ERR(d->g);
	d->h = kthread_run(h_thread, d, "h");
	if (IS_ERR(d->h))
		return PTR_ERR(d->h);
	kthread_run(oneshot_thread, d, "oneshot");
	return 0;
}

static void dev_stop(struct dev *d)
{
	kthread_stop(d->a);
	kthread_stop(d->b);
	kthread_stop(d->c);
	kthread_stop(d->e);
	kthread_stop(d->f);
	kthread_stop(d->g);
	kthread_stop(d->h);
	d->dead = true;
	wake_up(&d->wq);
	kthread_stop(d->d);
}
