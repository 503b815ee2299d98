// Runtime-model scenario of test/checks/kthread-stop-deadlock/options.c.
// By default hw_lock() and hw_unlock() are plain calls (the check knows
// nothing of them); in the variant whose options name them they lock the
// struct hw they are given, and only certain findings are asked for, so
// the race on the mutex is not run there. hw_stop_irq_parked() is silenced
// with NOLINT: its deadlock is the same race as hw_stop_irq()'s.
//
// MODEL-VARIANT: options: -config="{CheckOptions: {kthread-stop-deadlock.SleepingLockFunctions: 'hw_lock', kthread-stop-deadlock.SleepingUnlockFunctions: 'hw_unlock', kthread-stop-deadlock.MinLikelihood: certain}}"
// RUN: %model_agree %s

void hw_lock(struct hw *h)
{
#ifdef MODEL_VARIANT_options
	model_lock(h, MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_UNINTERRUPTIBLE,
		   "hw_lock", MODEL_HERE);
#endif
}

void hw_unlock(struct hw *h)
{
#ifdef MODEL_VARIANT_options
	model_unlock(h, MODEL_HERE);
#endif
}

MODEL_SCENARIO(hw_stop_poll)
{
	static struct hw h;
	model_explore_faults(0);
	mutex_init(&h.lock);
	h.poll = kthread_run(hw_poll_thread, &h, "hw-poll");
	model_run_for(HZ / 2);
	hw_stop_poll(&h);
	model_teardown(h.poll);
}

#ifndef MODEL_VARIANT_options
#define RACE(stopper)                                                          \
	MODEL_SCENARIO(stopper)                                                \
	{                                                                      \
		static struct hw h;                                            \
		model_explore_faults(0);                                       \
		model_explore_preemptions(2);                                  \
		mutex_init(&h.lock);                                           \
		h.irq = kthread_run(hw_irq_thread, &h, "hw-irq");              \
		stopper(&h);                                                   \
	}

RACE(hw_stop_irq)
RACE(hw_stop_irq_parked)
#endif
