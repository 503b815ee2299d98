// Runtime-model scenario of test/checks/kthread-double-stop/helpers.c: each
// function of the case runs on a link whose two threads are running.
//
// drv_halt_thread() is the driver's own function. By default the check does
// not know it, and here it halts the hardware only; the variant in which the
// StopFunctions option declares it a stop function makes it stop the thread.
//
// MODEL-VARIANT: stop-functions: -config="{CheckOptions: {kthread-double-stop.StopFunctions: 'kthread_stop;drv_halt_thread'}}"
// RUN: %model_agree %s

void drv_halt_thread(struct task_struct *t)
{
#ifdef MODEL_VARIANT_stop_functions
	kthread_stop(t);
#endif
}

static void link_up(struct link *l)
{
	model_explore_faults(0);
	l->rx = kthread_run(model_stop_waiter, NULL, "rx");
	l->tx = kthread_run(model_stop_waiter, NULL, "tx");
}

#define ON_A_LINK(fn)                                                          \
	MODEL_SCENARIO(fn)                                          \
	{                                                                      \
		struct link l = { 0 };                                         \
		link_up(&l);                                                   \
		fn(&l);                                                        \
		model_teardown(l.rx);                                          \
		model_teardown(l.tx);                                          \
	}

ON_A_LINK(link_down)
ON_A_LINK(link_reset)
ON_A_LINK(link_halt)
ON_A_LINK(link_down_cleared)
ON_A_LINK(link_down_both)
