// Runtime-model scenario of test/checks/kthread-double-stop/copies.c: each
// function of the case runs on a device whose two threads are running.
//
// RUN: %model_agree %s

static void hw_up(struct hw *h)
{
	model_explore_faults(0);
	h->poll = kthread_run(model_stop_waiter, NULL, "poll");
	h->irq = kthread_run(model_stop_waiter, NULL, "irq");
}

#define ON_HW(fn)                                                              \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		struct hw h = { 0 };                                           \
		hw_up(&h);                                                     \
		fn(&h);                                                        \
		model_teardown(h.poll);                                        \
		model_teardown(h.irq);                                         \
	}

ON_HW(hw_stop_field_then_copy)
ON_HW(hw_stop_helper_then_copy)
ON_HW(hw_stop_detached)
ON_HW(hw_stop_helper_then_field)
ON_HW(hw_stop_each)
