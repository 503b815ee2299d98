// Runtime-model scenario of test/checks/kthread-stop-after-exit/early-exit.c:
// probe, run a second, remove. dev_read() is a read from the device that
// takes 10 ms and may fail (a fault point, like each allocation);
// dev_pick() finds no queued work.
//
// RUN: %model_agree %s

#include <linux/delay.h>

void *dev_pick(struct dev *d)
{
	return NULL;
}

int dev_read(struct dev *d, void *buf)
{
	msleep(10);
	return model_fail("dev_read") ? -EIO : 64;
}

MODEL_SCENARIO(probe_remove)
{
	struct platform_device pdev = { 0 };

	if (dev_probe(&pdev))
		return;
	model_run_for(HZ);
	dev_remove(&pdev);
}

/* Another part of the driver records a failure in d->status right after the
 * probe; which thread runs first is the scheduler's choice, so the explorer
 * varies it (oneshot_thread overwrites the status when it runs first).
 * exiting_thread and picker_thread both leave on a negative status. */
MODEL_SCENARIO(status_error_remove)
{
	struct platform_device pdev = { 0 };
	struct dev *d;

	model_explore_faults(0);
	model_explore_picks(1);
	if (dev_probe(&pdev))
		return;
	d = platform_get_drvdata(&pdev);
	d->status = -EIO;
	model_run_for(HZ);
	dev_remove(&pdev);
}

/* A suspend parks suspendable_thread and the resume unparks it: it returns,
 * and remove then stops the exited thread. */
MODEL_SCENARIO(suspend_resume_remove)
{
	struct platform_device pdev = { 0 };
	struct dev *d;

	model_explore_faults(0);
	if (dev_probe(&pdev))
		return;
	d = platform_get_drvdata(&pdev);
	model_run_for(HZ);
	dev_suspend(d);
	dev_resume(d);
	model_run_for(HZ);
	dev_remove(&pdev);
}
