// Sleeping kthread calls with a lock held, interrupts or preemption off, or
// in an RCU read-side section, and their clean look-alikes.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-in-atomic' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-in-atomic' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct hcd {
	spinlock_t lock;
	spinlock_t stats_lock;
	rwlock_t list_lock;
	struct task_struct *spi_thread;
	struct kthread_worker *worker;
	int running;
};

/* The max3421-hcd shape: remove() stops the thread inside the irqsave
 * section. */
static void hcd_remove(struct hcd *h)
{
	unsigned long flags;

	spin_lock_irqsave(&h->lock, flags);
	kthread_stop(h->spi_thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' sleeps, but is called while spinlock 'h->lock' is held [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-3]]:2: note: 'spin_lock_irqsave' takes 'h->lock' here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	spin_unlock_irqrestore(&h->lock, flags);
}

/* Clean: the pointer is taken and cleared under the lock, the thread is
 * stopped after the unlock. */
static void hcd_remove_unlocked(struct hcd *h)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&h->lock, flags);
	t = h->spi_thread;
	h->spi_thread = NULL;
	spin_unlock_irqrestore(&h->lock, flags);
	if (t)
		kthread_stop(t);
}

/* The unlock is on one branch only: the other path stops with the lock
 * held. */
static void hcd_stop_maybe(struct hcd *h)
{
	spin_lock(&h->lock);
	if (h->running) {
		h->running = 0;
		spin_unlock(&h->lock);
		kthread_stop(h->spi_thread);
		return;
	}
	kthread_stop(h->spi_thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' sleeps, but is called while spinlock 'h->lock' is held [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-9]]:2: note: 'spin_lock' takes 'h->lock' here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	spin_unlock(&h->lock);
}

/* Clean: both branches unlock before the stop. */
static void hcd_stop_both(struct hcd *h)
{
	spin_lock(&h->lock);
	if (h->running) {
		h->running = 0;
		spin_unlock(&h->lock);
	} else {
		spin_unlock(&h->lock);
	}
	kthread_stop(h->spi_thread);
}

/* Another lock is released than the one taken: h->lock stays held. */
static void hcd_stop_wrong_unlock(struct hcd *h)
{
	spin_lock(&h->lock);
	spin_lock(&h->stats_lock);
	spin_unlock(&h->stats_lock);
	kthread_park(h->spi_thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_park' sleeps, but is called while spinlock 'h->lock' is held [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-5]]:2: note: 'spin_lock' takes 'h->lock' here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	spin_unlock(&h->lock);
}

/* Clean: the same lock through a local pointer. */
static void hcd_stop_through_local(struct hcd *h)
{
	spinlock_t *lock = &h->lock;

	spin_lock(lock);
	h->running = 0;
	spin_unlock(lock);
	kthread_stop(h->spi_thread);
}

/* A trylock holds its lock on its success branch only. */
static void hcd_try_stop(struct hcd *h)
{
	if (spin_trylock(&h->lock)) {
		kthread_stop(h->spi_thread);
		// CHECK: :[[@LINE-1]]:3: warning: 'kthread_stop' sleeps, but is called while spinlock 'h->lock' is held [kthread-stop-in-atomic]
		// CHECK: :[[@LINE-3]]:6: note: 'spin_trylock' takes 'h->lock' here
		// CHECK: :[[@LINE-3]]:3: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
		// CHECK: :[[@LINE-4]]:3: note: likelihood: certain on any run that takes this path
		spin_unlock(&h->lock);
	}
}

/* Clean: the stop is on the branch where the trylock failed. */
static void hcd_try_or_stop(struct hcd *h)
{
	if (!spin_trylock(&h->lock)) {
		kthread_stop(h->spi_thread);
		return;
	}
	h->running = 0;
	spin_unlock(&h->lock);
}

static void hcd_write_locked(struct hcd *h)
{
	unsigned long flags;

	write_lock_irqsave(&h->list_lock, flags);
	kthread_destroy_worker(h->worker);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_destroy_worker' sleeps, but is called while rwlock 'h->list_lock' is held [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-3]]:2: note: 'write_lock_irqsave' takes 'h->list_lock' here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	write_unlock_irqrestore(&h->list_lock, flags);
}

static void hcd_irqs_off(struct hcd *h)
{
	unsigned long flags;

	local_irq_save(flags);
	kthread_flush_worker(h->worker);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_flush_worker' sleeps, but is called with interrupts disabled [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-3]]:2: note: 'local_irq_save' disables interrupts here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	local_irq_restore(flags);
}

/* Clean: interrupts are back on before the flush. */
static void hcd_irqs_back_on(struct hcd *h)
{
	unsigned long flags;

	local_irq_save(flags);
	h->running = 0;
	local_irq_restore(flags);
	kthread_flush_worker(h->worker);
}

static void hcd_preempt_off(struct hcd *h)
{
	preempt_disable();
	kthread_stop(h->spi_thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' sleeps, but is called with preemption disabled [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-3]]:2: note: 'preempt_disable' disables preemption here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	preempt_enable();
}

static void hcd_rcu(struct hcd *h)
{
	rcu_read_lock();
	if (h->running)
		kthread_park(h->spi_thread);
		// CHECK: :[[@LINE-1]]:3: warning: 'kthread_park' sleeps, but is called inside an RCU read-side section [kthread-stop-in-atomic]
		// CHECK: :[[@LINE-4]]:2: note: 'rcu_read_lock' enters the read-side section here
		// CHECK: :[[@LINE-3]]:3: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
		// CHECK: :[[@LINE-4]]:3: note: likelihood: certain on any run that takes this path
	rcu_read_unlock();
}

/* Clean: the read-side section ends before the park. */
static void hcd_rcu_then_park(struct hcd *h)
{
	int running;

	rcu_read_lock();
	running = h->running;
	rcu_read_unlock();
	if (running)
		kthread_park(h->spi_thread);
}

/* Reviewed and accepted. */
static void hcd_remove_reviewed(struct hcd *h)
{
	spin_lock(&h->lock);
	kthread_stop(h->spi_thread); // NOLINT(kthread-stop-in-atomic)
	spin_unlock(&h->lock);
}
