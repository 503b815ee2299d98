// Runtime-model scenario of test/checks/kthread-use-after-stop/stale.c:
// each device is set up with its thread running, its timer armed and its
// interrupt registered, and torn down; a timer or interrupt handler may
// fire once more when del_timer_sync() or free_irq() removes it
// (model_explore_callbacks). The failing open runs with request_irq()
// failing or not, and the ethtool-like op runs after it either way. A use
// of a task after the kthread_stop() that freed it is "use-after-stop".
//
// RUN: %model_agree %s

#define TIMER_DEVICE(type, setup, teardown)                                    \
	MODEL_SCENARIO(teardown)                                               \
	{                                                                      \
		struct type d = { 0 };                                         \
		model_explore_faults(0);                                       \
		model_explore_callbacks(1);                                    \
		setup(&d);                                                     \
		if (!d.thread)                                                 \
			d.thread = kthread_run(model_stop_waiter, NULL, "dev"); \
		mod_timer(&d.edge, 1);                               \
		teardown(&d);                                                  \
	}

#define ir_raw_setup(d) ((void)ir_raw_register(d))
TIMER_DEVICE(ir_raw, ir_raw_setup, ir_raw_unregister)
TIMER_DEVICE(ir_pinned, ir_pinned_register, ir_pinned_unregister)
TIMER_DEVICE(ir_ordered, ir_ordered_register, ir_ordered_unregister)
TIMER_DEVICE(guarded, guarded_register, guarded_unregister)

MODEL_SCENARIO(blinker_teardown)
{
	struct blinker b = { 0 };

	model_explore_faults(0);
	model_explore_callbacks(1);
	blinker_setup(&b);
	b.thread = kthread_run(model_stop_waiter, NULL, "blinker");
	mod_timer(&b.blink, 1);
	blinker_teardown(&b);
}

MODEL_SCENARIO(sensor_remove)
{
	struct sensor s = { 0 };

	model_explore_faults(0);
	model_explore_callbacks(1);
	if (sensor_probe(&s) == 0)
		sensor_remove(&s);
}

MODEL_SCENARIO(meter_remove)
{
	struct meter m = { 0 };

	model_explore_faults(0);
	model_explore_callbacks(1);
	if (meter_probe(&m) == 0) {
		m.thread = kthread_run(model_stop_waiter, NULL, "meter");
		meter_remove(&m);
	}
}

#define OPEN_THEN_TOOL(type, open, xmit, set_ring)                             \
	MODEL_SCENARIO(open)                                                   \
	{                                                                      \
		struct type l = { 0 };                                         \
		model_explore_faults(1);                                       \
		if (open(&l) == 0)                                             \
			xmit(&l);                                              \
		set_ring(&l, 64);                                              \
		model_teardown(l.thread);                                      \
	}

static int no_xmit(struct port *p)
{
	return 0;
}

OPEN_THEN_TOOL(link, link_open, link_xmit, link_set_ring)
OPEN_THEN_TOOL(port, port_open, no_xmit, port_set_ring)
