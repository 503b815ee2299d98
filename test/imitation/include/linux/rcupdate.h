/* Imitation of <linux/rcupdate.h> (Linux 6.1) for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_RCUPDATE_H
#define _IMITATION_LINUX_RCUPDATE_H

extern void rcu_read_lock(void);
extern void rcu_read_unlock(void);

#endif
