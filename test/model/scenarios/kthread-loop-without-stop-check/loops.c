// Runtime-model scenario of test/checks/kthread-loop-without-stop-check/loops.c:
// start every thread, let them run a second, stop them. eng_process() is
// the driver's work on one item, which takes no time.
//
// RUN: %model_agree %s

void eng_process(struct eng *e)
{
}

MODEL_SCENARIO(start_stop)
{
	static struct eng e;

	if (eng_start(&e)) {
		model_teardown(e.spin);
		model_teardown(e.restart);
		model_teardown(e.helper);
		model_teardown(e.good);
		model_teardown(e.bounded);
		model_teardown(e.restart_ok);
		model_teardown(e.park_only);
		model_teardown(e.park_ok);
		model_teardown(e.relay);
		model_teardown(e.kicked);
		return;
	}
	model_run_for(HZ);
	eng_stop(&e);
}
