// SPDX-License-Identifier: GPL-2.0
/*
 * Example driver for kthread-tidy: a tuner with a control thread.
 *
 * Bug (the most common real-world form): probe notices that kthread_run()
 * failed, only logs it and returns 0. The ERR_PTR stays in state->kthread,
 * and remove's NULL test does not catch it: kthread_stop() oopses.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/wait.h>

struct tuner {
	struct task_struct *kthread;
	wait_queue_head_t wq;
	bool restart;
};

static int tuner_thread(void *data)
{
	struct tuner *t = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(t->wq, t->restart || kthread_should_stop());
		t->restart = false;
	}
	return 0;
}

static int tuner_probe(struct platform_device *pdev)
{
	struct tuner *t = devm_kzalloc(&pdev->dev, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	init_waitqueue_head(&t->wq);
	platform_set_drvdata(pdev, t);

	t->kthread = kthread_run(tuner_thread, t, "tuner");
	if (IS_ERR(t->kthread))
		dev_warn(&pdev->dev, "kernel_thread() failed\n");
	return 0;
}

static int tuner_remove(struct platform_device *pdev)
{
	struct tuner *t = platform_get_drvdata(pdev);

	if (t->kthread)
		kthread_stop(t->kthread);
	return 0;
}
