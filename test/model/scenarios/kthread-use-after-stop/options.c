// Runtime-model scenario of test/checks/kthread-use-after-stop/options.c.
// By default the wrappers are what the check takes them for without the
// options: calls that stop and wake nothing. In the variant whose options
// name them, drv_halt() stops and drv_kick() wakes: drv_restart() and
// drv_restart_known() (silenced with NOLINT) wake the freed task, and the
// tick may fire once more when drv_teardown() deletes it after the stop.
//
// MODEL-VARIANT: options: -config="{CheckOptions: {kthread-use-after-stop.StopFunctions: 'drv_halt', WakeFunctions: 'drv_kick'}}"
// RUN: %model_agree %s

void drv_halt(struct task_struct *t)
{
#ifdef MODEL_VARIANT_options
	kthread_stop(t);
#endif
}

void drv_kick(struct task_struct *t)
{
#ifdef MODEL_VARIANT_options
	wake_up_process(t);
#endif
}

#define ON_DRV(fn)                                                             \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		struct drv d = { 0 };                                          \
		model_explore_faults(0);                                       \
		model_explore_callbacks(1);                                    \
		drv_setup(&d);                                                 \
		d.thread = kthread_run(model_stop_waiter, NULL, "drv");        \
		mod_timer(&d.tick, 1);                                         \
		fn(&d);                                                        \
		model_teardown(d.thread);                                      \
	}

ON_DRV(drv_restart)
ON_DRV(drv_restart_known)
ON_DRV(drv_teardown)
