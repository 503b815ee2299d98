/* <linux/spinlock.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_SPINLOCK_H
#define _MODEL_LINUX_SPINLOCK_H

#include <linux/irqflags.h>
#include <linux/preempt.h>

/*
 * The model runs one task at a time, so a lock never contends. What it
 * checks is the atomic context a lock opens: the task is not preempted
 * there, and a sleeping kthread call there is "sleeping function called
 * from invalid context". Each unlock closes the innermost context.
 */
typedef struct spinlock {
	int locked;
} spinlock_t;
typedef struct {
	int locked;
} rwlock_t;

#define DEFINE_SPINLOCK(x) spinlock_t x = { 0 }
#define DEFINE_RWLOCK(x) rwlock_t x = { 0 }
#define spin_lock_init(lock) ((void)(lock))
#define rwlock_init(lock) ((void)(lock))
#define spin_lock(lock) ((void)(lock), model_atomic_enter("spin_lock", MODEL_HERE))
#define spin_unlock(lock) ((void)(lock), model_atomic_exit(MODEL_HERE))
#define spin_lock_irq(lock)                                                    \
	((void)(lock), model_atomic_enter("spin_lock_irq", MODEL_HERE))
#define spin_unlock_irq(lock) ((void)(lock), model_atomic_exit(MODEL_HERE))
#define spin_lock_bh(lock)                                                     \
	((void)(lock), model_atomic_enter("spin_lock_bh", MODEL_HERE))
#define spin_unlock_bh(lock) ((void)(lock), model_atomic_exit(MODEL_HERE))
#define spin_lock_irqsave(lock, flags)                                         \
	((void)(lock), (flags) = 0,                                            \
	 model_atomic_enter("spin_lock_irqsave", MODEL_HERE))
#define spin_unlock_irqrestore(lock, flags)                                    \
	((void)(lock), (void)(flags), model_atomic_exit(MODEL_HERE))
/* Never contended: a trylock always takes the lock. */
#define spin_trylock(lock)                                                     \
	((void)(lock), model_atomic_enter("spin_trylock", MODEL_HERE), 1)
#define read_lock(lock) ((void)(lock), model_atomic_enter("read_lock", MODEL_HERE))
#define read_unlock(lock) ((void)(lock), model_atomic_exit(MODEL_HERE))
#define write_lock(lock)                                                       \
	((void)(lock), model_atomic_enter("write_lock", MODEL_HERE))
#define write_unlock(lock) ((void)(lock), model_atomic_exit(MODEL_HERE))
#define write_lock_irqsave(lock, flags)                                        \
	((void)(lock), (flags) = 0,                                            \
	 model_atomic_enter("write_lock_irqsave", MODEL_HERE))
#define write_unlock_irqrestore(lock, flags)                                   \
	((void)(lock), (void)(flags), model_atomic_exit(MODEL_HERE))

#endif
