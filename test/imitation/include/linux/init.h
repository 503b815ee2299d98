/* Imitation of <linux/init.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_INIT_H
#define _IMITATION_LINUX_INIT_H

#define __init
#define __exit

#endif
