#include "hba.h"

/* Clears its own task pointer before it returns (lpfc_do_work() in Linux
 * 6.1's lpfc_hbadisc.c): once the stop returned, h->worker is NULL. */
int hba_do_work(void *data)
{
	struct hba *h = data;

	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	h->worker = NULL;
	return 0;
}

/* Clears it on one path only. */
int hba_poll(void *data)
{
	struct hba *h = data;

	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	if (h->ready)
		h->poller = NULL;
	return 0;
}
