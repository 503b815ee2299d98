/* A header helper that flushes a worker (drm_internal.h's shape): its body
 * is skipped, so a file that only includes it cannot produce a finding. */
#include <linux/kthread.h>

static inline void vblank_flush(struct kthread_worker *w)
{
	kthread_flush_worker(w);
}
