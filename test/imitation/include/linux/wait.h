/* Imitation of <linux/wait.h> (Linux 6.1) for kthread-tidy's tests.
 *
 * The wait_event*() family has the kernel's shape: an outer macro tests the
 * condition once, then an inner ___wait_event() statement expression loops,
 * re-evaluating the condition after every wake-up; interruptible forms leave
 * the loop with -ERESTARTSYS when a signal is pending. */
#ifndef _IMITATION_LINUX_WAIT_H
#define _IMITATION_LINUX_WAIT_H

#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

struct wait_queue_entry {
	unsigned int flags;
	void *private;
};

struct wait_queue_head {
	int lock;
	struct wait_queue_entry *head;
};
typedef struct wait_queue_head wait_queue_head_t;

extern void __init_waitqueue_head(struct wait_queue_head *wq_head,
				  const char *name);
#define init_waitqueue_head(wq_head) __init_waitqueue_head((wq_head), #wq_head)
#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = { 0, NULL }

extern void __wake_up(struct wait_queue_head *wq_head, unsigned int mode,
		      int nr, void *key);
#define wake_up(x) __wake_up(x, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible(x) __wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)

extern void might_sleep(void);
extern void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);
extern long prepare_to_wait_event(struct wait_queue_head *wq_head,
				  struct wait_queue_entry *wq_entry, int state);
extern void finish_wait(struct wait_queue_head *wq_head,
			struct wait_queue_entry *wq_entry);

#define ___wait_is_interruptible(state)                                        \
	((state) == TASK_INTERRUPTIBLE || (state) == TASK_KILLABLE)

#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd)          \
	({                                                                     \
		__label__ __out;                                               \
		struct wait_queue_entry __wq_entry;                            \
		long __ret = ret;                                              \
		init_wait_entry(&__wq_entry, exclusive);                       \
		for (;;) {                                                     \
			long __int = prepare_to_wait_event(&wq_head,           \
							   &__wq_entry, state); \
			if (condition)                                         \
				break;                                         \
			if (___wait_is_interruptible(state) && __int) {        \
				__ret = __int;                                 \
				goto __out;                                    \
			}                                                      \
			cmd;                                                   \
		}                                                              \
		finish_wait(&wq_head, &__wq_entry);                            \
	__out:                                                                 \
		__ret;                                                         \
	})

#define __wait_event(wq_head, condition)                                       \
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0,    \
			    schedule())

#define wait_event(wq_head, condition)                                         \
	do {                                                                   \
		might_sleep();                                                 \
		if (condition)                                                 \
			break;                                                 \
		__wait_event(wq_head, condition);                              \
	} while (0)

#define __wait_event_interruptible(wq_head, condition)                         \
	___wait_event(wq_head, condition, TASK_INTERRUPTIBLE, 0, 0, schedule())

#define wait_event_interruptible(wq_head, condition)                           \
	({                                                                     \
		int __ret = 0;                                                 \
		might_sleep();                                                 \
		if (!(condition))                                              \
			__ret = __wait_event_interruptible(wq_head, condition); \
		__ret;                                                         \
	})

#define ___wait_cond_timeout(condition)                                        \
	({                                                                     \
		bool __cond = (condition);                                     \
		if (__cond && !__ret)                                          \
			__ret = 1;                                             \
		__cond || !__ret;                                              \
	})

#define __wait_event_interruptible_timeout(wq_head, condition, timeout)        \
	___wait_event(wq_head, ___wait_cond_timeout(condition),                \
		      TASK_INTERRUPTIBLE, 0, timeout,                          \
		      __ret = schedule_timeout(__ret))

#define wait_event_interruptible_timeout(wq_head, condition, timeout)          \
	({                                                                     \
		long __ret = timeout;                                          \
		might_sleep();                                                 \
		if (!___wait_cond_timeout(condition))                          \
			__ret = __wait_event_interruptible_timeout(            \
				wq_head, condition, timeout);                  \
		__ret;                                                         \
	})

#define __wait_event_timeout(wq_head, condition, timeout)                      \
	___wait_event(wq_head, ___wait_cond_timeout(condition),                \
		      TASK_UNINTERRUPTIBLE, 0, timeout,                        \
		      __ret = schedule_timeout(__ret))

#define wait_event_timeout(wq_head, condition, timeout)                        \
	({                                                                     \
		long __ret = timeout;                                          \
		might_sleep();                                                 \
		if (!___wait_cond_timeout(condition))                          \
			__ret = __wait_event_timeout(wq_head, condition,       \
						     timeout);                 \
		__ret;                                                         \
	})

#define __wait_event_killable(wq_head, condition)                              \
	___wait_event(wq_head, condition, TASK_KILLABLE, 0, 0, schedule())

#define wait_event_killable(wq_head, condition)                                \
	({                                                                     \
		int __ret = 0;                                                 \
		might_sleep();                                                 \
		if (!(condition))                                              \
			__ret = __wait_event_killable(wq_head, condition);     \
		__ret;                                                         \
	})

#define __wait_event_freezable(wq_head, condition)                             \
	___wait_event(wq_head, condition, (TASK_INTERRUPTIBLE | TASK_FREEZABLE), \
		      0, 0, schedule())

#define wait_event_freezable(wq_head, condition)                               \
	({                                                                     \
		int __ret = 0;                                                 \
		might_sleep();                                                 \
		if (!(condition))                                              \
			__ret = __wait_event_freezable(wq_head, condition);    \
		__ret;                                                         \
	})

#define __wait_event_freezable_timeout(wq_head, condition, timeout)           \
	___wait_event(wq_head, ___wait_cond_timeout(condition),                \
		      (TASK_INTERRUPTIBLE | TASK_FREEZABLE), 0, timeout,       \
		      __ret = schedule_timeout(__ret))

#define wait_event_freezable_timeout(wq_head, condition, timeout)             \
	({                                                                     \
		long __ret = timeout;                                          \
		might_sleep();                                                 \
		if (!___wait_cond_timeout(condition))                          \
			__ret = __wait_event_freezable_timeout(wq_head,        \
							       condition,      \
							       timeout);       \
		__ret;                                                         \
	})

#define __wait_event_idle(wq_head, condition)                                  \
	___wait_event(wq_head, condition, TASK_IDLE, 0, 0, schedule())

#define wait_event_idle(wq_head, condition)                                    \
	do {                                                                   \
		might_sleep();                                                 \
		if (!(condition))                                              \
			__wait_event_idle(wq_head, condition);                 \
	} while (0)

#define __wait_event_idle_timeout(wq_head, condition, timeout)                 \
	___wait_event(wq_head, ___wait_cond_timeout(condition), TASK_IDLE, 0,  \
		      timeout, __ret = schedule_timeout(__ret))

#define wait_event_idle_timeout(wq_head, condition, timeout)                   \
	({                                                                     \
		long __ret = timeout;                                          \
		might_sleep();                                                 \
		if (!___wait_cond_timeout(condition))                          \
			__ret = __wait_event_idle_timeout(wq_head, condition,  \
							  timeout);            \
		__ret;                                                         \
	})

#define __wait_event_lock_irq(wq_head, condition, lock, cmd)                   \
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0,    \
			    spin_unlock_irq(&lock); cmd; schedule();           \
			    spin_lock_irq(&lock))

#define wait_event_lock_irq(wq_head, condition, lock)                          \
	do {                                                                   \
		if (condition)                                                 \
			break;                                                 \
		__wait_event_lock_irq(wq_head, condition, lock, );             \
	} while (0)

#define __wait_event_interruptible_lock_irq(wq_head, condition, lock, cmd)     \
	___wait_event(wq_head, condition, TASK_INTERRUPTIBLE, 0, 0,            \
		      spin_unlock_irq(&lock); cmd; schedule();                 \
		      spin_lock_irq(&lock))

#define wait_event_interruptible_lock_irq(wq_head, condition, lock)            \
	({                                                                     \
		int __ret = 0;                                                 \
		if (!(condition))                                              \
			__ret = __wait_event_interruptible_lock_irq(           \
				wq_head, condition, lock, );                   \
		__ret;                                                         \
	})

#endif
