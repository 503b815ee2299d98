/* Imitation of <linux/module.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_MODULE_H
#define _IMITATION_LINUX_MODULE_H

#include <linux/init.h>
#include <linux/kernel.h>

#define module_init(fn) int init_module(void) __attribute__((alias(#fn)));
#define module_exit(fn) void cleanup_module(void) __attribute__((alias(#fn)));
/* As the kernel's: the export redeclares the symbol. */
#define EXPORT_SYMBOL(sym) extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern typeof(sym) sym
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)

#endif
