/* Imitation of <linux/spinlock.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_SPINLOCK_H
#define _IMITATION_LINUX_SPINLOCK_H

typedef struct spinlock {
	int locked;
} spinlock_t;

#define DEFINE_SPINLOCK(x) spinlock_t x = { 0 }
extern void spin_lock_init(spinlock_t *lock);
extern void spin_lock(spinlock_t *lock);
extern void spin_unlock(spinlock_t *lock);
extern void spin_lock_irq(spinlock_t *lock);
extern void spin_unlock_irq(spinlock_t *lock);

#endif
