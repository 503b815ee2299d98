/* Imitation of <linux/errno.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_ERRNO_H
#define _IMITATION_LINUX_ERRNO_H

#define EINTR 4
#define EIO 5
#define ENOMEM 12
#define ENODEV 19
#define EINVAL 22
#define ERESTARTSYS 512

#endif
