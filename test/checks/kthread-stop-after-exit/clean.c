// Threads that leave only once kthread_should_stop() is true, threads that
// are never stopped, and stopped threads whose task is pinned.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %imitation_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %kernel_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'

#include <linux/freezer.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait.h>

struct dev {
	struct task_struct *poller;
	struct task_struct *parked;
	struct task_struct *helper_checked;
	struct task_struct *pinned;
	struct task_struct *released;
	struct task_struct *freezable;
	struct task_struct *bug_on;
	struct task_struct *server;
	struct task_struct *park_only;
	wait_queue_head_t wq;
	bool pending;
	bool dead;
};

/* The seed chapter's canonical loop. */
static int poller_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(d->wq,
					 d->pending || kthread_should_stop());
		if (kthread_should_stop())
			break;
		d->pending = false;
	}
	return 0;
}

/* On an error the thread waits for the stop instead of returning. */
static int parked_thread(void *data)
{
	void *buf = kmalloc(64, GFP_KERNEL);

	if (!buf) {
		while (!kthread_should_stop())
			schedule_timeout_interruptible(HZ);
		return -ENOMEM;
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	kfree(buf);
	return 0;
}

/* The stop check through a helper of the file. */
static bool dev_should_stop(struct dev *d)
{
	return kthread_should_stop() || d->dead;
}

static int helper_checked_thread(void *data)
{
	struct dev *d = data;

	for (;;) {
		if (dev_should_stop(d))
			break;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Pinned with get_task_struct(): an early exit is harmless. */
static int pinned_thread(void *data)
{
	void *buf = kmalloc(64, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	kfree(buf);
	return 0;
}

/* A freezable thread. */
static int freezable_thread(void *data)
{
	bool was_frozen;

	set_freezable();
	while (!kthread_freezable_should_stop(&was_frozen))
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* BUG_ON() never returns: its path does not run off the end (seen in
 * drivers/md/dm-crypt.c, dmcrypt_write()). */
static int bug_on_thread(void *data)
{
	struct dev *d = data;

	while (1) {
		if (kthread_should_stop())
			break;
		BUG_ON(d->dead);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* A one-shot thread that nobody stops may return whenever it likes. */
static int oneshot_thread(void *data)
{
	return 0;
}

extern void dev_serve_one(struct dev *d);

/* A helper that never returns: the return after its call is unreachable.
 * (Its endless loop is kthread-loop-without-stop-check's finding.) */
static void dev_serve(struct dev *d)
{
	while (1)
		dev_serve_one(d);
}

static int server_thread(void *data)
{
	dev_serve(data);
	return 0;
}

/* Leaves its loop only on a park request, which nothing in the file makes:
 * the return is unreachable. (Once stopped it loops forever, which is
 * kthread-loop-without-stop-check's finding.) */
static int park_only_thread(void *data)
{
	while (!kthread_should_park())
		schedule_timeout_interruptible(HZ);
	kthread_parkme();
	return 0;
}

/* Stops its pinned task and drops the pin, as kthread_stop_put() does in
 * later kernels: the stop is matched through the helper, and the pin still
 * makes an early exit harmless. */
static void stop_and_put(struct task_struct *t)
{
	kthread_stop(t);
	put_task_struct(t);
}

static int dev_start(struct dev *d)
{
	d->poller = kthread_run(poller_thread, d, "poller");
	if (IS_ERR(d->poller))
		return PTR_ERR(d->poller);
	d->parked = kthread_run(parked_thread, d, "parked");
	if (IS_ERR(d->parked))
		return PTR_ERR(d->parked);
	d->helper_checked = kthread_run(helper_checked_thread, d, "checked");
	if (IS_ERR(d->helper_checked))
		return PTR_ERR(d->helper_checked);
	d->pinned = kthread_create(pinned_thread, d, "pinned");
	if (IS_ERR(d->pinned))
		return PTR_ERR(d->pinned);
	get_task_struct(d->pinned);
	wake_up_process(d->pinned);
	d->released = kthread_create(pinned_thread, d, "released");
	if (IS_ERR(d->released))
		return PTR_ERR(d->released);
	get_task_struct(d->released);
	wake_up_process(d->released);
	d->freezable = kthread_run(freezable_thread, d, "freezable");
	if (IS_ERR(d->freezable))
		return PTR_ERR(d->freezable);
	d->bug_on = kthread_run(bug_on_thread, d, "bug-on");
	if (IS_ERR(d->bug_on))
		return PTR_ERR(d->bug_on);
	d->server = kthread_run(server_thread, d, "server");
	if (IS_ERR(d->server))
		return PTR_ERR(d->server);
	d->park_only = kthread_run(park_only_thread, d, "park-only");
	if (IS_ERR(d->park_only))
		return PTR_ERR(d->park_only);
	kthread_run(oneshot_thread, d, "oneshot");
	return 0;
}

static void dev_stop(struct dev *d)
{
	kthread_stop(d->poller);
	kthread_stop(d->parked);
	kthread_stop(d->helper_checked);
	kthread_stop(d->pinned);
	put_task_struct(d->pinned);
	stop_and_put(d->released);
	kthread_stop(d->freezable);
	kthread_stop(d->bug_on);
	kthread_stop(d->server);
	kthread_stop(d->park_only);
}
