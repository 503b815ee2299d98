/* Starts its thread through the wrapper at the end of the header chain
 * (from h1.h) and tests the result against NULL only. */
#include "h1.h"

static struct task_struct *a_task;

static int a_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

int a_start(void)
{
	a_task = CHAIN_START(a_fn, NULL);
	if (!a_task)
		return -ENOMEM;
	return 0;
}
