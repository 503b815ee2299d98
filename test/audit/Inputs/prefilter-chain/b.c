/* Starts its thread through the wrapper at the end of the header chain
 * (from h5.h) and tests the result against NULL only. */
#include "h5.h"

static struct task_struct *b_task;

static int b_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

int b_start(void)
{
	b_task = CHAIN_START(b_fn, NULL);
	if (!b_task)
		return -ENOMEM;
	return 0;
}
