// Runtime-model scenario of test/checks/kthread-stop-deadlock/locks.c: each
// stopper runs against the one thread it stops.
//
// The certain cases let the thread go to sleep first (half of its one-second
// period); the stop then ends the sleep, and the thread goes for the lock
// the stopper holds: "stop-deadlock". The worker's case starts the thread
// and stops it at once, with preemption explored: the deadlock needs the
// thread to be past its test when the stopper takes the lock. The
// CPU-hotplug case adds a CPU going down (cpus_write_lock()) woken just
// before the stop: its queued writer holds the thread's read lock back.
// The clean look-alikes run the same way, and no schedule fails.
//
// RUN: %model_agree %s

static int cpu_down_thread(void *data)
{
	cpus_write_lock();
	cpus_write_unlock();
	return 0;
}

static void poller_up(struct poller *p)
{
	mutex_init(&p->lock);
	init_rwsem(&p->cfg_sem);
	sema_init(&p->hw_sem, 1);
}

#define ASLEEP(stopper, field, fn)                                             \
	MODEL_SCENARIO(stopper)                                                \
	{                                                                      \
		static struct poller p;                                        \
		model_explore_faults(0);                                       \
		model_explore_preemptions(1);                                  \
		poller_up(&p);                                                 \
		p.field = kthread_run(fn, &p, #fn);                            \
		model_run_for(HZ / 2);                                         \
		stopper(&p);                                                   \
		model_teardown(p.field);                                       \
	}

ASLEEP(poller_stop_sampler, sampler, sampler_thread)
ASLEEP(poller_stop_sampler_unlocked, sampler, sampler_thread)
ASLEEP(poller_stop_cleaner, cleaner, cleaner_thread)
ASLEEP(poller_stop_hw, hw, hw_thread)
ASLEEP(poller_try_stop, worker, worker_thread)

MODEL_SCENARIO(poller_stop_polite)
{
	static struct poller p;
	model_explore_faults(0);
	model_explore_preemptions(2);
	poller_up(&p);
	p.polite = kthread_run(polite_thread, &p, "polite");
	p.trier = kthread_run(trier_thread, &p, "trier");
	model_run_for(HZ / 2);
	poller_stop_polite(&p);
}

MODEL_SCENARIO(poller_stop_worker)
{
	static struct poller p;
	model_explore_faults(0);
	model_explore_preemptions(2);
	poller_up(&p);
	p.worker = kthread_run(worker_thread, &p, "worker");
	poller_stop_worker(&p);
}

MODEL_SCENARIO(poller_stop_hotplug)
{
	static struct poller p;
	struct task_struct *cpu_down;
	model_explore_faults(0);
	poller_up(&p);
	p.hotplug = kthread_run(hotplug_thread, &p, "hotplug");
	model_run_for(HZ / 2);
	cpu_down = kthread_run(cpu_down_thread, NULL, "cpu_down");
	poller_stop_hotplug(&p);
	model_teardown(p.hotplug);
}
