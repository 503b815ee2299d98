// A thread that can leave before kthread_should_stop() is true, while the
// file stops it with kthread_stop() and never pins the task.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-after-exit' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct dev {
	struct task_struct *worker;
	struct task_struct *reader;
	struct task_struct *oneshot;
	struct task_struct *exiting;
	struct task_struct *picker;
	struct task_struct *suspendable;
	struct task_struct *drainer;
	struct completion done;
	int status;
};

extern int dev_read(struct dev *d, void *buf);

/* The seed chapter's "Thread with Cleanup": a failed allocation returns
 * before the loop, and remove stops the thread later. */
static int worker_thread(void *data)
{
	void *buf;

	buf = kmalloc(4096, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	// CHECK: :[[@LINE-1]]:3: warning: thread function 'worker_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+152]]:14: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+181]]:2: note: 'd->worker' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:3: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:3: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:3: note: likelihood: a race: it happens when the thread gets there before the stop
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	kfree(buf);
	return 0;
}

/* A break out of the loop on an error reaches the common return. */
static int reader_thread(void *data)
{
	struct dev *d = data;
	char buf[64];

	while (!kthread_should_stop()) {
		if (dev_read(d, buf) < 0)
			break;
	}
	return 0;
	// CHECK: :[[@LINE-1]]:2: warning: thread function 'reader_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+132]]:14: note: 'kthread_create' starts the thread here
	// CHECK: :[[@LINE+159]]:2: note: 'd->reader' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:2: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

/* kthread_complete_and_exit() ends the thread just the same. */
static int oneshot_thread(void *data)
{
	struct dev *d = data;

	d->status = 1;
	kthread_complete_and_exit(&d->done, 0);
	// CHECK: :[[@LINE-1]]:2: warning: thread function 'oneshot_thread' can end here through 'kthread_complete_and_exit' before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+121]]:15: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+145]]:2: note: 'd->oneshot' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:2: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

/* kthread_exit() from a helper-less error path. */
static int exiting_thread(void *data)
{
	struct dev *d = data;

	if (d->status < 0)
		kthread_exit(d->status);
	// CHECK: :[[@LINE-1]]:3: warning: thread function 'exiting_thread' can end here through 'kthread_exit' before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+109]]:15: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+131]]:2: note: 'd->exiting' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:3: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:3: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:3: note: likelihood: a race: it happens when the thread gets there before the stop
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

extern void *dev_pick(struct dev *d);

/* The look-alike of a wait loop that ends only with work or on stop (see
 * reductions-6.1.c): here a bad status also ends it without work, so the
 * exit on "no work" below can come before any stop. */
static int picker_thread(void *data)
{
	struct dev *d = data;
	void *work = NULL;

	while (!kthread_should_stop()) {
		do {
			work = dev_pick(d);
			if (work || d->status < 0)
				break;
			schedule_timeout_interruptible(HZ);
		} while (!kthread_should_stop());
		if (!work)
			break;
		d->status++;
	}
	return 0;
	// CHECK: :[[@LINE-1]]:2: warning: thread function 'picker_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+79]]:14: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+99]]:2: note: 'd->picker' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:2: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

/* Parks on request and returns once unparked: after a suspend and resume,
 * it has ended before remove stops it. */
static int suspendable_thread(void *data)
{
	while (!kthread_should_park())
		schedule_timeout_interruptible(HZ);
	kthread_parkme();
	return 0;
	// CHECK: :[[@LINE-1]]:2: warning: thread function 'suspendable_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+66]]:19: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+84]]:2: note: 'd->suspendable' is stopped here with 'kthread_stop'
	// CHECK: :[[@LINE-4]]:2: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

static void dev_suspend(struct dev *d)
{
	kthread_park(d->suspendable);
}

static void dev_resume(struct dev *d)
{
	kthread_unpark(d->suspendable);
}

/* Stopped through a helper that takes the task: the helper's stop is the
 * caller's. */
static int drainer_thread(void *data)
{
	void *buf = kmalloc(64, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	// CHECK: :[[@LINE-1]]:3: warning: thread function 'drainer_thread' can return here before kthread_should_stop() is true [kthread-stop-after-exit]
	// CHECK: :[[@LINE+43]]:15: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE+59]]:2: note: 'd->drainer' is stopped here with 'stop_thread'
	// CHECK: :[[@LINE-4]]:3: note: if the thread has exited by then, kthread_stop() uses its freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:3: note: leave only once kthread_should_stop() is true, or pin the task with get_task_struct() after creating it
	// CHECK: :[[@LINE-6]]:3: note: likelihood: a race: it happens when the thread gets there before the stop
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	kfree(buf);
	return 0;
}

static void stop_thread(struct task_struct *t)
{
	if (t)
		kthread_stop(t);
}

static int dev_probe(struct platform_device *pdev)
{
	struct dev *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	init_completion(&d->done);
	d->worker = kthread_run(worker_thread, d, "dev-worker");
	if (IS_ERR(d->worker))
		return PTR_ERR(d->worker);
	d->reader = kthread_create(reader_thread, d, "dev-reader");
	if (IS_ERR(d->reader))
		return PTR_ERR(d->reader);
	wake_up_process(d->reader);
	d->oneshot = kthread_run(oneshot_thread, d, "dev-oneshot");
	if (IS_ERR(d->oneshot))
		return PTR_ERR(d->oneshot);
	d->exiting = kthread_run(exiting_thread, d, "dev-exiting");
	if (IS_ERR(d->exiting))
		return PTR_ERR(d->exiting);
	d->picker = kthread_run(picker_thread, d, "dev-picker");
	if (IS_ERR(d->picker))
		return PTR_ERR(d->picker);
	d->suspendable = kthread_run(suspendable_thread, d, "dev-suspendable");
	if (IS_ERR(d->suspendable))
		return PTR_ERR(d->suspendable);
	d->drainer = kthread_run(drainer_thread, d, "dev-drainer");
	if (IS_ERR(d->drainer))
		return PTR_ERR(d->drainer);
	platform_set_drvdata(pdev, d);
	return 0;
}

static int dev_remove(struct platform_device *pdev)
{
	struct dev *d = platform_get_drvdata(pdev);

	kthread_stop(d->worker);
	kthread_stop(d->reader);
	kthread_stop(d->oneshot);
	kthread_stop(d->exiting);
	kthread_stop(d->picker);
	kthread_stop(d->suspendable);
	stop_thread(d->drainer);
	return 0;
}
