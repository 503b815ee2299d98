// A creating function's error paths call a clean-up helper that stops the
// thread only if its field is set (mctp-i3c's bus_add()/bus_free(), called
// with the lock the thread takes). Before the creation the field of the
// zeroed object is NULL, after a failed creation the function stores NULL:
// nothing is stopped there. After the thread started, the stop is real.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>

struct bus {
	struct task_struct *tx_thread;
	int pid;
	int packets;
};

static DEFINE_MUTEX(buses_lock);
static struct bus *the_bus;

extern int bus_read_pid(int *pid);
extern int bus_register(int pid);

static int bus_tx_thread(void *data)
{
	struct bus *b = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		mutex_lock(&buses_lock);
		b->packets++;
		mutex_unlock(&buses_lock);
	}
	return 0;
}

static void bus_free(struct bus *b)
{
	if (b->tx_thread) {
		kthread_stop(b->tx_thread);
		b->tx_thread = NULL;
	}
	kfree(b);
}

/* Called with buses_lock held. */
static struct bus *bus_add(int fail_late)
{
	struct bus *b;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	if (bus_read_pid(&b->pid) < 0)
		goto err_free;
	b->tx_thread = kthread_run(bus_tx_thread, b, "bus-tx");
	if (IS_ERR(b->tx_thread)) {
		b->tx_thread = NULL;
		goto err_free;
	}
	if (fail_late && bus_register(b->pid) < 0)
		goto err_free;
	return b;

err_free:
	bus_free(b);
	return ERR_PTR(-EIO);
}

/* Clean: without the late registration, every error path is one on which
 * the thread's field is NULL. */
static struct bus *bus_add_early(void)
{
	struct bus *b;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	if (bus_read_pid(&b->pid) < 0)
		goto err_free;
	b->tx_thread = kthread_run(bus_tx_thread, b, "bus-tx");
	if (IS_ERR(b->tx_thread)) {
		b->tx_thread = NULL;
		goto err_free;
	}
	return b;

err_free:
	bus_free(b);
	return ERR_PTR(-EIO);
}

static void bus_add_early_locked(void)
{
	struct bus *b;

	mutex_lock(&buses_lock);
	b = bus_add_early();
	if (!IS_ERR(b))
		the_bus = b;
	mutex_unlock(&buses_lock);
}

static void bus_add_locked(void)
{
	struct bus *b;

	mutex_lock(&buses_lock);
	b = bus_add(1);
	// CHECK: :[[@LINE-1]]:6: warning: 'bus_add' (which calls 'kthread_stop') waits for thread 'bus_tx_thread' to exit while mutex 'buses_lock' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'mutex_lock' takes 'buses_lock' here
	// CHECK: :[[@LINE-72]]:3: note: 'bus_add' calls 'kthread_stop' here
	// CHECK: :[[@LINE-57]]:17: note: 'kthread_run' starts thread function 'bus_tx_thread' here
	// CHECK: :[[@LINE-84]]:3: note: 'bus_tx_thread' takes 'buses_lock' with 'mutex_lock' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-6]]:6: note: likelihood: certain on any run that takes this path
	if (!IS_ERR(b))
		the_bus = b;
	mutex_unlock(&buses_lock);
}
