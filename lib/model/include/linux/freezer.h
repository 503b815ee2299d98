/* <linux/freezer.h> for kthread-tidy's runtime model: the system is never
 * frozen. */
#ifndef _MODEL_LINUX_FREEZER_H
#define _MODEL_LINUX_FREEZER_H

#include <linux/types.h>

/* set_freezable() returns try_to_freeze(): false, as nothing freezes. */
static inline bool set_freezable(void) { return false; }
static inline bool try_to_freeze(void) { return false; }
static inline bool freezing(struct task_struct *p) { return false; }

#endif
