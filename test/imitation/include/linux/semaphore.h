/* Imitation of <linux/semaphore.h> (Linux 6.1) for kthread-tidy's tests:
 * down_trylock() returns 0 when it took the semaphore. */
#ifndef _IMITATION_LINUX_SEMAPHORE_H
#define _IMITATION_LINUX_SEMAPHORE_H

struct semaphore {
	int count;
};

#define DEFINE_SEMAPHORE(name) struct semaphore name = { 1 }
static inline void sema_init(struct semaphore *sem, int val)
{
	sem->count = val;
}

extern void down(struct semaphore *sem);
extern int down_interruptible(struct semaphore *sem);
extern int down_killable(struct semaphore *sem);
extern int down_trylock(struct semaphore *sem);
extern int down_timeout(struct semaphore *sem, long jiffies);
extern void up(struct semaphore *sem);

#endif
