/* A local header wrapping thread creation in a macro, as drivers do. */
#include <linux/kthread.h>

#define start_poller(fn, d) kthread_run(fn, d, "poller")
