/* <linux/compiler.h> for kthread-tidy's runtime model: annotations and branch
 * hints, as the kernel documents them. */
#ifndef _MODEL_LINUX_COMPILER_H
#define _MODEL_LINUX_COMPILER_H

#include <model/model.h>

#define __must_check __attribute__((__warn_unused_result__))
#define __force
#define __user
#define __iomem
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))

#endif
