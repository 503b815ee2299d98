/* <linux/kernel.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_KERNEL_H
#define _MODEL_LINUX_KERNEL_H

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
			model_printk("WARNING at %s:%d\n", __FILE__, __LINE__); \
		unlikely(__ret_warn_on);                                       \
	})
/* BUG() kills the task that hits it; the model ends the thread there. The
 * oops exits through make_task_dead() -> do_exit(), not kthread_exit(), so
 * kthread_stop() gets the untouched kthread->result: 0. */
#define BUG() model_kthread_exit(0, NULL, "BUG", MODEL_HERE)
#define BUG_ON(condition)                                                      \
	do {                                                                   \
		if (unlikely(condition))                                       \
			BUG();                                                 \
	} while (0)
#define NR_CPUS 64
#define HZ 250

#endif
