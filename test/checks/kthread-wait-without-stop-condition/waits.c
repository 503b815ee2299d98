// wait_event*() in a stopped kernel thread whose condition does not test
// kthread_should_stop().
//
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NEW --implicit-check-not='{{warning|error}}:'
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %kernel_flags \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NEW --implicit-check-not='{{warning|error}}:'
//
// With InterruptibleWaitsEndOnStop off (kernels older than the 6.1 rule),
// interruptible waits hang too.
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' \
// RUN:   -config="{CheckOptions: {kthread-wait-without-stop-condition.InterruptibleWaitsEndOnStop: false}}" \
// RUN:   %s -- %imitation_flags | FileCheck %s --check-prefixes=CHECK,OLD --implicit-check-not='{{warning|error}}:'

#include <linux/kthread.h>
#include <linux/wait.h>

struct pipe {
	struct task_struct *rx;
	struct task_struct *tx;
	struct task_struct *mon;
	struct task_struct *cmd;
	struct task_struct *drain;
	wait_queue_head_t wq;
	int pending;
	bool ready;
};

static int rx_thread(void *data)
{
	struct pipe *p = data;

	while (!kthread_should_stop()) {
		wait_event(p->wq, p->pending > 0);
		// CHECK: :[[@LINE-1]]:3: warning: 'wait_event' sleeps until its condition is true, and the condition does not test kthread_should_stop(): kthread_stop() sets the stop flag and wakes the thread, which sleeps again, so kthread_stop() hangs; add '|| kthread_should_stop()' to the condition [kthread-wait-without-stop-condition]
		// CHECK: note: 'kthread_run' starts thread function 'rx_thread' here
		// CHECK: note: kthread_stop() waits here for the thread to exit
		p->pending--;
	}
	return 0;
}

/* The stop loop in a helper of the thread function. */
static void tx_loop(struct pipe *p)
{
	while (!kthread_should_stop())
		wait_event_killable(p->wq, p->ready);
	// CHECK: :[[@LINE-1]]:3: warning: 'wait_event_killable' ends only on its condition or a fatal signal, and kthread_stop() sends no signal
	// CHECK: :[[@LINE-2]]:3: note: in 'tx_loop', called from thread function 'tx_thread'
	// CHECK: note: 'kthread_run' starts thread function 'tx_thread' here
	// CHECK: note: kthread_stop() waits here for the thread to exit
}

static int tx_thread(void *data)
{
	tx_loop(data);
	return 0;
}

static int mon_thread(void *data)
{
	struct pipe *p = data;

	while (!kthread_should_stop())
		wait_event_timeout(p->wq, p->pending > 10, 10 * HZ);
	// CHECK: :[[@LINE-1]]:3: warning: 'wait_event_timeout' does not test kthread_should_stop() in its condition: kthread_stop() wakes the thread, which sleeps again, so the stop waits until the timeout expires
	// CHECK: note: 'kthread_run' starts thread function 'mon_thread' here
	// CHECK: note: kthread_stop() waits here for the thread to exit
	return 0;
}

static int cmd_thread(void *data)
{
	struct pipe *p = data;

	while (!kthread_should_stop()) {
		if (wait_event_interruptible(p->wq, p->pending))
			continue;
		// OLD: :[[@LINE-2]]:7: warning: 'wait_event_interruptible' does not test kthread_should_stop() in its condition; with InterruptibleWaitsEndOnStop off
		// OLD: note: 'kthread_run' starts thread function 'cmd_thread' here
		// OLD: note: kthread_stop() waits here for the thread to exit
		p->pending = 0;
	}
	return 0;
}

/* Interrupted by the stop, its result ignored, then trusted. */
static int drain_thread(void *data)
{
	struct pipe *p = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(p->wq, p->pending > 0);
		// NEW: :[[@LINE-1]]:3: warning: the result of 'wait_event_interruptible' is ignored and its condition does not test kthread_should_stop(): when kthread_stop() interrupts the sleep, the code below runs as if the condition held; test the result, or add '|| kthread_should_stop()' to the condition
		// NEW: note: 'kthread_run' starts thread function 'drain_thread' here
		// NEW: note: kthread_stop() waits here for the thread to exit
		// OLD: :[[@LINE-4]]:3: warning: 'wait_event_interruptible' does not test kthread_should_stop() in its condition; with InterruptibleWaitsEndOnStop off
		// OLD: note: 'kthread_run' starts thread function 'drain_thread' here
		// OLD: note: kthread_stop() waits here for the thread to exit
		p->pending--;
	}
	return 0;
}

static int pipe_start(struct pipe *p)
{
	init_waitqueue_head(&p->wq);
	p->rx = kthread_run(rx_thread, p, "pipe-rx");
	if (IS_ERR(p->rx))
		return PTR_ERR(p->rx);
	p->tx = kthread_run(tx_thread, p, "pipe-tx");
	if (IS_ERR(p->tx))
		return PTR_ERR(p->tx);
	p->mon = kthread_run(mon_thread, p, "pipe-mon");
	if (IS_ERR(p->mon))
		return PTR_ERR(p->mon);
	p->cmd = kthread_run(cmd_thread, p, "pipe-cmd");
	if (IS_ERR(p->cmd))
		return PTR_ERR(p->cmd);
	p->drain = kthread_run(drain_thread, p, "pipe-drain");
	if (IS_ERR(p->drain))
		return PTR_ERR(p->drain);
	return 0;
}

static void pipe_stop(struct pipe *p)
{
	kthread_stop(p->rx);
	kthread_stop(p->tx);
	kthread_stop(p->mon);
	kthread_stop(p->cmd);
	kthread_stop(p->drain);
}
