/* <linux/init.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_INIT_H
#define _MODEL_LINUX_INIT_H

#define __init
#define __exit

#endif
