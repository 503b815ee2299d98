/* <linux/spinlock.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_SPINLOCK_H
#define _MODEL_LINUX_SPINLOCK_H

/*
 * The model runs one task at a time and switches only at sleeps, so a
 * spinlock never contends: taking and dropping it changes nothing it
 * checks.
 */
typedef struct spinlock {
	int locked;
} spinlock_t;

#define DEFINE_SPINLOCK(x) spinlock_t x = { 0 }
#define spin_lock_init(lock) ((void)(lock))
#define spin_lock(lock) ((void)(lock))
#define spin_unlock(lock) ((void)(lock))
#define spin_lock_irq(lock) ((void)(lock))
#define spin_unlock_irq(lock) ((void)(lock))

#endif
