/* <linux/slab.h> for kthread-tidy's runtime model: every allocation is a
 * fault point of the explorer. */
#ifndef _MODEL_LINUX_SLAB_H
#define _MODEL_LINUX_SLAB_H

#include <linux/types.h>

#define GFP_KERNEL ((gfp_t)0xcc0)
#define kmalloc(size, flags) model_kmalloc((size), 0, "kmalloc", MODEL_HERE)
#define kzalloc(size, flags) model_kmalloc((size), 1, "kzalloc", MODEL_HERE)
#define kcalloc(n, size, flags)                                                \
	model_kmalloc((n) * (size), 1, "kcalloc", MODEL_HERE)
#define kfree(ptr) model_kfree((ptr), MODEL_HERE)

#endif
