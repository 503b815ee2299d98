// SPDX-License-Identifier: GPL-2.0
/*
 * Example for kthread-tidy: correct kthread and kthread_worker use. The
 * checks must stay silent here.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/wait.h>

struct poller {
	struct task_struct *thread;
	struct kthread_worker *worker;
	struct kthread_work work;
	wait_queue_head_t wq;
	bool pending;
};

static int poller_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(p->wq,
					 p->pending || kthread_should_stop());
		if (kthread_should_stop())
			break;
		p->pending = false;
	}
	return 0;
}

static void poller_work(struct kthread_work *work)
{
}

static int poller_probe(struct platform_device *pdev)
{
	struct poller *p = devm_kzalloc(&pdev->dev, sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	init_waitqueue_head(&p->wq);

	p->worker = kthread_create_worker(0, "poller-worker");
	if (IS_ERR(p->worker))
		return PTR_ERR(p->worker);
	kthread_init_work(&p->work, poller_work);

	p->thread = kthread_create(poller_thread, p, "poller");
	if (IS_ERR(p->thread)) {
		kthread_destroy_worker(p->worker);
		return PTR_ERR(p->thread);
	}
	kthread_bind(p->thread, 0);
	wake_up_process(p->thread);

	platform_set_drvdata(pdev, p);
	kthread_queue_work(p->worker, &p->work);
	return 0;
}

static int poller_remove(struct platform_device *pdev)
{
	struct poller *p = platform_get_drvdata(pdev);

	kthread_stop(p->thread);
	kthread_destroy_worker(p->worker);
	return 0;
}
