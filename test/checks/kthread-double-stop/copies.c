// Copies of the task made before the first stop: the copy and the place it
// came from hold the same task, so stopping one and then the other is a
// double stop, unless the place was cleared or given another task between.
//
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>

struct hw {
	struct task_struct *poll;
	struct task_struct *irq;
};

/* The field, then the copy. */
static void hw_stop_field_then_copy(struct hw *h)
{
	struct task_struct *t = h->poll;

	kthread_stop(h->poll);
	kthread_stop(t);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 't' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-5]]:2: note: both places hold the same task from this copy on
	// CHECK: :[[@LINE-4]]:2: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-4]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
}

/* A helper that stops and clears the field, then the copy. */
static void hw_stop_poll(struct hw *h)
{
	kthread_stop(h->poll);
	h->poll = NULL;
}

static void hw_stop_helper_then_copy(struct hw *h)
{
	struct task_struct *t = h->poll;

	hw_stop_poll(h);
	kthread_stop(t);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 't' again after 'hw_stop_poll' (which calls 'kthread_stop') stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-5]]:2: note: both places hold the same task from this copy on
	// CHECK: :[[@LINE-4]]:2: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-13]]:2: note: 'hw_stop_poll' stops it here
	// CHECK: :[[@LINE-5]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
}

/* Clean look-alikes. */

/* The field is cleared before the copy is stopped. */
static void hw_stop_detached(struct hw *h)
{
	struct task_struct *t = h->poll;

	h->poll = NULL;
	kthread_stop(t);
	if (h->poll)
		kthread_stop(h->poll);
}

/* The helper cleared the field that is tested again. */
static void hw_stop_helper_then_field(struct hw *h)
{
	struct task_struct *t = h->poll;

	hw_stop_poll(h);
	if (h->poll)
		kthread_stop(h->poll);
	(void)t;
}

/* The copy is given another task before its stop. */
static void hw_stop_each(struct hw *h)
{
	struct task_struct *t = h->poll;

	kthread_stop(t);
	t = h->irq;
	kthread_stop(t);
}
