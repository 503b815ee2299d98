/* Imitation of <linux/completion.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_COMPLETION_H
#define _IMITATION_LINUX_COMPLETION_H

struct completion {
	unsigned int done;
};

extern void init_completion(struct completion *x);
extern void wait_for_completion(struct completion *x);
extern int wait_for_completion_interruptible(struct completion *x);
extern void complete(struct completion *x);

#endif
