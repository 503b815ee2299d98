// Runtime-model scenario of test/checks/kthread-unchecked-create/use-before-check.c:
// each function on a fresh pump with its creations failing or not; what it
// stored is stopped or destroyed afterwards.
//
// RUN: %model_agree %s

static void pump_teardown(struct pump *p)
{
	int i;

	model_run_for(HZ);
	model_teardown(p->task);
	for (i = 0; i < 4; i++)
		model_teardown(p->tasks[i]);
	model_teardown_worker(p->worker);
}

#define ON_A_PUMP(name, call)                                                  \
	MODEL_SCENARIO(name)                                                   \
	{                                                                      \
		struct pump p = { 0 };                                         \
		call;                                                          \
		pump_teardown(&p);                                             \
	}

ON_A_PUMP(bind_before_check, bind_before_check(&p))
ON_A_PUMP(pin_all, pin_all(&p))
ON_A_PUMP(worker_unchecked, worker_unchecked(&p))
ON_A_PUMP(deref_unchecked, deref_unchecked(&p))
ON_A_PUMP(wake_direct, wake_direct(&p))
ON_A_PUMP(stop_after_failure, stop_after_failure(&p))
ON_A_PUMP(park_one_branch, park_one_branch(&p, model_pick(2, "park")))
ON_A_PUMP(bind_after_check, bind_after_check(&p))
ON_A_PUMP(pin_all_checked, pin_all_checked(&p))
ON_A_PUMP(use_on_success_branch, use_on_success_branch(&p))
ON_A_PUMP(cleared_on_failure, cleared_on_failure(&p))
ON_A_PUMP(create_in_error_path, create_in_error_path(&p, -EIO))

/* The spare task is the driver's own, created without a fault. */
MODEL_SCENARIO(recreated_before_use)
{
	struct pump p = { 0 };
	struct task_struct *spare;

	model_explore_faults(0);
	spare = kthread_create(pump_fn, &p, "spare");
	model_explore_faults(1);
	recreated_before_use(&p, spare);
	if (p.task != spare)
		model_teardown(spare);
	pump_teardown(&p);
}
