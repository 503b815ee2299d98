/* <linux/sched.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_SCHED_H
#define _MODEL_LINUX_SCHED_H

#include <linux/kernel.h>
#include <linux/types.h>

#define TASK_RUNNING 0x0000
#define TASK_INTERRUPTIBLE 0x0001
#define TASK_UNINTERRUPTIBLE 0x0002
#define TASK_PARKED 0x0040
#define TASK_WAKEKILL 0x0100
#define TASK_NOLOAD 0x0400
#define TASK_KILLABLE (TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE (TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_FREEZABLE 0x2000
#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define MAX_SCHEDULE_TIMEOUT 0x7fffffffL
#define TASK_COMM_LEN 16

#include <model/abi.h>

#define get_current() model_get_current()
#define current model_get_current()
#define set_current_state(state_value)                                         \
	model_set_current_state((state_value), MODEL_HERE)
#define __set_current_state(state_value)                                       \
	model_set_current_state((state_value), MODEL_HERE)

#define wake_up_process(tsk) model_wake_up_process((tsk), MODEL_HERE)
#define schedule() model_schedule(MODEL_HERE)
#define schedule_timeout(timeout) model_schedule_timeout((timeout), -1, MODEL_HERE)
#define schedule_timeout_interruptible(timeout)                                \
	model_schedule_timeout((timeout), TASK_INTERRUPTIBLE, MODEL_HERE)
#define schedule_timeout_killable(timeout)                                     \
	model_schedule_timeout((timeout), TASK_KILLABLE, MODEL_HERE)
#define schedule_timeout_uninterruptible(timeout)                              \
	model_schedule_timeout((timeout), TASK_UNINTERRUPTIBLE, MODEL_HERE)
#define schedule_timeout_idle(timeout)                                         \
	model_schedule_timeout((timeout), TASK_IDLE, MODEL_HERE)
#define signal_pending(p) model_signal_pending(p)
#define fatal_signal_pending(p) model_fatal_signal_pending(p)
#define set_user_nice(p, nice) model_task_use((p), "set_user_nice", MODEL_HERE)
#define sched_set_fifo(p) model_task_use((p), "sched_set_fifo", MODEL_HERE)
#define sched_set_fifo_low(p)                                                  \
	model_task_use((p), "sched_set_fifo_low", MODEL_HERE)
#define cond_resched() ((void)0)
#define might_sleep() model_might_sleep(MODEL_HERE)

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return (m + (1000 / HZ) - 1) / (1000 / HZ);
}

#endif
