// Runtime-model scenario of test/checks/kthread-bind-after-start/binds.c:
// each start runs on a fresh engine, then engine_move() binds the worker
// to another CPU. A bind of a woken thread that is not asleep in
// TASK_UNINTERRUPTIBLE is the kernel's WARNING in __kthread_bind_mask():
// "bind-after-start".
//
// RUN: %model_agree %s

#define START(fn, field)                                                       \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		static struct engine e;                                        \
		model_explore_faults(0);                                       \
		e.cpu = 1;                                                     \
		fn(&e);                                                        \
		model_teardown(e.field);                                       \
	}

START(engine_start_worker, worker)
START(engine_start_poller, poller)
START(engine_start_early, early)
START(engine_start_on_cpu, late)

MODEL_SCENARIO(engine_move_running)
{
	static struct engine e;
	model_explore_faults(0);
	e.worker = kthread_create(engine_thread, &e, "engine");
	wake_up_process(e.worker);
	model_run_for(HZ / 10);
	engine_move(&e, 2);
	model_teardown(e.worker);
}
