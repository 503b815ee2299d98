// SPDX-License-Identifier: GPL-2.0
/*
 * Example driver for kthread-tidy: a receive thread fed by an interrupt.
 *
 * Bug: the thread sleeps in an uninterruptible wait_event() whose condition
 * never tests kthread_should_stop(); kthread_stop() in remove wakes it, it
 * sleeps again, and removal hangs.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/wait.h>

struct rx_pipe {
	struct task_struct *rx;
	wait_queue_head_t wq;
	int pending;
};

static int rx_pipe_thread(void *data)
{
	struct rx_pipe *p = data;

	while (!kthread_should_stop()) {
		wait_event(p->wq, p->pending > 0);
		p->pending--;
	}
	return 0;
}

static int rx_pipe_probe(struct platform_device *pdev)
{
	struct rx_pipe *p = devm_kzalloc(&pdev->dev, sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	init_waitqueue_head(&p->wq);
	p->rx = kthread_run(rx_pipe_thread, p, "rx-pipe");
	if (IS_ERR(p->rx))
		return PTR_ERR(p->rx);
	platform_set_drvdata(pdev, p);
	return 0;
}

static int rx_pipe_remove(struct platform_device *pdev)
{
	struct rx_pipe *p = platform_get_drvdata(pdev);

	kthread_stop(p->rx);
	return 0;
}
