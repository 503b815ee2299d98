// Runtime-model scenario of test/checks/kthread-unchecked-create/options.c,
// in the configuration of its first RUN line: the project's creation
// functions are kthread_run and its wrapper drv_spawn(), and drv_failed()
// is its ERR_PTR test. With that option the check is told that these are the
// creations whose failure matters, so the scenario injects failures only
// there (not_listed()'s kthread_create() is outside the option's list).
//
// RUN: %model_agree %s

struct task_struct *drv_spawn(int (*fn)(void *), void *data)
{
	return kthread_run(fn, data, "drv");
}

bool drv_failed(const void *ptr)
{
	return IS_ERR(ptr);
}

MODEL_SCENARIO(with_wrapper)
{
	with_wrapper(NULL);
	model_run_for(HZ);
}

MODEL_SCENARIO(with_own_test)
{
	with_own_test(NULL);
	model_run_for(HZ);
}

MODEL_SCENARIO(not_listed)
{
	model_explore_faults(0);
	not_listed(NULL);
	model_run_for(HZ);
}
