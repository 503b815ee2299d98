// Seed example 1 (the chapter's basic pattern, rewritten): an event thread
// whose wait tests kthread_should_stop(), created in probe, stopped in
// remove. Every allocation and creation fails in turn.
// Model: no verdict.
//
// RUN: %model_run %s | FileCheck %s
// CHECK: model: 1 scenario, {{[0-9]+}} runs, 0 verdicts

#include <linux/kthread.h>
#include <linux/platform_device.h>
#include <linux/wait.h>

struct sensor_dev {
	struct task_struct *thread;
	wait_queue_head_t wq;
	bool new_sample;
	int samples;
};

static int sensor_thread(void *data)
{
	struct sensor_dev *sd = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(sd->wq,
					 sd->new_sample || kthread_should_stop());
		if (kthread_should_stop())
			break;
		sd->new_sample = false;
		sd->samples++;
	}
	return 0;
}

static int sensor_probe(struct platform_device *pdev)
{
	struct sensor_dev *sd = devm_kzalloc(&pdev->dev, sizeof(*sd), GFP_KERNEL);

	if (!sd)
		return -ENOMEM;
	init_waitqueue_head(&sd->wq);
	sd->thread = kthread_run(sensor_thread, sd, "sensor");
	if (IS_ERR(sd->thread))
		return PTR_ERR(sd->thread);
	platform_set_drvdata(pdev, sd);
	return 0;
}

static void sensor_remove(struct platform_device *pdev)
{
	struct sensor_dev *sd = platform_get_drvdata(pdev);

	kthread_stop(sd->thread);
}

MODEL_SCENARIO(probe_irq_remove)
{
	struct platform_device pdev = { 0 };
	struct sensor_dev *sd;

	if (sensor_probe(&pdev))
		return;
	sd = platform_get_drvdata(&pdev);
	sd->new_sample = true; /* the interrupt handler */
	wake_up_interruptible(&sd->wq);
	model_run_for(HZ);
	MODEL_EXPECT(sd->samples == 1);
	sensor_remove(&pdev);
}
