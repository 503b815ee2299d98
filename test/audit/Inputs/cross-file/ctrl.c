#include "hba.h"

int adapter_start(struct adapter *a)
{
	a->thread = kthread_run(adapter_cmd_thread, a, "adapter-cmd");
	if (IS_ERR(a->thread))
		return PTR_ERR(a->thread);
	a->helper = kthread_run(adapter_help_thread, a, "adapter-help");
	if (IS_ERR(a->helper)) {
		kthread_stop(a->thread);
		return PTR_ERR(a->helper);
	}
	return 0;
}

void adapter_stop(struct adapter *a)
{
	kthread_stop(a->helper);
	kthread_stop(a->thread);
}
