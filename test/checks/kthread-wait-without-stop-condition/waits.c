// wait_event*() in a stopped kernel thread whose condition does not test
// kthread_should_stop().
//
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NEW --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' %s -- %kernel_flags \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NEW --implicit-check-not='{{warning|error|note}}:'
//
// With InterruptibleWaitsEndOnStop off (kernels older than the 6.1 rule),
// interruptible waits hang too.
// RUN: %kthread_tidy -checks='-*,kthread-wait-without-stop-condition' \
// RUN:   -config="{CheckOptions: {kthread-wait-without-stop-condition.InterruptibleWaitsEndOnStop: false}}" \
// RUN:   %s -- %imitation_flags | FileCheck %s --check-prefixes=CHECK,OLD --implicit-check-not='{{warning|error|note}}:'

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
		// CHECK: :[[@LINE-1]]:3: warning: the condition of 'wait_event' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
		// CHECK: :[[@LINE-2]]:3: note: kthread_stop() wakes the thread, which sleeps again: kthread_stop() hangs
		// CHECK: :[[@LINE-3]]:3: note: add '|| kthread_should_stop()' to the condition
		// CHECK: :[[@LINE+88]]:10: note: 'kthread_run' starts thread function 'rx_thread' here
		// CHECK: :[[@LINE+107]]:2: note: kthread_stop() waits here for the thread to exit
		// CHECK: :[[@LINE-6]]:3: note: likelihood: certain on any run that takes this path
		p->pending--;
	}
	return 0;
}

/* The stop loop in a helper of the thread function. */
static void tx_loop(struct pipe *p)
{
	while (!kthread_should_stop())
		wait_event_killable(p->wq, p->ready);
	// CHECK: :[[@LINE-1]]:3: warning: the condition of 'wait_event_killable' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
	// CHECK: :[[@LINE-2]]:3: note: only a fatal signal ends this sleep, and kthread_stop() sends none: kthread_stop() hangs
	// CHECK: :[[@LINE-3]]:3: note: add '|| kthread_should_stop()' to the condition
	// CHECK: :[[@LINE-4]]:3: note: in 'tx_loop', called from thread function 'tx_thread'
	// CHECK: :[[@LINE+74]]:10: note: 'kthread_run' starts thread function 'tx_thread' here
	// CHECK: :[[@LINE+91]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-7]]:3: note: likelihood: certain on any run that takes this path
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
	// CHECK: :[[@LINE-1]]:3: warning: the condition of 'wait_event_timeout' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
	// CHECK: :[[@LINE-2]]:3: note: kthread_stop() wakes the thread, which sleeps again: the stop waits until the timeout expires
	// CHECK: :[[@LINE-3]]:3: note: add '|| kthread_should_stop()' to the condition
	// CHECK: :[[@LINE+57]]:11: note: 'kthread_run' starts thread function 'mon_thread' here
	// CHECK: :[[@LINE+72]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-6]]:3: note: likelihood: certain on any run that takes this path
	return 0;
}

static int cmd_thread(void *data)
{
	struct pipe *p = data;

	while (!kthread_should_stop()) {
		if (wait_event_interruptible(p->wq, p->pending))
			continue;
		// OLD: :[[@LINE-2]]:7: warning: the condition of 'wait_event_interruptible' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
		// OLD: :[[@LINE-3]]:7: note: with InterruptibleWaitsEndOnStop off (kernels whose kthread_stop() does not interrupt sleeps), kthread_stop() hangs
		// OLD: :[[@LINE-4]]:7: note: add '|| kthread_should_stop()' to the condition
		// OLD: :[[@LINE+44]]:11: note: 'kthread_run' starts thread function 'cmd_thread' here
		// OLD: :[[@LINE+57]]:2: note: kthread_stop() waits here for the thread to exit
		// OLD: :[[@LINE-7]]:7: note: likelihood: certain on any run that takes this path
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
		// NEW: :[[@LINE-1]]:3: warning: the result of 'wait_event_interruptible' is ignored, and its condition does not test kthread_should_stop() [kthread-wait-without-stop-condition]
		// NEW: :[[@LINE-2]]:3: note: kthread_stop() interrupts the sleep, and the code below runs as if the condition held
		// NEW: :[[@LINE-3]]:3: note: test the result, or add '|| kthread_should_stop()' to the condition
		// NEW: :[[@LINE+29]]:13: note: 'kthread_run' starts thread function 'drain_thread' here
		// NEW: :[[@LINE+40]]:2: note: kthread_stop() waits here for the thread to exit
		// NEW: :[[@LINE-6]]:3: note: likelihood: certain on any run that takes this path
		// OLD: :[[@LINE-7]]:3: warning: the condition of 'wait_event_interruptible' does not test kthread_should_stop() [kthread-wait-without-stop-condition]
		// OLD: :[[@LINE-8]]:3: note: with InterruptibleWaitsEndOnStop off (kernels whose kthread_stop() does not interrupt sleeps), kthread_stop() hangs
		// OLD: :[[@LINE-9]]:3: note: add '|| kthread_should_stop()' to the condition
		// OLD: :[[@LINE+23]]:13: note: 'kthread_run' starts thread function 'drain_thread' here
		// OLD: :[[@LINE+34]]:2: note: kthread_stop() waits here for the thread to exit
		// OLD: :[[@LINE-12]]:3: note: likelihood: certain on any run that takes this path
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
