/* Imitation of <linux/rwsem.h> (Linux 6.1) for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_RWSEM_H
#define _IMITATION_LINUX_RWSEM_H

struct rw_semaphore {
	long count;
};

#define DECLARE_RWSEM(name) struct rw_semaphore name = { 0 }
extern void __init_rwsem(struct rw_semaphore *sem, const char *name,
			 void *key);
#define init_rwsem(sem) __init_rwsem((sem), #sem, 0)

extern void down_read(struct rw_semaphore *sem);
extern int down_read_interruptible(struct rw_semaphore *sem);
extern int down_read_killable(struct rw_semaphore *sem);
extern int down_read_trylock(struct rw_semaphore *sem);
extern void down_write(struct rw_semaphore *sem);
extern int down_write_killable(struct rw_semaphore *sem);
extern int down_write_trylock(struct rw_semaphore *sem);
extern void up_read(struct rw_semaphore *sem);
extern void up_write(struct rw_semaphore *sem);

#endif
