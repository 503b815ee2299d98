/* Imitation of <linux/slab.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_SLAB_H
#define _IMITATION_LINUX_SLAB_H

#include <linux/types.h>

#define GFP_KERNEL ((gfp_t)0xcc0)
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *ptr);

#endif
