/* <linux/timer.h> for kthread-tidy's runtime model. A scenario runs the
 * callback itself with MODEL_IN_ATOMIC("timer callback", fn(&timer)). */
#ifndef _MODEL_LINUX_TIMER_H
#define _MODEL_LINUX_TIMER_H

#include <model/model.h>

struct timer_list {
	void (*function)(struct timer_list *);
	unsigned long expires;
};

#define timer_setup(timer, callback, flags)                                    \
	((timer)->function = (callback), (void)(flags))
#define mod_timer(timer, when) ((timer)->expires = (when), 0)
#define del_timer_sync(timer) ((void)(timer), 0)

#endif
