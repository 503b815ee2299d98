// An ERR_PTR left in a struct field or global after a failure that was only
// logged, and stopped or woken later by another function of the file.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

/* The shape of drivers/media/i2c/msp3400-driver.c in Linux 6.1: probe logs
 * the failure and returns 0; a wake helper and remove use the ERR_PTR behind
 * a NULL test. */

struct tuner {
	struct task_struct *kthread;
	int restart;
};

static int tuner_thread(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static void tuner_wake_thread(struct tuner *state)
{
	if (NULL == state->kthread)
		return;
	state->restart = 1;
	wake_up_process(state->kthread);
	// CHECK: :[[@LINE-1]]:2: warning: 'state->kthread' is passed to 'wake_up_process', but may still hold the ERR_PTR of a failed 'kthread_run' [kthread-unchecked-create]
	// CHECK: :[[@LINE-5]]:6: note: a NULL test does not catch an ERR_PTR
	// CHECK: :[[@LINE+16]]:19: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE+16]]:6: note: the failure is detected here, but the ERR_PTR is neither cleared nor returned as an error
	// CHECK: :[[@LINE+18]]:2: note: 'tuner_probe' returns success here with the ERR_PTR still stored
	// CHECK: :[[@LINE-6]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-7]]:2: note: the same ERR_PTR reaches 1 more use later in this file
	// CHECK: :[[@LINE-8]]:2: note: likelihood: needs a failed thread creation
}

static int tuner_probe(struct platform_device *pdev)
{
	struct tuner *state = devm_kzalloc(&pdev->dev, sizeof(*state), GFP_KERNEL);

	if (!state)
		return -ENOMEM;
	platform_set_drvdata(pdev, state);

	state->kthread = kthread_run(tuner_thread, state, "tuner");
	if (IS_ERR(state->kthread))
		dev_warn(&pdev->dev, "kernel_thread() failed\n");
	tuner_wake_thread(state);
	return 0;
}

static int tuner_remove(struct platform_device *pdev)
{
	struct tuner *state = platform_get_drvdata(pdev);

	if (state->kthread) {
		state->restart = 1;
		kthread_stop(state->kthread);
		/* The same stored ERR_PTR: counted on its first use above. */
	}
	return 0;
}

/* A module-global thread that init never checks, stopped unguarded by exit. */

static struct task_struct *monitor_task;

static int monitor_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int __init monitor_init(void)
{
	monitor_task = kthread_run(monitor_fn, NULL, "monitor");
	return 0;
}

static void __exit monitor_exit(void)
{
	kthread_stop(monitor_task);
	// CHECK: :[[@LINE-1]]:2: warning: 'monitor_task' is passed to 'kthread_stop', but may still hold the ERR_PTR of a failed 'kthread_run' [kthread-unchecked-create]
	// CHECK: :[[@LINE-8]]:17: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-9]]:17: note: 'monitor_init' never tests it with IS_ERR()
	// CHECK: :[[@LINE-9]]:2: note: 'monitor_init' returns success here with the ERR_PTR still stored
	// CHECK: :[[@LINE-5]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-6]]:2: note: likelihood: needs a failed thread creation
}

module_init(monitor_init);
module_exit(monitor_exit);

/* A worker in a field, destroyed by a helper that calls it through a field. */

struct engine {
	struct kthread_worker *worker;
};

static void engine_start(struct engine *e)
{
	e->worker = kthread_create_worker(0, "engine");
	if (IS_ERR(e->worker))
		pr_err("engine: no worker\n");
}

static void engine_stop(struct engine *e)
{
	kthread_destroy_worker(e->worker);
	// CHECK: :[[@LINE-1]]:2: warning: 'e->worker' is passed to 'kthread_destroy_worker', but may still hold the ERR_PTR of a failed 'kthread_create_worker' [kthread-unchecked-create]
	// CHECK: :[[@LINE-9]]:14: note: the result of 'kthread_create_worker' is stored here
	// CHECK: :[[@LINE-9]]:6: note: the failure is detected here, but the ERR_PTR is neither cleared nor returned as an error
	// CHECK: :[[@LINE-8]]:1: note: 'engine_start' returns success here with the ERR_PTR still stored
	// CHECK: :[[@LINE-5]]:2: note: on failure the kernel uses the ERR_PTR as a kthread_worker and oopses
	// CHECK: :[[@LINE-6]]:2: note: likelihood: needs a failed thread creation
}

/* Clean look-alikes: the failure is handled, or the user tests for it. */

struct fan {
	struct task_struct *cleared;
	struct task_struct *returned;
	struct task_struct *guarded;
};

static int fan_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int fan_probe(struct platform_device *pdev)
{
	struct fan *f = devm_kzalloc(&pdev->dev, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	platform_set_drvdata(pdev, f);

	/* Logged, then cleared: remove's NULL test is right. */
	f->cleared = kthread_run(fan_fn, f, "fan-a");
	if (IS_ERR(f->cleared)) {
		dev_warn(&pdev->dev, "no fan-a thread\n");
		f->cleared = NULL;
	}

	/* The failure fails the probe: remove never runs. */
	f->returned = kthread_run(fan_fn, f, "fan-b");
	if (IS_ERR(f->returned))
		return PTR_ERR(f->returned);

	/* Logged only, but remove tests with IS_ERR_OR_NULL(). */
	f->guarded = kthread_run(fan_fn, f, "fan-c");
	if (IS_ERR(f->guarded))
		dev_warn(&pdev->dev, "no fan-c thread\n");
	return 0;
}

static int fan_remove(struct platform_device *pdev)
{
	struct fan *f = platform_get_drvdata(pdev);

	if (f->cleared)
		kthread_stop(f->cleared);
	kthread_stop(f->returned);
	if (!IS_ERR_OR_NULL(f->guarded))
		kthread_stop(f->guarded);
	return 0;
}

static int fan_restart(struct fan *f)
{
	/* Re-created before the use: whatever was stored is replaced. */
	f->guarded = kthread_run(fan_fn, f, "fan-c");
	if (IS_ERR(f->guarded))
		return PTR_ERR(f->guarded);
	wake_up_process(f->guarded);
	return 0;
}

/* A static global's field keeps the ERR_PTR whatever the probe returns
 * (therm_windtunnel.c on 32-bit PowerMacs): the flag is set before the
 * creation, and remove stops the task under it. */
static struct {
	int running;
	struct task_struct *poll_task;
} g4;

extern int g4_attach(struct platform_device *pdev);

static int g4_loop(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int g4_probe(struct platform_device *pdev)
{
	int ret = g4_attach(pdev);

	if (!g4.running) {
		g4.running = 1;
		g4.poll_task = kthread_run(g4_loop, NULL, "g4fand");
	}
	return ret;
}

static int g4_remove(struct platform_device *pdev)
{
	if (g4.running) {
		g4.running = 0;
		kthread_stop(g4.poll_task);
		// CHECK: :[[@LINE-1]]:3: warning: 'g4.poll_task' is passed to 'kthread_stop', but may still hold the ERR_PTR of a failed 'kthread_run' [kthread-unchecked-create]
		// CHECK: :[[@LINE-11]]:18: note: the result of 'kthread_run' is stored here
		// CHECK: :[[@LINE-12]]:18: note: 'g4_probe' never tests it with IS_ERR()
		// CHECK: :[[@LINE-11]]:2: note: 'g4_probe' returns here with the ERR_PTR still stored in a static global, which keeps it whatever the function returns
		// CHECK: :[[@LINE-5]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
		// CHECK: :[[@LINE-6]]:3: note: likelihood: needs a failed thread creation
		g4.poll_task = NULL;
	}
	return 0;
}

/* Clean: the same, checked. */
static struct {
	int running;
	struct task_struct *poll_task;
} g5;

static int g5_probe(struct platform_device *pdev)
{
	int ret = g4_attach(pdev);
	struct task_struct *t;

	if (!g5.running) {
		t = kthread_run(g4_loop, NULL, "g5fand");
		if (IS_ERR(t))
			return PTR_ERR(t);
		g5.poll_task = t;
		g5.running = 1;
	}
	return ret;
}

static int g5_remove(struct platform_device *pdev)
{
	if (g5.running) {
		g5.running = 0;
		kthread_stop(g5.poll_task);
		g5.poll_task = NULL;
	}
	return 0;
}
