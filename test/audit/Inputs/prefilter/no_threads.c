/* A driver file without kernel threads: nothing for the checks to see. */
#include <linux/slab.h>

struct buf {
	char *data;
};

struct buf *buf_alloc(void)
{
	return kzalloc(sizeof(struct buf), GFP_KERNEL);
}
