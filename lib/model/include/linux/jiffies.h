/* <linux/jiffies.h> for kthread-tidy's runtime model: jiffies is the
 * model's virtual time (HZ is 250). Only included on request, so that a
 * case's own variable named jiffies is left alone. */
#ifndef _MODEL_LINUX_JIFFIES_H
#define _MODEL_LINUX_JIFFIES_H

#include <linux/compiler.h>

#define jiffies model_jiffies()

#endif
