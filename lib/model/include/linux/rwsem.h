/* <linux/rwsem.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_RWSEM_H
#define _MODEL_LINUX_RWSEM_H

#include <linux/compiler.h>

struct rw_semaphore {
	int model_unused;
};

#define DECLARE_RWSEM(name) struct rw_semaphore name = { 0 }
#define init_rwsem(sem) ((void)(sem))
#define down_read(sem)                                                         \
	((void)model_lock((sem), MODEL_LOCK_SHARED,                            \
			  MODEL_WAIT_UNINTERRUPTIBLE, "down_read", MODEL_HERE))
#define down_read_interruptible(sem)                                           \
	model_lock((sem), MODEL_LOCK_SHARED, MODEL_WAIT_INTERRUPTIBLE,         \
		   "down_read_interruptible", MODEL_HERE)
#define down_read_killable(sem)                                                \
	model_lock((sem), MODEL_LOCK_SHARED, MODEL_WAIT_KILLABLE,              \
		   "down_read_killable", MODEL_HERE)
#define down_read_trylock(sem)                                                 \
	model_lock((sem), MODEL_LOCK_SHARED, MODEL_WAIT_TRY,                   \
		   "down_read_trylock", MODEL_HERE)
#define down_write(sem)                                                        \
	((void)model_lock((sem), MODEL_LOCK_EXCLUSIVE,                         \
			  MODEL_WAIT_UNINTERRUPTIBLE, "down_write", MODEL_HERE))
#define down_write_killable(sem)                                               \
	model_lock((sem), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_KILLABLE,           \
		   "down_write_killable", MODEL_HERE)
#define down_write_trylock(sem)                                                \
	model_lock((sem), MODEL_LOCK_EXCLUSIVE, MODEL_WAIT_TRY,                \
		   "down_write_trylock", MODEL_HERE)
#define up_read(sem) model_unlock((sem), MODEL_HERE)
#define up_write(sem) model_unlock((sem), MODEL_HERE)

#endif
