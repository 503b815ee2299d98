// Runtime-model scenario of test/checks/kthread-wait-without-stop-condition/waits.c:
// start, deliver one item, stop. Each consumer takes an item only when one
// is pending: the scenario states that the count never goes below zero, so
// code that goes on as if its wait's condition held when it did not is seen.
//
// In the old-stop variant the kernel is one before the 6.1 rule: kthread_stop()
// does not interrupt sleeps (InterruptibleWaitsEndOnStop off).
//
// MODEL-VARIANT: old-stop: -config="{CheckOptions: {kthread-wait-without-stop-condition.InterruptibleWaitsEndOnStop: false}}"
// RUN: %model_agree %s

static int pending_not_negative(void *data)
{
	struct pipe *p = data;

	return p->pending >= 0;
}

MODEL_SCENARIO(start_item_stop)
{
	static struct pipe p;

#ifdef MODEL_VARIANT_old_stop
	model_stop_interrupts_sleep(0);
#endif
	MODEL_INVARIANT(pending_not_negative, &p, "p->pending >= 0");
	if (pipe_start(&p)) {
		model_teardown(p.rx);
		model_teardown(p.tx);
		model_teardown(p.mon);
		model_teardown(p.cmd);
		model_teardown(p.drain);
		return;
	}
	model_run_for(HZ);
	p.pending = 1;
	p.ready = true;
	wake_up_all(&p.wq);
	model_run_for(HZ);
	p.ready = false;
	pipe_stop(&p);
}
