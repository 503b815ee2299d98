/* Imitation of <linux/kernel.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_KERNEL_H
#define _IMITATION_LINUX_KERNEL_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/types.h>

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#define container_of(ptr, type, member)                                        \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))
#define WARN_ON(condition)                                                     \
	({                                                                     \
		int __ret_warn_on = !!(condition);                             \
		if (unlikely(__ret_warn_on))                                   \
			_printk("WARNING\n");                                  \
		unlikely(__ret_warn_on);                                       \
	})
#define BUG()                                                                  \
	do {                                                                   \
		_printk("BUG\n");                                              \
		__builtin_unreachable();                                       \
	} while (0)
#define BUG_ON(condition)                                                      \
	do {                                                                   \
		if (unlikely(condition))                                       \
			BUG();                                                 \
	} while (0)
#define NR_CPUS 64
#define HZ 250

#endif
