/* Imitation of <linux/mutex.h> (Linux 6.1, !CONFIG_DEBUG_LOCK_ALLOC) for
 * kthread-tidy's tests: the locks are extern functions, the _nested forms
 * macros over them, the interruptible and killable forms return 0 once they
 * hold the lock, mutex_trylock() returns 1 when it took it. */
#ifndef _IMITATION_LINUX_MUTEX_H
#define _IMITATION_LINUX_MUTEX_H

struct mutex {
	long owner;
};

#define DEFINE_MUTEX(name) struct mutex name = { 0 }
extern void __mutex_init(struct mutex *lock, const char *name, void *key);
#define mutex_init(mutex) __mutex_init((mutex), #mutex, 0)

extern void mutex_lock(struct mutex *lock);
extern int mutex_lock_interruptible(struct mutex *lock);
extern int mutex_lock_killable(struct mutex *lock);
extern void mutex_lock_io(struct mutex *lock);
#define mutex_lock_nested(lock, subclass) mutex_lock(lock)
extern int mutex_trylock(struct mutex *lock);
extern void mutex_unlock(struct mutex *lock);

#endif
