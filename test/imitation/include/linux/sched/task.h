/* Imitation of <linux/sched/task.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_SCHED_TASK_H
#define _IMITATION_LINUX_SCHED_TASK_H

#include <linux/sched.h>

static inline struct task_struct *get_task_struct(struct task_struct *t)
{
	t->usage++;
	return t;
}

extern void __put_task_struct(struct task_struct *t);

static inline void put_task_struct(struct task_struct *t)
{
	if (--t->usage == 0)
		__put_task_struct(t);
}

#endif
