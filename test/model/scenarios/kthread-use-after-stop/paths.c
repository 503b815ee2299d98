// Runtime-model scenario of test/checks/kthread-use-after-stop/paths.c:
// each function runs on a poller whose thread is running. A use of the
// task after the kthread_stop() that freed it is "use-after-stop".
// A plain read of a freed task_struct's field returns the model's poison
// (0x6b bytes) without a fault; the runtime keeps its own bookkeeping in
// freed task_structs, so it cannot unmap them:
// MODEL-UNOBSERVABLE: 45 kthread-use-after-stop: 't->pid' reads the poisoned task_struct without a fault
//
// RUN: %model_agree %s

#define ON_POLLER(type, fn, ...)                                               \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		struct type p = { 0 };                                         \
		model_explore_faults(0);                                       \
		p.task = kthread_run(model_stop_waiter, NULL, "poller");       \
		fn(&p, ##__VA_ARGS__);                                         \
		model_teardown(p.task);                                        \
	}

ON_POLLER(poller, poller_kick_after_stop)
ON_POLLER(poller, poller_log_after_stop)
ON_POLLER(poller, poller_park_after_stop, 1)
ON_POLLER(poller, poller_log_before_stop)
ON_POLLER(pinned_poller, poller_pinned)
ON_POLLER(poller, poller_restart)
ON_POLLER(poller, poller_cleared)

/* The rx thread's reference is taken by code outside the case. */
MODEL_SCENARIO(link_shutdown)
{
	struct link_threads l = { 0 };

	model_explore_faults(0);
	l.rx = kthread_run(model_stop_waiter, NULL, "link-rx");
	get_task_struct(l.rx);
	link_shutdown(&l);
}

MODEL_SCENARIO(link_irq_free)
{
	struct link_threads l = { 0 };

	if (link_irq_setup(&l) == 0)
		link_irq_free(&l);
}
