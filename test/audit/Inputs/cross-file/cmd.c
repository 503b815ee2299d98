#include "hba.h"

/* Returns at once when another thread serves the adapter
 * (aac_command_thread() in Linux 6.1's aacraid/commsup.c). */
int adapter_cmd_thread(void *data)
{
	struct adapter *a = data;

	if (a->busy)
		return -EINVAL;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Leaves only once told to. */
int adapter_help_thread(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}
