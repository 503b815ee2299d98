// Runtime-model scenario of test/checks/kthread-double-stop/pinned.c. Each
// function runs on a running pump thread (the start path with its creation
// failing too); the model's kthread_stop() consumes the exit completion, so a
// second stop of the pinned task is a stop-hang-exited verdict.
//
// RUN: %model_agree %s

int pump_hw_reset(struct pump *p)
{
	return model_pick(2, "pump_hw_reset fails") ? -EIO : 0;
}

static struct task_struct *pump_thread(void)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(pump_fn, NULL, "pump");
	model_explore_faults(1);
	model_run_for(1);
	return t;
}

MODEL_SCENARIO(stop_twice)
{
	pump_stop_twice(pump_thread());
}

MODEL_SCENARIO(stop_then_put)
{
	pump_stop_then_put(pump_thread());
}

MODEL_SCENARIO(start_reset)
{
	struct pump p = { 0 };

	if (pump_start(&p))
		return;
	model_run_for(HZ);
	pump_reset(&p);
}

MODEL_SCENARIO(restart)
{
	struct pump p = { 0 };

	p.aux = pump_thread();
	pump_restart(&p);
}

MODEL_SCENARIO(stop_once)
{
	pump_stop_once(pump_thread(), model_pick(2, "fast"));
}

MODEL_SCENARIO(stop_put)
{
	pump_stop_put(pump_thread());
}
