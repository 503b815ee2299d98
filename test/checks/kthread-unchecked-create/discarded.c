// A created thread or worker whose handle is thrown away can never be woken,
// given work, or stopped.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error}}:'

#include <linux/kthread.h>

static int oneshot_fn(void *data)
{
	return 0;
}

static void spawn(void *data)
{
	kthread_create(oneshot_fn, data, "never-woken");
	// CHECK: :[[@LINE-1]]:2: warning: result of 'kthread_create' is discarded: the new thread is never woken and can never be stopped, so it and its task_struct leak [kthread-unchecked-create]
	(void)kthread_create_on_cpu(oneshot_fn, data, 1, "never-woken/%u");
	// CHECK: :[[@LINE-1]]:8: warning: result of 'kthread_create_on_cpu' is discarded
	kthread_create_worker(0, "lost-worker");
	// CHECK: :[[@LINE-1]]:2: warning: result of 'kthread_create_worker' is discarded: the kthread_worker can never be given work or destroyed, and its thread leaks
}

/* Clean look-alikes. */

static void fire_and_forget(void *data)
{
	// A started one-shot thread that returns by itself needs no handle.
	kthread_run(oneshot_fn, data, "oneshot");
	(void)kthread_run_on_cpu(oneshot_fn, data, 0, "oneshot/%u");
}

static struct task_struct *kept;

static int keep(void *data)
{
	kept = kthread_create(oneshot_fn, data, "kept");
	if (IS_ERR(kept))
		return PTR_ERR(kept);
	wake_up_process(kept);
	return 0;
}
