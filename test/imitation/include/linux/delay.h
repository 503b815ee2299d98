/* Imitation of <linux/delay.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_DELAY_H
#define _IMITATION_LINUX_DELAY_H

void msleep(unsigned int msecs);
unsigned long msleep_interruptible(unsigned int msecs);

#endif
