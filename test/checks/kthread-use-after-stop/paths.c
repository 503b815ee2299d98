// kthread-use-after-stop on one path: a task woken, parked, bound or
// dereferenced after kthread_stop() returned, each beside a clean
// look-alike (used before the stop; pinned with get_task_struct(); given a
// new thread; cleared and NULL-tested; stopped twice, which is
// kthread-double-stop's; put after the stop, pinned elsewhere).
//
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

struct poller {
	struct task_struct *task;
	int last_pid;
};

static int poller_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

void poller_kick_after_stop(struct poller *p)
{
	kthread_stop(p->task);
	wake_up_process(p->task);
	// CHECK: :[[@LINE-1]]:2: warning: 'p->task' is passed to 'wake_up_process' after 'kthread_stop' stopped its thread [kthread-use-after-stop]
	// CHECK: :[[@LINE-3]]:2: note: 'kthread_stop' returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-3]]:2: note: so this uses the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-4]]:2: note: do this before the stop, or pin the task with get_task_struct() before stopping it
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
}

void poller_log_after_stop(struct poller *p)
{
	struct task_struct *t = p->task;

	kthread_stop(t);
	p->last_pid = t->pid;
	// CHECK: :[[@LINE-1]]:16: warning: 't' is dereferenced after 'kthread_stop' stopped its thread [kthread-use-after-stop]
	// CHECK: :[[@LINE-3]]:2: note: 'kthread_stop' returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-3]]:16: note: so this uses the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-4]]:16: note: do this before the stop, or pin the task with get_task_struct() before stopping it
	// CHECK: :[[@LINE-5]]:16: note: likelihood: certain on any run that takes this path
}

/* The NULL test does not help: the pointer still holds the stopped task. */
void poller_park_after_stop(struct poller *p, int parked)
{
	kthread_stop(p->task);
	if (parked && p->task)
		kthread_unpark(p->task);
		// CHECK: :[[@LINE-1]]:3: warning: 'p->task' is passed to 'kthread_unpark' after 'kthread_stop' stopped its thread [kthread-use-after-stop]
		// CHECK: :[[@LINE-4]]:2: note: 'kthread_stop' returns once the thread has exited, and its task_struct may then be freed
		// CHECK: :[[@LINE-3]]:3: note: so this uses the freed task_struct: a use-after-free
		// CHECK: :[[@LINE-4]]:3: note: do this before the stop, or pin the task with get_task_struct() before stopping it
		// CHECK: :[[@LINE-5]]:3: note: likelihood: certain on any run that takes this path
}

/* Clean: the pid is read before the stop. */
void poller_log_before_stop(struct poller *p)
{
	p->last_pid = p->task->pid;
	kthread_stop(p->task);
}

/* Clean: pinned, the task_struct outlives the thread until the put (a pin
 * anywhere in the file covers the field everywhere). */
struct pinned_poller {
	struct task_struct *task;
	int last_pid;
};

void poller_pinned(struct pinned_poller *p)
{
	get_task_struct(p->task);
	kthread_stop(p->task);
	p->last_pid = p->task->pid;
	put_task_struct(p->task);
}

/* Clean: the place holds a new thread by the time it is woken. */
void poller_restart(struct poller *p)
{
	kthread_stop(p->task);
	p->task = kthread_create(poller_fn, p, "poller");
	if (IS_ERR(p->task))
		return;
	wake_up_process(p->task);
}

/* Clean: cleared after the stop, and the NULL test skips the wake. */
void poller_cleared(struct poller *p)
{
	kthread_stop(p->task);
	p->task = NULL;
	if (p->task)
		wake_up_process(p->task);
}

/* Clean for this check: a second stop is kthread-double-stop's. */
void poller_stop_twice(struct poller *p)
{
	kthread_stop(p->task);
	kthread_stop(p->task);
}

/* Clean: a put after the stop says a reference is held, here taken by code
 * elsewhere (usbip's attach), and through a local copy before the store
 * (setup_irq_thread() in kernel/irq/manage.c). */
struct link_threads {
	struct task_struct *rx;
	struct task_struct *irq;
};

void link_shutdown(struct link_threads *l)
{
	kthread_stop(l->rx);
	put_task_struct(l->rx);
	l->rx = NULL;
}

int link_irq_setup(struct link_threads *l)
{
	struct task_struct *t = kthread_create(poller_fn, l, "link-irq");

	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	l->irq = t;
	wake_up_process(t);
	return 0;
}

void link_irq_free(struct link_threads *l)
{
	struct task_struct *t = l->irq;

	kthread_stop(t);
	put_task_struct(t);
}
