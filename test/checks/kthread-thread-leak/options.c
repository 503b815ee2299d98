// A project's own functions by role (RunFunctions starts a thread,
// StopFunctions stops one), MinLikelihood, and NOLINT. Without the options
// the wrappers are plain calls: nothing is started, so nothing leaks.
//
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=NONE --allow-empty \
// RUN:     --implicit-check-not='{{warning|error|note}}:'
// NONE-NOT: warning
//
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s \
// RUN:   -config="{CheckOptions: {RunFunctions: 'drv_run_thread', kthread-thread-leak.StopFunctions: 'drv_halt'}}" \
// RUN:   -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s \
// RUN:   -config="{CheckOptions: {RunFunctions: 'drv_run_thread', kthread-thread-leak.StopFunctions: 'drv_halt'}}" \
// RUN:   -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
//
// Only certain findings: the error-path leaks are not.
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s \
// RUN:   -config="{CheckOptions: {RunFunctions: 'drv_run_thread', kthread-thread-leak.StopFunctions: 'drv_halt', kthread-thread-leak.MinLikelihood: certain}}" \
// RUN:   -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=NONE --allow-empty \
// RUN:     --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct drv {
	struct task_struct *thread;
};

/* Creates and wakes the thread (a wrapper in another file). */
extern struct task_struct *drv_run_thread(int (*fn)(void *), void *data);
/* Stops it. */
extern void drv_halt(struct task_struct *t);
extern int drv_hw_init(struct drv *d);

static int drv_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int drv_probe(struct platform_device *pdev)
{
	struct drv *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return -ENOMEM;
	platform_set_drvdata(pdev, d);
	d->thread = drv_run_thread(drv_fn, d);
	if (IS_ERR(d->thread))
		return PTR_ERR(d->thread);
	err = drv_hw_init(d);
	if (err)
		return err;
	// CHECK: :[[@LINE-1]]:3: warning: 'drv_probe' returns an error with the thread it started in 'd->thread' still running [kthread-thread-leak]
	// CHECK: :[[@LINE-7]]:14: note: 'drv_run_thread' starts the thread here
	// CHECK: :[[@LINE-4]]:2: note: the error is detected here, and no stop follows
	// CHECK: :[[@LINE-4]]:3: note: after a failed probe nothing calls remove: the thread keeps running on the device data
	// CHECK: :[[@LINE-5]]:3: note: stop it (kthread_stop()) on the error path before returning
	// CHECK: :[[@LINE-6]]:3: note: likelihood: needs the error path: a call after the thread started fails
	return 0;
}

/* Clean: the project's stop on the error path. */
static int drv2_probe(struct platform_device *pdev)
{
	struct drv *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return -ENOMEM;
	platform_set_drvdata(pdev, d);
	d->thread = drv_run_thread(drv_fn, d);
	if (IS_ERR(d->thread))
		return PTR_ERR(d->thread);
	err = drv_hw_init(d);
	if (err) {
		drv_halt(d->thread);
		return err;
	}
	return 0;
}

/* Silenced: the bus retries the probe with the same thread. */
static int drv3_probe(struct platform_device *pdev)
{
	struct drv *d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	int err;

	if (!d)
		return -ENOMEM;
	platform_set_drvdata(pdev, d);
	d->thread = drv_run_thread(drv_fn, d);
	if (IS_ERR(d->thread))
		return PTR_ERR(d->thread);
	err = drv_hw_init(d);
	if (err)
		return err; // NOLINT(kthread-thread-leak)
	return 0;
}

static struct platform_driver drv_drivers[] = {
	{ .probe = drv_probe },
	{ .probe = drv2_probe },
	{ .probe = drv3_probe },
};
