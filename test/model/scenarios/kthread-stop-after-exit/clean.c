// Runtime-model scenario of test/checks/kthread-stop-after-exit/clean.c:
// start, run a second, stop; each allocation and creation may fail.
//
// RUN: %model_agree %s

/* The server helper's work: a sleep, so its endless loop idles. */
void dev_serve_one(struct dev *d)
{
	schedule_timeout_interruptible(HZ);
}

MODEL_SCENARIO(start_stop)
{
	static struct dev d;

	if (dev_start(&d)) {
		model_teardown(d.poller);
		model_teardown(d.parked);
		model_teardown(d.helper_checked);
		model_teardown(d.pinned);
		model_teardown(d.freezable);
		model_teardown(d.bug_on);
		model_teardown(d.server);
		model_teardown(d.park_only);
		return;
	}
	model_run_for(HZ);
	d.pending = true;
	wake_up(&d.wq);
	model_run_for(HZ);
	dev_stop(&d);
}
