// Results followed through the file's own helper functions: a helper that
// returns a creation result is a creation function; a helper that hands its
// argument to a consumer is a use; a helper that tests it is a check.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>

struct port {
	struct task_struct *rx;
	int index;
};

static int rx_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static struct task_struct *port_spawn(struct port *p)
{
	return kthread_create(rx_fn, p, "rx/%d", p->index);
}

static void port_start(struct task_struct *t, int cpu)
{
	kthread_bind(t, cpu);
	wake_up_process(t);
}

static int port_check(struct task_struct *t)
{
	if (IS_ERR(t))
		return PTR_ERR(t);
	return 0;
}

static int port_open_null(struct port *p)
{
	p->rx = port_spawn(p);
	if (!p->rx)
	// CHECK: :[[@LINE-1]]:6: warning: 'p->rx' is tested for NULL, but 'port_spawn' (which returns the result of 'kthread_create') returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:10: note: the result of 'port_spawn' (which returns the result of 'kthread_create') is stored here
	// CHECK: :[[@LINE-3]]:6: note: on failure the ERR_PTR passes this test and is later used as a task, which oopses the kernel; test it with IS_ERR()
	// CHECK: :[[@LINE-4]]:6: note: likelihood: needs a failed thread creation
		return -ENOMEM;
	wake_up_process(p->rx);
	return 0;
}

static int port_open_unchecked(struct port *p)
{
	struct task_struct *t = port_spawn(p);

	port_start(t, p->index);
	// CHECK: :[[@LINE-1]]:2: warning: 't' is passed to 'port_start', which passes it to 'kthread_bind' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-30]]:2: note: 'port_start' passes it to 'kthread_bind' here without an IS_ERR() test
	// CHECK: :[[@LINE-5]]:26: note: the result of 'port_spawn' (which returns the result of 'kthread_create') is stored here
	// CHECK: :[[@LINE-4]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-5]]:2: note: likelihood: needs a failed thread creation
	p->rx = t;
	return 0;
}

/* Clean look-alikes. */

static int port_open_checked_by_helper(struct port *p)
{
	struct task_struct *t = port_spawn(p);
	int err = port_check(t);

	if (err)
		return err;
	port_start(t, p->index);
	p->rx = t;
	return 0;
}

static int port_open_checked(struct port *p)
{
	p->rx = port_spawn(p);
	if (IS_ERR(p->rx))
		return PTR_ERR(p->rx);
	port_start(p->rx, p->index);
	return 0;
}

static void port_kick(struct task_struct *t, int times)
{
	int i;

	// A NULL test inside a loop, visited again on every iteration: the
	// analysis must reach a fixed point (this once never finished).
	for (i = 0; i < times; i++)
		if (t)
			wake_up_process(t);
}

static int port_open_kicked(struct port *p)
{
	p->rx = port_spawn(p);
	if (IS_ERR(p->rx))
		return PTR_ERR(p->rx);
	port_kick(p->rx, 3);
	return 0;
}
