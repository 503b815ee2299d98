/* <linux/semaphore.h> for kthread-tidy's runtime model: binary semaphores
 * (a count of 1), as the cases use them. */
#ifndef _MODEL_LINUX_SEMAPHORE_H
#define _MODEL_LINUX_SEMAPHORE_H

#include <linux/compiler.h>

struct semaphore {
	int model_unused;
};

#define DEFINE_SEMAPHORE(name) struct semaphore name = { 0 }
#define sema_init(sem, val) ((void)(sem), (void)(val))
#define down(sem)                                                              \
	((void)model_lock((sem), MODEL_LOCK_EXCLUSIVE,                         \
			  MODEL_WAIT_UNINTERRUPTIBLE, "down", MODEL_HERE))
#define down_interruptible(sem)                                                \
	model_lock((sem), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_INTERRUPTIBLE,      \
		   "down_interruptible", MODEL_HERE)
#define down_killable(sem)                                                     \
	model_lock((sem), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_KILLABLE,           \
		   "down_killable", MODEL_HERE)
/* 0 when it took the semaphore. */
#define down_trylock(sem)                                                      \
	(!model_lock((sem), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_TRY,              \
		     "down_trylock", MODEL_HERE))
#define up(sem) model_unlock((sem), MODEL_HERE)

#endif
