/* Imitation of <linux/preempt.h> (Linux 6.1, CONFIG_DEBUG_PREEMPT) for
 * kthread-tidy's tests: preempt_disable() and preempt_enable() are macros
 * over preempt_count_add() and preempt_count_sub(). */
#ifndef _IMITATION_LINUX_PREEMPT_H
#define _IMITATION_LINUX_PREEMPT_H

extern void preempt_count_add(int val);
extern void preempt_count_sub(int val);
#define preempt_disable()                                                      \
	do {                                                                   \
		preempt_count_add(1);                                          \
	} while (0)
#define preempt_enable()                                                       \
	do {                                                                   \
		preempt_count_sub(1);                                          \
	} while (0)

#endif
