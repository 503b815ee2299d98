/* Imitation of <linux/spinlock.h> (Linux 6.1) for kthread-tidy's tests.
 *
 * The structure is the kernel's: spin_lock() and spin_unlock*() are inline
 * functions, spin_lock_irqsave() is a macro that passes spinlock_check(lock)
 * to the raw lock, raw_spin_*, read_* and write_* locks are macros over the
 * _raw_ functions, and the trylocks return non-zero when they took the
 * lock. */
#ifndef _IMITATION_LINUX_SPINLOCK_H
#define _IMITATION_LINUX_SPINLOCK_H

#include <linux/irqflags.h>
#include <linux/preempt.h>

typedef struct raw_spinlock {
	int locked;
} raw_spinlock_t;

typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

typedef struct {
	int locked;
} rwlock_t;

#define DEFINE_SPINLOCK(x) spinlock_t x = { { 0 } }
#define DEFINE_RWLOCK(x) rwlock_t x = { 0 }
extern void spin_lock_init(spinlock_t *lock);
extern void rwlock_init(rwlock_t *lock);

extern void _raw_spin_lock(raw_spinlock_t *lock);
extern void _raw_spin_unlock(raw_spinlock_t *lock);
extern unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
extern void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock,
					unsigned long flags);
extern int _raw_spin_trylock(raw_spinlock_t *lock);
#define raw_spin_lock(lock) _raw_spin_lock(lock)
#define raw_spin_unlock(lock) _raw_spin_unlock(lock)
#define raw_spin_lock_irqsave(lock, flags)                                     \
	do {                                                                   \
		flags = _raw_spin_lock_irqsave(lock);                          \
	} while (0)
#define raw_spin_unlock_irqrestore(lock, flags)                                \
	_raw_spin_unlock_irqrestore(lock, flags)

static inline raw_spinlock_t *spinlock_check(spinlock_t *lock)
{
	return &lock->rlock;
}

extern void spin_lock(spinlock_t *lock);
extern void spin_unlock(spinlock_t *lock);
extern void spin_lock_irq(spinlock_t *lock);
extern void spin_unlock_irq(spinlock_t *lock);
extern void spin_lock_bh(spinlock_t *lock);
extern void spin_unlock_bh(spinlock_t *lock);
extern int spin_trylock(spinlock_t *lock);
#define spin_lock_irqsave(lock, flags)                                         \
	do {                                                                   \
		raw_spin_lock_irqsave(spinlock_check(lock), flags);           \
	} while (0)
extern void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);

extern void _raw_read_lock(rwlock_t *lock);
extern void _raw_read_unlock(rwlock_t *lock);
extern void _raw_write_lock(rwlock_t *lock);
extern void _raw_write_unlock(rwlock_t *lock);
extern unsigned long _raw_write_lock_irqsave(rwlock_t *lock);
extern void _raw_write_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
#define read_lock(lock) _raw_read_lock(lock)
#define read_unlock(lock) _raw_read_unlock(lock)
#define write_lock(lock) _raw_write_lock(lock)
#define write_unlock(lock) _raw_write_unlock(lock)
#define write_lock_irqsave(lock, flags)                                        \
	do {                                                                   \
		flags = _raw_write_lock_irqsave(lock);                         \
	} while (0)
#define write_unlock_irqrestore(lock, flags)                                   \
	_raw_write_unlock_irqrestore(lock, flags)

#endif
