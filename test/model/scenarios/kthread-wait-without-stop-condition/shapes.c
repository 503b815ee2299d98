// Runtime-model scenario of test/checks/kthread-wait-without-stop-condition/shapes.c:
// start, hand over one item of work, stop. Each consumer takes work only
// when there is some: the scenario states that the count never goes below
// zero, so code that goes on as if its wait's condition held is seen.
//
// RUN: %model_agree %s

static int work_not_negative(void *data)
{
	struct hub *h = data;

	return h->work >= 0;
}

MODEL_SCENARIO(start_work_stop)
{
	static struct hub h;

	MODEL_INVARIANT(work_not_negative, &h, "h->work >= 0");
	if (hub_start(&h)) {
		model_teardown(h.idle);
		model_teardown(h.poll);
		model_teardown(h.locked);
		model_teardown(h.locked_intr);
		model_teardown(h.signalled);
		model_teardown(h.asleep);
		return;
	}
	model_run_for(HZ);
	h.work = 1;
	wake_up_all(&h.wq);
	model_run_for(HZ);
	hub_stop(&h);
}
