// SPDX-License-Identifier: GPL-2.0
/*
 * Example driver for kthread-tidy: a controller with a polling thread.
 *
 * Bug: when the IRQ set-up fails, the error branch stops the thread and then
 * falls to the goto ladder, which stops it again; the exited thread's
 * task_struct may already be freed (use-after-free).
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct ctrl {
	struct task_struct *poll;
	int irq;
};

static int ctrl_poll(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int ctrl_request_irq(struct ctrl *c)
{
	return c->irq < 0 ? -ENODEV : 0;
}

static int ctrl_probe(struct platform_device *pdev)
{
	struct ctrl *c = devm_kzalloc(&pdev->dev, sizeof(*c), GFP_KERNEL);
	int err;

	if (!c)
		return -ENOMEM;
	c->poll = kthread_run(ctrl_poll, c, "ctrl-poll");
	if (IS_ERR(c->poll))
		return PTR_ERR(c->poll);

	err = ctrl_request_irq(c);
	if (err) {
		dev_err(&pdev->dev, "no irq\n");
		kthread_stop(c->poll);
		goto err_thread;
	}
	platform_set_drvdata(pdev, c);
	return 0;

err_thread:
	kthread_stop(c->poll);
	return err;
}
