// Runtime-model scenario of test/checks/kthread-wait-without-stop-condition/clean.c:
// start, deliver an event, stop.
//
// RUN: %model_agree %s

MODEL_SCENARIO(start_event_stop)
{
	static struct dev d;

	if (dev_start(&d)) {
		/* As dev_stop() does, make d_thread's condition true first. */
		d.dead = true;
		wake_up(&d.wq);
		model_teardown(d.a);
		model_teardown(d.b);
		model_teardown(d.c);
		model_teardown(d.d);
		model_teardown(d.e);
		model_teardown(d.f);
		model_teardown(d.g);
		model_teardown(d.h);
		return;
	}
	model_run_for(HZ);
	d.pending = 1;
	wake_up(&d.wq);
	model_run_for(HZ);
	dev_stop(&d);
}
