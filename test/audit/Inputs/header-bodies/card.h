/* A driver's local header with a helper that waits for the stop, as
 * drivers/md/bcache/bcache.h has wait_for_kthread_stop(). */
#include <linux/kthread.h>

static inline void card_wait_for_stop(void)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	set_current_state(TASK_RUNNING);
}

/* Bodies like this one, which name no stop test, are not parsed. */
static inline int card_ready(int events)
{
	return events > 0;
}
