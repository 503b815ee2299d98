// A project's own starting functions, by role (RunFunctions, WakeFunctions),
// and NOLINT. Without the options the wrappers are plain calls.
//
// RUN: %kthread_tidy -checks='-*,kthread-bind-after-start' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=NONE --allow-empty \
// RUN:     --implicit-check-not='{{warning|error|note}}:'
// NONE-NOT: warning
//
// RUN: %kthread_tidy -checks='-*,kthread-bind-after-start' %s \
// RUN:   -config="{CheckOptions: {RunFunctions: 'drv_run_thread', kthread-bind-after-start.WakeFunctions: 'drv_kick'}}" \
// RUN:   -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-bind-after-start' %s \
// RUN:   -config="{CheckOptions: {RunFunctions: 'drv_run_thread', kthread-bind-after-start.WakeFunctions: 'drv_kick'}}" \
// RUN:   -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>

struct drv {
	struct task_struct *irq_thread;
	struct task_struct *poll_thread;
	int cpu;
};

/* Creates and wakes the thread (a wrapper in another file). */
extern struct task_struct *drv_run_thread(int (*fn)(void *), void *data);
/* Wakes the thread. */
extern void drv_kick(struct task_struct *t);

static int drv_thread(void *data)
{
	while (!kthread_should_stop())
		;
	return 0;
}

static void drv_start(struct drv *d)
{
	d->irq_thread = drv_run_thread(drv_thread, d);
	kthread_bind(d->irq_thread, d->cpu);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_bind' of 'd->irq_thread', which 'drv_run_thread' already started: the bind WARNs and the thread stays unbound [kthread-bind-after-start]
	// CHECK: :[[@LINE-3]]:18: note: 'drv_run_thread' starts it here
	// CHECK: :[[@LINE-3]]:2: note: a thread can be bound only before its first wake-up: create it with kthread_create(), bind it, then wake_up_process() it, or use kthread_create_on_cpu()
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
}

static void drv_start_poll(struct drv *d)
{
	d->poll_thread = kthread_create(drv_thread, d, "drv-poll");
	drv_kick(d->poll_thread);
	/* Reviewed: the driver's CPU-hotplug code rebinds it while parked. */
	kthread_bind(d->poll_thread, d->cpu); // NOLINT(kthread-bind-after-start)
}
