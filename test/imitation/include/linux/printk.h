/* Imitation of <linux/printk.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_PRINTK_H
#define _IMITATION_LINUX_PRINTK_H

#include <linux/compiler.h>

__printf(1, 2) int _printk(const char *fmt, ...);
#define pr_err(fmt, ...) _printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) _printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) _printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) _printk(fmt, ##__VA_ARGS__)

#endif
