/* A NOLINTBEGIN without its NOLINTEND: the file is analysed, and clang-tidy's
 * complaint about the comment is reported as a finding. */
#include <linux/kthread.h>

static struct task_struct *task;

static int fn(void *data)
{
	return 0;
}

// NOLINTBEGIN(kthread-unchecked-create)
int start(void)
{
	task = kthread_run(fn, NULL, "x");
	if (!task)
		return -ENOMEM;
	return 0;
}
