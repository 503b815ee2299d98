// A project's own functions by role (StopFunctions stops a task,
// WakeFunctions wakes one), MinLikelihood, and NOLINT. Without the options
// the wrappers are plain calls: nothing is stopped, so nothing is used
// after a stop.
//
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=NONE --allow-empty \
// RUN:     --implicit-check-not='{{warning|error|note}}:'
// NONE-NOT: warning
//
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s \
// RUN:   -config="{CheckOptions: {kthread-use-after-stop.StopFunctions: 'drv_halt', WakeFunctions: 'drv_kick'}}" \
// RUN:   -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s \
// RUN:   -config="{CheckOptions: {kthread-use-after-stop.StopFunctions: 'drv_halt', WakeFunctions: 'drv_kick'}}" \
// RUN:   -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
//
// Only certain findings: the race through the timer is not one.
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s \
// RUN:   -config="{CheckOptions: {kthread-use-after-stop.StopFunctions: 'drv_halt', WakeFunctions: 'drv_kick', kthread-use-after-stop.MinLikelihood: certain}}" \
// RUN:   -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=CERTAIN \
// RUN:     --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/timer.h>

struct drv {
	struct task_struct *thread;
	struct timer_list tick;
};

/* Stops the thread (a wrapper in another file). */
extern void drv_halt(struct task_struct *t);
/* Wakes it. */
extern void drv_kick(struct task_struct *t);

void drv_restart(struct drv *d)
{
	drv_halt(d->thread);
	drv_kick(d->thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'd->thread' is passed to 'drv_kick' after 'drv_halt' stopped its thread [kthread-use-after-stop]
	// CHECK: :[[@LINE-3]]:2: note: 'drv_halt' returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-3]]:2: note: so this uses the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-4]]:2: note: do this before the stop, or pin the task with get_task_struct() before stopping it
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
	// CERTAIN: :[[@LINE-6]]:2: warning: 'd->thread' is passed to 'drv_kick' after 'drv_halt' stopped its thread [kthread-use-after-stop]
	// CERTAIN: :[[@LINE-8]]:2: note: 'drv_halt' returns once the thread has exited, and its task_struct may then be freed
	// CERTAIN: :[[@LINE-8]]:2: note: so this uses the freed task_struct: a use-after-free
	// CERTAIN: :[[@LINE-9]]:2: note: do this before the stop, or pin the task with get_task_struct() before stopping it
	// CERTAIN: :[[@LINE-10]]:2: note: likelihood: certain on any run that takes this path
}

/* Silenced: the maintainer knows this pointer is pinned elsewhere. */
void drv_restart_known(struct drv *d)
{
	drv_halt(d->thread);
	drv_kick(d->thread); // NOLINT(kthread-use-after-stop)
}

static void drv_tick(struct timer_list *t)
{
	struct drv *d = container_of(t, struct drv, tick);

	drv_kick(d->thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'd->thread' is passed to 'drv_kick', but may still hold the task that 'drv_halt' stopped in 'drv_teardown' [kthread-use-after-stop]
	// CHECK: :[[@LINE+12]]:2: note: 'drv_halt' stops the thread here and leaves its pointer stored
	// CHECK: :[[@LINE+7]]:33: note: 'timer_setup' makes 'drv_tick' a callback here
	// CHECK: :[[@LINE+11]]:2: note: 'del_timer_sync' removes the callback only here, after the stop: until then 'drv_tick' may run
	// CHECK: :[[@LINE-5]]:2: note: once the thread has exited its task_struct may be freed: a use-after-free
	// CHECK: :[[@LINE+8]]:2: note: remove the callback before the stop, or pin the task with get_task_struct() before stopping it
	// CHECK: :[[@LINE-7]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

void drv_setup(struct drv *d) { timer_setup(&d->tick, drv_tick, 0); }

void drv_teardown(struct drv *d)
{
	drv_halt(d->thread);
	del_timer_sync(&d->tick);
}
