/* <linux/errno.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_ERRNO_H
#define _MODEL_LINUX_ERRNO_H

#define EINTR 4
#define EIO 5
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define ENODEV 19
#define EINVAL 22
#define ENOSYS 38
#define ERESTARTSYS 512

#endif
