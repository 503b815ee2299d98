// Stops through the file's own helpers: a helper that stops its argument or
// a field of it on every path is a stop; one that also clears the pointer
// leaves nothing stale behind.
//
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
//
// StopFunctions adds a project's own stop wrappers.
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' \
// RUN:   -config="{CheckOptions: {kthread-double-stop.StopFunctions: 'kthread_stop;drv_halt_thread'}}" \
// RUN:   %s -- %imitation_flags | FileCheck %s --check-prefixes=CHECK,OPTION --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>

struct link {
	struct task_struct *rx;
	struct task_struct *tx;
};

extern void drv_halt_thread(struct task_struct *t);

static void link_stop_rx(struct link *l)
{
	if (l->rx)
		kthread_stop(l->rx);
}

static void link_stop_task(struct task_struct *t)
{
	kthread_stop(t);
}

static void link_stop_tx_cleared(struct link *l)
{
	kthread_stop(l->tx);
	l->tx = NULL;
}

static void link_down(struct link *l)
{
	link_stop_rx(l);
	kthread_stop(l->rx);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 'l->rx' again after 'link_stop_rx' (which calls 'kthread_stop') stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-3]]:2: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-20]]:3: note: 'link_stop_rx' stops it here
	// CHECK: :[[@LINE-4]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
}

static void link_reset(struct link *l)
{
	kthread_stop(l->rx);
	link_stop_task(l->rx);
	// CHECK: :[[@LINE-1]]:2: warning: 'link_stop_task' (which calls 'kthread_stop') stops 'l->rx' again after 'kthread_stop' stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-3]]:2: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-26]]:2: note: 'link_stop_task' stops it again here
	// CHECK: :[[@LINE-4]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
}

static void link_halt(struct link *l)
{
	drv_halt_thread(l->tx);
	kthread_stop(l->tx);
	// OPTION: :[[@LINE-1]]:2: warning: 'kthread_stop' stops 'l->tx' again after 'drv_halt_thread' stopped it [kthread-double-stop]
	// OPTION: :[[@LINE-3]]:2: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// OPTION: :[[@LINE-3]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// OPTION: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
}

/* Clean look-alikes. */

static void link_down_cleared(struct link *l)
{
	link_stop_tx_cleared(l);
	if (l->tx)
		kthread_stop(l->tx);
}

static void link_down_both(struct link *l)
{
	link_stop_rx(l);
	kthread_stop(l->tx);
}
