// Runtime-model scenario of test/checks/kthread-stop-in-atomic/locks.c:
// each function runs on an hcd whose thread and worker are running, with
// the flag it tests set and clear. A sleeping kthread call inside a lock,
// with interrupts or preemption off or in an RCU section is the verdict
// "sleeping function called from invalid context".
//
// RUN: %model_agree %s

/* Parks when asked, ends when stopped. */
static int hcd_thread(void *data)
{
	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		schedule_timeout_interruptible(HZ / 10);
	}
	return 0;
}

static void hcd_up(struct hcd *h, int running)
{
	model_explore_faults(0);
	spin_lock_init(&h->lock);
	spin_lock_init(&h->stats_lock);
	rwlock_init(&h->list_lock);
	h->running = running;
	h->spi_thread = kthread_run(hcd_thread, NULL, "spi");
	h->worker = kthread_create_worker(0, "hcd-worker");
}

#define ON_AN_HCD(fn, running)                                                 \
	MODEL_SCENARIO(fn##_##running)                                         \
	{                                                                      \
		struct hcd h = { 0 };                                          \
		hcd_up(&h, running);                                           \
		model_run_for(HZ);                                             \
		fn(&h);                                                        \
		model_teardown(h.spi_thread);                                  \
		model_teardown_worker(h.worker);                               \
	}

ON_AN_HCD(hcd_remove, 0)
ON_AN_HCD(hcd_remove_unlocked, 0)
ON_AN_HCD(hcd_stop_maybe, 0)
ON_AN_HCD(hcd_stop_maybe, 1)
ON_AN_HCD(hcd_stop_both, 0)
ON_AN_HCD(hcd_stop_both, 1)
ON_AN_HCD(hcd_stop_wrong_unlock, 0)
ON_AN_HCD(hcd_stop_through_local, 0)
ON_AN_HCD(hcd_try_stop, 0)
ON_AN_HCD(hcd_try_or_stop, 0)
ON_AN_HCD(hcd_write_locked, 0)
ON_AN_HCD(hcd_irqs_off, 0)
ON_AN_HCD(hcd_irqs_back_on, 0)
ON_AN_HCD(hcd_preempt_off, 0)
ON_AN_HCD(hcd_rcu, 1)
ON_AN_HCD(hcd_rcu_then_park, 1)
ON_AN_HCD(hcd_remove_reviewed, 0)
