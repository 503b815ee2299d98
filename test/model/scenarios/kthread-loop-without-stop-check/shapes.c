// Runtime-model scenario of test/checks/kthread-loop-without-stop-check/shapes.c:
// start, hand over some work, stop. svc_process() is the driver's work on
// one item, which takes no time.
//
// RUN: %model_agree %s

void svc_process(struct svc *s)
{
}

MODEL_SCENARIO(start_work_stop)
{
	static struct svc s;

	if (svc_start(&s)) {
		model_teardown(s.copied);
		model_teardown(s.drain);
		model_teardown(s.asleep);
		return;
	}
	s.work = 3;
	model_run_for(HZ);
	svc_stop(&s);
}
