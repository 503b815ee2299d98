/* A project-specific creation function, known only through the options. */
#include <linux/errno.h>

struct task_struct;
struct task_struct *start_helper_thread(void *data);

struct helper {
	struct task_struct *task;
};

int helper_start(struct helper *h)
{
	h->task = start_helper_thread(h);
	if (!h->task)
		return -ENOMEM;
	return 0;
}
