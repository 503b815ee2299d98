// Runtime-model scenario of test/checks/kthread-stop-in-atomic/options.c.
// By default the hw_* functions are plain calls (the check knows nothing of
// them, and nothing happens). In the variant whose options name them,
// hw_lock() spins (an atomic context), hw_wait_idle() sleeps and
// hw_stop_thread() stops the thread.
//
// MODEL-VARIANT: options: -config="{CheckOptions: {kthread-stop-in-atomic.LockFunctions: 'hw_lock', kthread-stop-in-atomic.UnlockFunctions: 'hw_unlock', kthread-stop-in-atomic.SleepingFunctions: 'hw_wait_idle', StopFunctions: 'hw_stop_thread'}}"
// RUN: %model_agree %s

void hw_lock(struct hw *h)
{
#ifdef MODEL_VARIANT_options
	model_atomic_enter("hw_lock", MODEL_HERE);
#endif
}

void hw_unlock(struct hw *h)
{
#ifdef MODEL_VARIANT_options
	model_atomic_exit(MODEL_HERE);
#endif
}

void hw_wait_idle(struct hw *h)
{
#ifdef MODEL_VARIANT_options
	model_sleeping_call("hw_wait_idle", MODEL_HERE);
#endif
}

void hw_stop_thread(struct task_struct *t)
{
#ifdef MODEL_VARIANT_options
	kthread_stop(t);
#endif
}

#define ON_HW(fn)                                                              \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		struct hw h = { 0 };                                           \
		model_explore_faults(0);                                       \
		h.poll = kthread_run(model_stop_waiter, NULL, "poll");         \
		fn(&h);                                                        \
		model_teardown(h.poll);                                        \
	}

ON_HW(hw_reset)
ON_HW(hw_reset_unlocked)
