#include "vblank.h"

void vblank_off(struct kthread_worker *w)
{
	vblank_flush(w);
}
