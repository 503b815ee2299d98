// Runtime-model scenario of test/checks/kthread-stop-deadlock/cleanup.c:
// each adder runs with the bus lock held, as its caller takes it, under
// every outcome of the PID lookup, of the thread's creation and of the late
// registration, with preemption explored (the thread must have started and
// gone to sleep before a late failure's stop for the stop to wake it into
// the lock). Only a late failure stops a thread.
//
// RUN: %model_agree %s

int bus_read_pid(int *pid)
{
	*pid = 7;
	return model_pick(2, "PID lookup fails") ? -1 : 0;
}

int bus_register(int pid)
{
	return model_pick(2, "registration fails") ? -5 : 0;
}

#define ADD(fn)                                                                \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		model_explore_faults(1);                                       \
		model_explore_picks(2);                                        \
		model_explore_preemptions(1);                                  \
		the_bus = NULL;                                                \
		fn();                                                          \
		if (the_bus)                                                   \
			model_teardown(the_bus->tx_thread);                    \
	}

ADD(bus_add_early_locked)
ADD(bus_add_locked)
