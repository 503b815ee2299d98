// SPDX-License-Identifier: GPL-2.0
/*
 * Example for kthread-tidy: a self-test that races a few threads.
 *
 * Bug: the task reference is taken before anyone tests whether kthread_run()
 * failed; get_task_struct() on an ERR_PTR writes through an invalid pointer.
 */
#include <linux/kthread.h>
#include <linux/sched/task.h>

struct racer {
	struct task_struct *task;
	int rounds;
};

static int racer_fn(void *data)
{
	struct racer *r = data;

	while (!kthread_should_stop())
		r->rounds++;
	return 0;
}

static int race(void)
{
	struct racer r[2];
	int i, err = 0;

	for (i = 0; i < 2; i++) {
		r[i].rounds = 0;
		r[i].task = kthread_run(racer_fn, &r[i], "racer:%d", i);
		get_task_struct(r[i].task);
	}
	for (i = 0; i < 2; i++) {
		err |= kthread_stop(r[i].task);
		put_task_struct(r[i].task);
	}
	return err;
}
