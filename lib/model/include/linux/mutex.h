/* <linux/mutex.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_MUTEX_H
#define _MODEL_LINUX_MUTEX_H

#include <linux/compiler.h>

struct mutex {
	int model_unused;
};

#define DEFINE_MUTEX(name) struct mutex name = { 0 }
#define mutex_init(lock) ((void)(lock))
#define mutex_lock(lock)                                                       \
	((void)model_lock((lock), MODEL_LOCK_EXCLUSIVE,                        \
			  MODEL_WAIT_UNINTERRUPTIBLE, "mutex_lock", MODEL_HERE))
#define mutex_lock_nested(lock, subclass) mutex_lock(lock)
#define mutex_lock_io(lock) mutex_lock(lock)
#define mutex_lock_interruptible(lock)                                         \
	model_lock((lock), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_INTERRUPTIBLE,     \
		   "mutex_lock_interruptible", MODEL_HERE)
#define mutex_lock_killable(lock)                                              \
	model_lock((lock), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_KILLABLE,          \
		   "mutex_lock_killable", MODEL_HERE)
#define mutex_trylock(lock)                                                    \
	model_lock((lock), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_TRY,               \
		   "mutex_trylock", MODEL_HERE)
#define mutex_unlock(lock) model_unlock((lock), MODEL_HERE)

#endif
