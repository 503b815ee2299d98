/* <linux/types.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_TYPES_H
#define _MODEL_LINUX_TYPES_H

#include <linux/compiler.h>

typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)
typedef unsigned long size_t;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned int gfp_t;
typedef int pid_t;

#endif
