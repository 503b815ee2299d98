/* <linux/completion.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_COMPLETION_H
#define _MODEL_LINUX_COMPLETION_H

#include <linux/compiler.h>

#include <model/abi.h>

#define DECLARE_COMPLETION(work) struct completion work = { 0, NULL }
#define init_completion(x) model_init_completion(x)
#define reinit_completion(x) ((x)->done = 0)
#define complete(x) model_complete((x), 0, MODEL_HERE)
#define complete_all(x) model_complete((x), 1, MODEL_HERE)
/* TASK_UNINTERRUPTIBLE, TASK_INTERRUPTIBLE, TASK_KILLABLE as in sched.h. */
#define wait_for_completion(x)                                                 \
	((void)model_wait_for_completion((x), 0x0002, 0x7fffffffL, MODEL_HERE))
#define wait_for_completion_interruptible(x)                                   \
	((int)model_wait_for_completion((x), 0x0001, 0x7fffffffL, MODEL_HERE))
#define wait_for_completion_killable(x)                                        \
	((int)model_wait_for_completion((x), 0x0102, 0x7fffffffL, MODEL_HERE))
#define wait_for_completion_timeout(x, t)                                      \
	((unsigned long)model_wait_for_completion((x), 0x0002, (t), MODEL_HERE))

#endif
