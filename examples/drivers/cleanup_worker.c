// SPDX-License-Identifier: GPL-2.0
/*
 * Example driver for kthread-tidy: a worker with a thread-local buffer, in
 * the shape of the kernel-threads tutorial's "Thread with Cleanup" example.
 *
 * Bug: when the allocation fails, the thread returns at once and is reaped;
 * remove later calls kthread_stop() on its freed task_struct.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct cleanup_dev {
	struct task_struct *worker;
};

static int cleanup_worker(void *data)
{
	void *buf;

	buf = kmalloc(4096, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);

	kfree(buf);
	return 0;
}

static int cleanup_probe(struct platform_device *pdev)
{
	struct cleanup_dev *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	d->worker = kthread_run(cleanup_worker, d, "cleanup-worker");
	if (IS_ERR(d->worker))
		return PTR_ERR(d->worker);
	platform_set_drvdata(pdev, d);
	return 0;
}

static int cleanup_remove(struct platform_device *pdev)
{
	struct cleanup_dev *d = platform_get_drvdata(pdev);

	kthread_stop(d->worker);
	return 0;
}
