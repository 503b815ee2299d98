/* <linux/module.h> for kthread-tidy's runtime model. The scenario calls the
 * init and exit functions itself (they are in the same translation unit);
 * module_init()/module_exit() only keep them referenced. */
#ifndef _MODEL_LINUX_MODULE_H
#define _MODEL_LINUX_MODULE_H

#include <linux/init.h>
#include <linux/kernel.h>

#define module_init(fn)                                                        \
	__attribute__((__unused__)) static int (*model_module_init)(void) = fn;
#define module_exit(fn)                                                        \
	__attribute__((__unused__)) static void (*model_module_exit)(void) = fn;
/* As the kernel's: the export redeclares the symbol. */
#define EXPORT_SYMBOL(sym) extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym) extern typeof(sym) sym
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)

#endif
