/* Names the kthread API only through poller.h's macro. */
#include <linux/errno.h>
#include "poller.h"

struct dev {
	struct task_struct *poller;
};

static int poll_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

int dev_start(struct dev *d)
{
	d->poller = start_poller(poll_fn, d);
	if (!d->poller)
		return -ENOMEM;
	return 0;
}
