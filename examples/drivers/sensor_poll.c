// SPDX-License-Identifier: GPL-2.0
/*
 * Example driver for kthread-tidy: a temperature sensor polled by a kthread.
 *
 * Bug: kthread_run() returns an ERR_PTR on failure, never NULL, so the probe's
 * NULL test lets a failed creation through and remove later stops the ERR_PTR.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct sensor {
	struct task_struct *poller;
	int millidegrees;
};

static int sensor_poll(void *data)
{
	struct sensor *s = data;

	while (!kthread_should_stop()) {
		s->millidegrees = 42000;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

static int sensor_probe(struct platform_device *pdev)
{
	struct sensor *s = devm_kzalloc(&pdev->dev, sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->poller = kthread_run(sensor_poll, s, "sensor-poll");
	if (!s->poller)
		return -ENOMEM;
	platform_set_drvdata(pdev, s);
	return 0;
}

static int sensor_remove(struct platform_device *pdev)
{
	struct sensor *s = platform_get_drvdata(pdev);

	kthread_stop(s->poller);
	return 0;
}
