// A created thread or worker whose handle is thrown away can never be woken,
// given work, or stopped.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>

static int oneshot_fn(void *data)
{
	return 0;
}

static void spawn(void *data)
{
	kthread_create(oneshot_fn, data, "never-woken");
	// CHECK: :[[@LINE-1]]:2: warning: the result of 'kthread_create' is discarded [kthread-unchecked-create]
	// CHECK: :[[@LINE-2]]:2: note: the new thread is never woken and can never be stopped: it and its task_struct leak
	// CHECK: :[[@LINE-3]]:2: note: likelihood: certain on any run that takes this path
	(void)kthread_create_on_cpu(oneshot_fn, data, 1, "never-woken/%u");
	// CHECK: :[[@LINE-1]]:8: warning: the result of 'kthread_create_on_cpu' is discarded [kthread-unchecked-create]
	// CHECK: :[[@LINE-2]]:8: note: the new thread is never woken and can never be stopped: it and its task_struct leak
	// CHECK: :[[@LINE-3]]:8: note: likelihood: certain on any run that takes this path
	kthread_create_worker(0, "lost-worker");
	// CHECK: :[[@LINE-1]]:2: warning: the result of 'kthread_create_worker' is discarded [kthread-unchecked-create]
	// CHECK: :[[@LINE-2]]:2: note: the kthread_worker can never be given work or destroyed, and its thread leaks
	// CHECK: :[[@LINE-3]]:2: note: likelihood: certain on any run that takes this path
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
