// Stops under a lock in long functions: sixteen settings, each applied on a
// branch of its own, come before the stop. The stores multiply the paths
// (65,536, where a walk stops at 20,000 block visits) but none changes what
// the stop waits for, so the finding stays, and so does the clean
// look-alike of a helper that stops a task field the path knows is NULL.
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

struct board_cfg {
	int speed;
	int duplex;
	int mtu;
	int irq_coalesce;
	int rx_ring;
	int tx_ring;
	int rx_buf;
	int tx_buf;
	int vlan;
	int flow;
	int wol;
	int led;
	int pause;
	int eee;
	int fec;
	int lanes;
};

struct board {
	struct mutex lock;
	struct task_struct *poller;
	int speed;
	int duplex;
	int mtu;
	int irq_coalesce;
	int rx_ring;
	int tx_ring;
	int rx_buf;
	int tx_buf;
	int vlan;
	int flow;
	int wol;
	int led;
	int pause;
	int eee;
	int fec;
	int lanes;
	int polls;
};

/* Each setting given is applied: one branch per setting. */
#define APPLY_SETTINGS(b, c)                                                   \
	do {                                                                   \
		if ((c)->speed)                                                \
			(b)->speed = (c)->speed;                               \
		if ((c)->duplex)                                               \
			(b)->duplex = (c)->duplex;                             \
		if ((c)->mtu)                                                  \
			(b)->mtu = (c)->mtu;                                   \
		if ((c)->irq_coalesce)                                         \
			(b)->irq_coalesce = (c)->irq_coalesce;                 \
		if ((c)->rx_ring)                                              \
			(b)->rx_ring = (c)->rx_ring;                           \
		if ((c)->tx_ring)                                              \
			(b)->tx_ring = (c)->tx_ring;                           \
		if ((c)->rx_buf)                                               \
			(b)->rx_buf = (c)->rx_buf;                             \
		if ((c)->tx_buf)                                               \
			(b)->tx_buf = (c)->tx_buf;                             \
		if ((c)->vlan)                                                 \
			(b)->vlan = (c)->vlan;                                 \
		if ((c)->flow)                                                 \
			(b)->flow = (c)->flow;                                 \
		if ((c)->wol)                                                  \
			(b)->wol = (c)->wol;                                   \
		if ((c)->led)                                                  \
			(b)->led = (c)->led;                                   \
		if ((c)->pause)                                                \
			(b)->pause = (c)->pause;                               \
		if ((c)->eee)                                                  \
			(b)->eee = (c)->eee;                                   \
		if ((c)->fec)                                                  \
			(b)->fec = (c)->fec;                                   \
		if ((c)->lanes)                                                \
			(b)->lanes = (c)->lanes;                               \
	} while (0)

/* Sleeps, then takes the lock before it tests the stop again. */
static int poller_thread(void *data)
{
	struct board *b = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		mutex_lock(&b->lock);
		b->polls++;
		mutex_unlock(&b->lock);
	}
	return 0;
}

static int board_start(struct board *b)
{
	b->poller = kthread_run(poller_thread, b, "poller");
	return PTR_ERR_OR_ZERO(b->poller);
}

/* The settings, then the stop with the lock held. */
static void board_reconfigure(struct board *b, const struct board_cfg *c)
{
	APPLY_SETTINGS(b, c);
	mutex_lock(&b->lock);
	kthread_stop(b->poller);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'poller_thread' to exit while mutex 'b->lock' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'mutex_lock' takes 'b->lock' here
	// CHECK: :[[@LINE-12]]:14: note: 'kthread_run' starts thread function 'poller_thread' here
	// CHECK: :[[@LINE-22]]:3: note: 'poller_thread' takes 'b->lock' with 'mutex_lock' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
	b->poller = NULL;
	mutex_unlock(&b->lock);
}

/* Clean: the same settings, and the lock is dropped before the stop. */
static void board_reconfigure_unlocked(struct board *b,
				       const struct board_cfg *c)
{
	struct task_struct *t;

	APPLY_SETTINGS(b, c);
	mutex_lock(&b->lock);
	t = b->poller;
	b->poller = NULL;
	mutex_unlock(&b->lock);
	kthread_stop(t);
}

static void board_stop(struct board *b)
{
	if (b->poller)
		kthread_stop(b->poller);
}

/* Clean: a fresh board that fails before its thread is created; the
 * helper's NULL test skips the stop. */
static struct board *board_create(const struct board_cfg *c)
{
	struct board *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	mutex_init(&b->lock);
	APPLY_SETTINGS(b, c);
	if (b->lanes > 8) {
		mutex_lock(&b->lock);
		board_stop(b);
		mutex_unlock(&b->lock);
		kfree(b);
		return NULL;
	}
	return b;
}
