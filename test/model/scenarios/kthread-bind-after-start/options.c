// Runtime-model scenario of test/checks/kthread-bind-after-start/options.c.
// By default the wrappers are what the check takes them for without the
// options: a creation that leaves the thread asleep, and a call that does
// nothing. In the variant whose options name them, drv_run_thread() creates
// and wakes and drv_kick() wakes; both binds then WARN, the second one
// silenced with NOLINT.
//
// MODEL-VARIANT: options: -config="{CheckOptions: {RunFunctions: 'drv_run_thread', kthread-bind-after-start.WakeFunctions: 'drv_kick'}}"
// RUN: %model_agree %s

struct task_struct *drv_run_thread(int (*fn)(void *), void *data)
{
#ifdef MODEL_VARIANT_options
	return kthread_run(fn, data, "drv");
#else
	return kthread_create(fn, data, "drv");
#endif
}

void drv_kick(struct task_struct *t)
{
#ifdef MODEL_VARIANT_options
	wake_up_process(t);
#endif
}

MODEL_SCENARIO(drv_start)
{
	static struct drv d;
	model_explore_faults(0);
	drv_start(&d);
	model_teardown(d.irq_thread);
}

MODEL_SCENARIO(drv_start_poll)
{
	static struct drv d;
	model_explore_faults(0);
	drv_start_poll(&d);
	model_teardown(d.poll_thread);
}
