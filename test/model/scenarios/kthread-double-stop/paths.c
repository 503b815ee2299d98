// Runtime-model scenario of test/checks/kthread-double-stop/paths.c. The
// probe runs with each of its externs failing or not and each creation
// failing; the other functions run on a controller whose threads are running.
//
// RUN: %model_agree %s

int ctrl_hw_init(struct ctrl *c)
{
	return model_pick(2, "ctrl_hw_init fails") ? -EIO : 0;
}

int ctrl_irq_init(struct ctrl *c)
{
	return model_pick(2, "ctrl_irq_init fails") ? -EIO : 0;
}

MODEL_SCENARIO(probe_remove)
{
	struct ctrl c = { 0 };

	if (ctrl_probe(&c))
		return;
	model_run_for(HZ);
	kthread_stop(c.poll);
}

static void ctrl_up(struct ctrl *c)
{
	int i;

	model_explore_faults(0);
	c->poll = kthread_run(ctrl_fn, c, "poll");
	c->irq = kthread_run(ctrl_fn, c, "irq");
	c->ncpus = 4;
	for (i = 0; i < 4; i++)
		c->per_cpu[i] = kthread_run(ctrl_fn, c, "ctrl/%d", i);
	model_explore_faults(1);
	model_run_for(1);
}

static void ctrl_down(struct ctrl *c)
{
	int i;

	model_teardown(c->poll);
	model_teardown(c->irq);
	for (i = 0; i < 4; i++)
		model_teardown(c->per_cpu[i]);
}

#define ON_A_CTRL(name, call)                                                  \
	MODEL_SCENARIO(name)                                                   \
	{                                                                      \
		struct ctrl c = { 0 };                                         \
		ctrl_up(&c);                                                   \
		call;                                                          \
		ctrl_down(&c);                                                 \
	}

ON_A_CTRL(stop_twice_in_loop, ctrl_stop_twice_in_loop(&c, 2))
ON_A_CTRL(stop_alias, ctrl_stop_alias(&c))
ON_A_CTRL(exclusive, ctrl_exclusive(&c, model_pick(2, "fast")))
ON_A_CTRL(guarded_and_cleared, ctrl_guarded_and_cleared(&c))
ON_A_CTRL(restart, ctrl_restart(&c))
ON_A_CTRL(stop_all, ctrl_stop_all(&c))
ON_A_CTRL(pinned, ctrl_pinned(&c))
ON_A_CTRL(two_tasks, ctrl_two_tasks(&c))
