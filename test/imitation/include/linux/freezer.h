/* Imitation of <linux/freezer.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_FREEZER_H
#define _IMITATION_LINUX_FREEZER_H

#include <linux/types.h>

extern bool set_freezable(void);
extern bool try_to_freeze(void);

#endif
