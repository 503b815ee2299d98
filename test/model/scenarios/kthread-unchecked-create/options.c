// Runtime-model scenario of test/checks/kthread-unchecked-create/options.c,
// in the configuration of its first RUN line: drv_spawn() is a creation of
// the project's (a thread that sleeps until woken), drv_start() one that also
// starts it, and drv_failed() its ERR_PTR test. kthread_create() stays a
// creation whatever the options say.
//
// RUN: %model_agree %s

struct task_struct *drv_spawn(int (*fn)(void *), void *data)
{
	return kthread_create(fn, data, "drv");
}

struct task_struct *drv_start(int (*fn)(void *), void *data)
{
	return kthread_run(fn, data, "drv-start");
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

MODEL_SCENARIO(start_and_forget)
{
	start_and_forget(NULL);
	model_run_for(HZ);
}

MODEL_SCENARIO(not_listed)
{
	not_listed(NULL);
	model_run_for(HZ);
}
