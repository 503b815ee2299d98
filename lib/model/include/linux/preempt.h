/* <linux/preempt.h> for kthread-tidy's runtime model: preemption off is an
 * atomic context (see spinlock.h). */
#ifndef _MODEL_LINUX_PREEMPT_H
#define _MODEL_LINUX_PREEMPT_H

#include <model/model.h>

#define preempt_disable() model_atomic_enter("preempt_disable", MODEL_HERE)
#define preempt_enable() model_atomic_exit(MODEL_HERE)

#endif
