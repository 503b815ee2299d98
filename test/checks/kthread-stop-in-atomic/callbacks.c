// Sleeping kthread calls reached through the file's helpers, and from the
// interrupt handlers, timer callbacks and tasklets the file registers; the
// clean look-alikes beside them.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-in-atomic' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-in-atomic' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct port {
	spinlock_t lock;
	struct task_struct *rx;
	struct task_struct *tx;
	struct timer_list watchdog;
	struct tasklet_struct done;
	int irq;
	int broken;
};

static void port_stop_rx(struct port *p)
{
	if (p->rx) {
		kthread_stop(p->rx);
		p->rx = NULL;
	}
}

/* The helper sleeps: calling it with the lock held is the same bug. */
static void port_shutdown(struct port *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	port_stop_rx(p);
	// CHECK: :[[@LINE-1]]:2: warning: 'port_stop_rx' (which calls 'kthread_stop') sleeps, but is called while spinlock 'p->lock' is held [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-3]]:2: note: 'spin_lock_irqsave' takes 'p->lock' here
	// CHECK: :[[@LINE-14]]:3: note: 'port_stop_rx' calls 'kthread_stop' here
	// CHECK: :[[@LINE-4]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
	spin_unlock_irqrestore(&p->lock, flags);
}

/* Clean: the helper is called after the unlock. */
static void port_shutdown_unlocked(struct port *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	p->broken = 0;
	spin_unlock_irqrestore(&p->lock, flags);
	port_stop_rx(p);
}

/* Clean, from aacraid (_aac_reset_adapter() in 6.1): the helper drops the
 * lock its caller holds before it stops the thread, and takes it again. */
static void port_reset_locked(struct port *p)
{
	spin_unlock_irq(&p->lock);
	kthread_stop(p->tx);
	p->tx = NULL;
	spin_lock_irq(&p->lock);
}

static void port_reset(struct port *p)
{
	spin_lock_irq(&p->lock);
	port_reset_locked(p);
	spin_unlock_irq(&p->lock);
}

/* A hard interrupt handler stops a thread. */
static irqreturn_t port_irq(int irq, void *data)
{
	struct port *p = data;

	if (p->broken)
		kthread_stop(p->tx);
		// CHECK: :[[@LINE-1]]:3: warning: 'kthread_stop' sleeps, but is called in 'port_irq', an interrupt handler [kthread-stop-in-atomic]
		// CHECK: :[[@LINE+45]]:8: note: 'request_irq' registers 'port_irq' as an interrupt handler here
		// CHECK: :[[@LINE-3]]:3: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
		// CHECK: :[[@LINE-4]]:3: note: likelihood: certain on any run that takes this path
	return IRQ_HANDLED;
}

/* Clean: a threaded handler's thread function may sleep. */
static irqreturn_t port_irq_thread(int irq, void *data)
{
	struct port *p = data;

	if (p->broken)
		port_stop_rx(p);
	return IRQ_HANDLED;
}

/* A timer callback reaches the stop through the helper. */
static void port_watchdog(struct timer_list *t)
{
	struct port *p = container_of(t, struct port, watchdog);

	port_stop_rx(p);
	// CHECK: :[[@LINE-1]]:2: warning: 'port_stop_rx' (which calls 'kthread_stop') sleeps, but is called in 'port_watchdog', a timer callback [kthread-stop-in-atomic]
	// CHECK: :[[@LINE+29]]:2: note: 'timer_setup' registers 'port_watchdog' as a timer callback here
	// CHECK: :[[@LINE-80]]:3: note: 'port_stop_rx' calls 'kthread_stop' here
	// CHECK: :[[@LINE-4]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
}

/* A tasklet parks a thread. */
static void port_done(struct tasklet_struct *t)
{
	struct port *p = container_of(t, struct port, done);

	kthread_park(p->tx);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_park' sleeps, but is called in 'port_done', a tasklet [kthread-stop-in-atomic]
	// CHECK: :[[@LINE+17]]:2: note: 'tasklet_setup' registers 'port_done' as a tasklet here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
}

static int port_open(struct port *p)
{
	int ret;

	ret = request_irq(p->irq, port_irq, 0, "port", p);
	if (ret)
		return ret;
	ret = request_threaded_irq(p->irq + 1, NULL, port_irq_thread, 0,
				   "port-thread", p);
	if (ret)
		return ret;
	timer_setup(&p->watchdog, port_watchdog, 0);
	tasklet_setup(&p->done, port_done);
	return 0;
}
