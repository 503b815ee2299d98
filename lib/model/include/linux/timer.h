/* <linux/timer.h> for kthread-tidy's runtime model. A scenario runs the
 * callback itself with MODEL_IN_ATOMIC("timer callback", fn(&timer)); and
 * with model_explore_callbacks(), a pending timer may fire once more when
 * del_timer_sync() removes it, as it may at any time until then. */
#ifndef _MODEL_LINUX_TIMER_H
#define _MODEL_LINUX_TIMER_H

#include <model/model.h>

struct timer_list {
	void (*function)(struct timer_list *);
	unsigned long expires;
	int pending;
};

static inline int model_del_timer(struct timer_list *timer, MODEL_SITE)
{
	int pending = timer->pending;

	timer->pending = 0;
	if (pending && model_callback_fires("timer callback", file, line)) {
		model_atomic_enter("timer callback", file, line);
		timer->function(timer);
		model_atomic_exit(file, line);
	}
	return pending;
}

#define timer_setup(timer, callback, flags)                                    \
	((timer)->function = (callback), (timer)->pending = 0, (void)(flags))
#define mod_timer(timer, when) ((timer)->expires = (when), (timer)->pending = 1, 0)
#define del_timer_sync(timer) model_del_timer((timer), MODEL_HERE)
#define del_timer(timer) model_del_timer((timer), MODEL_HERE)

#endif
