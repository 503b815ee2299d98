/* <linux/printk.h> for kthread-tidy's runtime model: messages go to the
 * model's log (printed with model-run -v). */
#ifndef _MODEL_LINUX_PRINTK_H
#define _MODEL_LINUX_PRINTK_H

#include <linux/compiler.h>

#define _printk model_printk
#define printk model_printk
#define pr_err(fmt, ...) model_printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) model_printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) model_printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) model_printk(fmt, ##__VA_ARGS__)

#endif
