/* Parks a thread under a spinlock: kept for kthread-stop-in-atomic, which
 * sees the park in the file's own function. */
#include <linux/kthread.h>
#include <linux/spinlock.h>

struct dbg {
	spinlock_t lock;
	struct task_struct *thread;
};

void dbg_pause(struct dbg *d)
{
	spin_lock(&d->lock);
	kthread_park(d->thread);
	spin_unlock(&d->lock);
}
