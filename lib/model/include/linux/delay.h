/* <linux/delay.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_DELAY_H
#define _MODEL_LINUX_DELAY_H

#include <linux/compiler.h>

#define msleep(ms) model_msleep((ms), MODEL_HERE)
#define msleep_interruptible(ms) model_msleep_interruptible((ms), MODEL_HERE)

#endif
