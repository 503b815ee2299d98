/* Returns only after the header's helper has seen the stop. */
#include <linux/err.h>
#include "card.h"

struct card {
	struct task_struct *status;
	int events;
};

static int status_thread(void *data)
{
	struct card *c = data;

	c->events = card_ready(c->events);
	card_wait_for_stop();
	return 0;
}

int card_start(struct card *c)
{
	c->status = kthread_run(status_thread, c, "status");
	if (IS_ERR(c->status))
		return PTR_ERR(c->status);
	return 0;
}

void card_stop(struct card *c)
{
	kthread_stop(c->status);
}
