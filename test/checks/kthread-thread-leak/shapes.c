// Shapes of real error paths that do not leak, each reduced from a false
// alarm on Linux 6.1: a flag set after the start and tested before the
// stop (dpaa2-eth), a condition tested again (most_snd), a pointer known
// non-NULL (max3421-hcd), a copy stopped through the local (bnx2fc), a
// thread that ends by the driver's own flag and completion, not by
// kthread_stop() (xpc_main, rtsx), threads of an array stopped in a loop
// (jfs), a creation that failed with the one error code tested for
// (therm_adt746x on powerpc). One leak stays: the flag set by the thread
// itself (surface3_power).
//
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct eth {
	struct task_struct *poll;
	bool polling;
	bool running;
	bool exiting;
	struct completion exited;
};

extern int eth_setup_irqs(struct eth *e);
extern int eth_connect(struct eth *e);
extern int eth_mode(struct eth *e);

static int eth_poll_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* The thread is started only when the IRQs fail, and stopped when the flag
 * set with it says so. */
static int eth_probe(struct platform_device *pdev)
{
	struct eth *e = devm_kzalloc(&pdev->dev, sizeof(*e), GFP_KERNEL);
	int err;

	if (!e)
		return -ENOMEM;
	platform_set_drvdata(pdev, e);
	err = eth_setup_irqs(e);
	if (err) {
		e->poll = kthread_run(eth_poll_fn, e, "eth-poll");
		if (IS_ERR(e->poll))
			return PTR_ERR(e->poll);
		e->polling = true;
	}
	err = eth_connect(e);
	if (err)
		goto err_connect;
	return 0;

err_connect:
	if (e->polling)
		kthread_stop(e->poll);
	return err;
}

/* The same condition decides the start and the stop. */
static int eth2_probe(struct platform_device *pdev)
{
	struct eth *e = devm_kzalloc(&pdev->dev, sizeof(*e), GFP_KERNEL);
	int err;

	if (!e)
		return -ENOMEM;
	platform_set_drvdata(pdev, e);
	if (eth_mode(e) == 2) {
		e->poll = kthread_run(eth_poll_fn, e, "eth2-poll");
		if (IS_ERR(e->poll))
			return PTR_ERR(e->poll);
	}
	err = eth_connect(e);
	if (err) {
		if (eth_mode(e) == 2)
			kthread_stop(e->poll);
		return err;
	}
	return 0;
}

/* A pointer the path knows is not NULL, and a copy stopped through the
 * local that holds it. */
static struct task_struct *eth3_global;

static int eth3_probe(struct platform_device *pdev)
{
	struct eth *e = devm_kzalloc(&pdev->dev, sizeof(*e), GFP_KERNEL);
	struct task_struct *t;
	int err;

	if (!e)
		return -ENOMEM;
	platform_set_drvdata(pdev, e);
	t = kthread_run(eth_poll_fn, e, "eth3");
	if (IS_ERR(t))
		return PTR_ERR(t);
	eth3_global = t;
	err = eth_connect(e);
	if (err)
		goto out;
	return 0;
out:
	if (e)
		kthread_stop(t);
	return err;
}

/* A thread that ends on the driver's flag and completion. */
static int eth4_fn(void *data)
{
	struct eth *e = data;

	while (!READ_ONCE(e->exiting))
		schedule_timeout_interruptible(HZ);
	complete(&e->exited);
	return 0;
}

static int eth4_probe(struct platform_device *pdev)
{
	struct eth *e = devm_kzalloc(&pdev->dev, sizeof(*e), GFP_KERNEL);
	struct task_struct *t;
	int err;

	if (!e)
		return -ENOMEM;
	platform_set_drvdata(pdev, e);
	init_completion(&e->exited);
	t = kthread_run(eth4_fn, e, "eth4");
	if (IS_ERR(t))
		return PTR_ERR(t);
	err = eth_connect(e);
	if (err) {
		WRITE_ONCE(e->exiting, true);
		wait_for_completion(&e->exited);
		return err;
	}
	return 0;
}

/* The flag the thread sets once it runs: when the error comes first, the
 * stop is skipped and the thread runs on freed data (surface3_power). */
static int eth5_fn(void *data)
{
	struct eth *e = data;

	e->running = true;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	e->running = false;
	return 0;
}

static int eth5_probe(struct platform_device *pdev)
{
	struct eth *e = devm_kzalloc(&pdev->dev, sizeof(*e), GFP_KERNEL);
	int err;

	if (!e)
		return -ENOMEM;
	platform_set_drvdata(pdev, e);
	e->poll = kthread_run(eth5_fn, e, "eth5");
	if (IS_ERR(e->poll))
		return PTR_ERR(e->poll);
	err = eth_connect(e);
	if (err)
		goto out_err;
	return 0;

out_err:
	if (e->running)
		kthread_stop(e->poll);
	return err;
	// CHECK: :[[@LINE-1]]:2: warning: 'eth5_probe' returns an error with the thread it started in 'e->poll' still running [kthread-thread-leak]
	// CHECK: :[[@LINE-13]]:12: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE-10]]:2: note: the error is detected here, and no stop follows
	// CHECK: :[[@LINE-4]]:2: note: after a failed probe nothing calls remove: the thread keeps running on the device data
	// CHECK: :[[@LINE-5]]:2: note: stop it (kthread_stop()) on the error path before returning
	// CHECK: :[[@LINE-6]]:2: note: likelihood: needs the error path: a call after the thread started fails
}

/* Threads of an array, stopped in a loop. */
static struct task_struct *eth6_threads[4];

static int eth6_probe(struct platform_device *pdev)
{
	struct eth *e = devm_kzalloc(&pdev->dev, sizeof(*e), GFP_KERNEL);
	int i, n, err;

	if (!e)
		return -ENOMEM;
	platform_set_drvdata(pdev, e);
	for (i = 0; i < 4; i++) {
		eth6_threads[i] = kthread_run(eth_poll_fn, e, "eth6");
		if (IS_ERR(eth6_threads[i])) {
			err = PTR_ERR(eth6_threads[i]);
			n = i;
			goto out_stop;
		}
	}
	err = eth_connect(e);
	if (!err)
		return 0;
	n = 4;
out_stop:
	for (i = 0; i < n; i++)
		kthread_stop(eth6_threads[i]);
	return err;
}

/* The creation failed with the error tested for: no thread runs. */
static int eth7_probe(struct platform_device *pdev)
{
	struct eth *e = devm_kzalloc(&pdev->dev, sizeof(*e), GFP_KERNEL);

	if (!e)
		return -ENOMEM;
	platform_set_drvdata(pdev, e);
	e->poll = kthread_run(eth_poll_fn, e, "eth7");
	if (e->poll == ERR_PTR(-ENOMEM)) {
		e->poll = NULL;
		return -ENOMEM;
	}
	return 0;
}

static struct platform_driver eth_drivers[] = {
	{ .probe = eth_probe },	 { .probe = eth2_probe }, { .probe = eth3_probe },
	{ .probe = eth4_probe }, { .probe = eth5_probe }, { .probe = eth6_probe },
	{ .probe = eth7_probe },
};
