/* <linux/rcupdate.h> for kthread-tidy's runtime model: an RCU read-side
 * section must not sleep (see spinlock.h). */
#ifndef _MODEL_LINUX_RCUPDATE_H
#define _MODEL_LINUX_RCUPDATE_H

#include <model/model.h>

#define rcu_read_lock() model_atomic_enter("rcu_read_lock", MODEL_HERE)
#define rcu_read_unlock() model_atomic_exit(MODEL_HERE)

#endif
