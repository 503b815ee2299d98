// Runtime-model scenario of test/checks/kthread-stop-after-exit/reductions-6.1.c:
// start, run with events, stop. card_pick() takes a pending event as work.
//
// RUN: %model_agree %s

void *card_pick(struct card *c)
{
	return c->events > 0 ? c : NULL;
}

MODEL_SCENARIO(start_stop)
{
	static struct card c;

	init_waitqueue_head(&c.wq);
	if (card_start(&c)) {
		model_teardown(c.status);
		model_teardown(c.health);
		model_teardown(c.context);
		model_teardown(c.ring);
		model_teardown(c.sched);
		model_teardown(c.feed);
		return;
	}
	model_run_for(HZ);
	c.events = 1;
	wake_up(&c.wq);
	model_run_for(2 * HZ);
	card_stop(&c);
}

MODEL_SCENARIO(sampler)
{
	static struct sampler s;

	if (sampler_start(&s))
		return;
	model_run_for(HZ);
	sampler_stop(&s);
}

MODEL_SCENARIO(pktgen)
{
	static struct pktgen t;

	t.running = model_pick(2, "running");
	if (pktgen_create(&t))
		return;
	model_run_for(HZ);
	pktgen_destroy(&t);
}
