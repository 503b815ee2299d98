/* <linux/wait.h> (Linux 6.1) for kthread-tidy's runtime model.
 *
 * The wait_event*() family has the kernel's shape: the outer macro tests the
 * condition once, then ___wait_event() loops: queue the task and set its
 * state (prepare_to_wait_event(), which reports a pending signal the state
 * admits as -ERESTARTSYS), re-evaluate the condition, sleep. Each wait passes
 * its name and line to the model so that a hang names the wait. */
#ifndef _MODEL_LINUX_WAIT_H
#define _MODEL_LINUX_WAIT_H

#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include <model/abi.h>

typedef struct wait_queue_head wait_queue_head_t;

#define init_waitqueue_head(wq_head) model_init_waitqueue_head(wq_head)
#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = { 0, NULL }

#define __wake_up(x, mode, nr, key) model_wake_up((x), (mode), (nr), MODEL_HERE)
#define wake_up(x) model_wake_up((x), TASK_NORMAL, 1, MODEL_HERE)
#define wake_up_all(x) model_wake_up((x), TASK_NORMAL, 0, MODEL_HERE)
#define wake_up_interruptible(x)                                               \
	model_wake_up((x), TASK_INTERRUPTIBLE, 1, MODEL_HERE)
#define wake_up_interruptible_all(x)                                           \
	model_wake_up((x), TASK_INTERRUPTIBLE, 0, MODEL_HERE)

#define ___wait_is_interruptible(state)                                        \
	((state) & (TASK_INTERRUPTIBLE | TASK_WAKEKILL))

#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd, api)     \
	({                                                                     \
		__label__ __out;                                               \
		struct wait_queue_entry __wq_entry;                            \
		long __ret = ret;                                              \
		model_init_wait_entry(&__wq_entry, exclusive);                 \
		for (;;) {                                                     \
			long __int = model_prepare_to_wait_event(              \
				&wq_head, &__wq_entry, state, api,             \
				MODEL_HERE);                                   \
			if (condition)                                         \
				break;                                         \
			if (___wait_is_interruptible(state) && __int) {        \
				__ret = __int;                                 \
				model_wait_returned(__int, 0, MODEL_HERE);     \
				goto __out;                                    \
			}                                                      \
			cmd;                                                   \
		}                                                              \
		model_finish_wait(&wq_head, &__wq_entry);                      \
	__out:                                                                 \
		__ret;                                                         \
	})

#define ___wait_cond_timeout(condition)                                        \
	({                                                                     \
		bool __cond = (condition);                                     \
		if (__cond && !__ret)                                          \
			__ret = 1;                                             \
		__cond || !__ret;                                              \
	})

/* The untimed forms: state, exclusive (WQ_FLAG_EXCLUSIVE) and name. */
#define model_wait_event_untimed(wq_head, condition, state, exclusive, api)    \
	({                                                                     \
		int __ret = 0;                                                 \
		might_sleep();                                                 \
		if (!(condition))                                              \
			__ret = ___wait_event(wq_head, condition, state,       \
					      exclusive, 0, schedule(), api);  \
		__ret;                                                         \
	})

/* The timed forms: the result is the remaining time (at least 1) when the
 * condition became true, 0 on time-out, or -ERESTARTSYS. */
#define model_wait_event_timed(wq_head, condition, state, timeout, api)        \
	({                                                                     \
		long __ret = timeout;                                          \
		might_sleep();                                                 \
		if (!___wait_cond_timeout(condition))                          \
			__ret = ___wait_event(wq_head,                         \
					      ___wait_cond_timeout(condition), \
					      state, 0, timeout,               \
					      __ret = schedule_timeout(__ret), \
					      api);                            \
		__ret;                                                         \
	})

#define wait_event(wq_head, condition)                                         \
	((void)model_wait_event_untimed(wq_head, condition,                    \
					TASK_UNINTERRUPTIBLE, 0, "wait_event"))
#define wait_event_idle(wq_head, condition)                                    \
	((void)model_wait_event_untimed(wq_head, condition, TASK_IDLE, 0,      \
					"wait_event_idle"))
#define wait_event_interruptible(wq_head, condition)                           \
	model_wait_event_untimed(wq_head, condition, TASK_INTERRUPTIBLE, 0,    \
				 "wait_event_interruptible")
#define wait_event_interruptible_exclusive(wq_head, condition)                 \
	model_wait_event_untimed(wq_head, condition, TASK_INTERRUPTIBLE, 1,    \
				 "wait_event_interruptible_exclusive")
/* The lock is dropped around each sleep and taken again, as the kernel's
 * wait_event_lock_irq() does; its atomic context does not cover the sleep. */
#define model_wait_event_lock_irq(wq_head, condition, lock, state, api)       \
	({                                                                     \
		int __ret = 0;                                                 \
		if (!(condition))                                              \
			__ret = ___wait_event(wq_head, condition, state, 0, 0, \
					      (spin_unlock_irq(&(lock)),       \
					       schedule(),                     \
					       spin_lock_irq(&(lock))),        \
					      api);                            \
		__ret;                                                         \
	})
#define wait_event_lock_irq(wq_head, condition, lock)                          \
	((void)model_wait_event_lock_irq(wq_head, condition, lock,             \
					 TASK_UNINTERRUPTIBLE,                 \
					 "wait_event_lock_irq"))
#define wait_event_interruptible_lock_irq(wq_head, condition, lock)            \
	model_wait_event_lock_irq(wq_head, condition, lock, TASK_INTERRUPTIBLE, \
				  "wait_event_interruptible_lock_irq")
#define wait_event_killable(wq_head, condition)                                \
	model_wait_event_untimed(wq_head, condition, TASK_KILLABLE, 0,         \
				 "wait_event_killable")
#define wait_event_freezable(wq_head, condition)                               \
	model_wait_event_untimed(wq_head, condition,                           \
				 (TASK_INTERRUPTIBLE | TASK_FREEZABLE), 0,     \
				 "wait_event_freezable")
#define wait_event_timeout(wq_head, condition, timeout)                        \
	model_wait_event_timed(wq_head, condition, TASK_UNINTERRUPTIBLE,       \
			       timeout, "wait_event_timeout")
#define wait_event_idle_timeout(wq_head, condition, timeout)                   \
	model_wait_event_timed(wq_head, condition, TASK_IDLE, timeout,         \
			       "wait_event_idle_timeout")
#define wait_event_interruptible_timeout(wq_head, condition, timeout)          \
	model_wait_event_timed(wq_head, condition, TASK_INTERRUPTIBLE,         \
			       timeout, "wait_event_interruptible_timeout")
#define wait_event_killable_timeout(wq_head, condition, timeout)               \
	model_wait_event_timed(wq_head, condition, TASK_KILLABLE, timeout,     \
			       "wait_event_killable_timeout")
#define wait_event_freezable_timeout(wq_head, condition, timeout)              \
	model_wait_event_timed(wq_head, condition,                             \
			       (TASK_INTERRUPTIBLE | TASK_FREEZABLE), timeout, \
			       "wait_event_freezable_timeout")

#endif
