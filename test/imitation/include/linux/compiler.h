/* Imitation of <linux/compiler.h> for kthread-tidy's tests: the annotations
 * and branch hints that wrap the kthread API in the real headers. */
#ifndef _IMITATION_LINUX_COMPILER_H
#define _IMITATION_LINUX_COMPILER_H

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
