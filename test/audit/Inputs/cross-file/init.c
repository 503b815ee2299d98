#include "hba.h"

static void hba_unset_phase2(struct hba *h)
{
	if (h->worker)
		kthread_stop(h->worker);
	if (h->poller)
		kthread_stop(h->poller);
}

int hba_setup(struct hba *h)
{
	h->worker = kthread_run(hba_do_work, h, "hba-worker");
	if (IS_ERR(h->worker)) {
		h->worker = NULL;
		return -ENOMEM;
	}
	h->poller = kthread_run(hba_poll, h, "hba-poll");
	if (IS_ERR(h->poller)) {
		h->poller = NULL;
		return -ENOMEM;
	}
	return 0;
}

void hba_unset(struct hba *h)
{
	kthread_stop(h->worker);
	kthread_stop(h->poller);
	hba_unset_phase2(h);
}
