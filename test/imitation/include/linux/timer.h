/* Imitation of <linux/timer.h> (Linux 6.1) for kthread-tidy's tests:
 * timer_setup() is a macro over init_timer_key(); the callback runs in
 * softirq context. */
#ifndef _IMITATION_LINUX_TIMER_H
#define _IMITATION_LINUX_TIMER_H

struct timer_list {
	void (*function)(struct timer_list *);
	unsigned long expires;
};

extern void init_timer_key(struct timer_list *timer,
			   void (*func)(struct timer_list *),
			   unsigned int flags, const char *name, void *key);
#define timer_setup(timer, callback, flags)                                    \
	init_timer_key((timer), (callback), (flags), #timer, 0)
extern int mod_timer(struct timer_list *timer, unsigned long expires);
extern int del_timer_sync(struct timer_list *timer);

#endif
