/* <linux/sched/signal.h> (Linux 6.1) for kthread-tidy's runtime model: the
 * model declares signal_pending() in <linux/sched.h>. */
#ifndef _MODEL_LINUX_SCHED_SIGNAL_H
#define _MODEL_LINUX_SCHED_SIGNAL_H
#include <linux/sched.h>
#endif
