/* <linux/sched/task.h> for kthread-tidy's runtime model: task references
 * are counted by the model, and a use of a freed task is a verdict. */
#ifndef _MODEL_LINUX_SCHED_TASK_H
#define _MODEL_LINUX_SCHED_TASK_H

#include <linux/sched.h>

#define get_task_struct(t) model_get_task_struct((t), MODEL_HERE)
#define put_task_struct(t) model_put_task_struct((t), MODEL_HERE)

#endif
