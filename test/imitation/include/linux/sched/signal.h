/* Imitation of <linux/sched/signal.h> for kthread-tidy's tests: in Linux 6.1
 * signal_pending() and allow_signal() live here; the imitation declares them
 * in <linux/sched.h>. */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H
#include <linux/sched.h>
#endif
