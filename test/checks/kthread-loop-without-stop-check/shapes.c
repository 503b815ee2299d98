// Shapes of real drivers: a task stopped through a local copy of its
// field, a loop that ends only once the stop is asked for and the work is
// done, and a thread created asleep that nothing wakes.
//
// RUN: %kthread_tidy -checks='-*,kthread-loop-without-stop-check' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-loop-without-stop-check' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>

struct svc {
	struct task_struct *copied;
	struct task_struct *drain;
	struct task_struct *asleep;
	int work;
};

extern void svc_process(struct svc *s);

/* Stopped through a local copy of its field. */
static int copied_thread(void *data)
{
	struct svc *s = data;

	for (;;) {
		svc_process(s);
		schedule_timeout_interruptible(HZ);
	}
	// CHECK: :[[@LINE-4]]:2: warning: no path leaves this loop of thread function 'copied_thread' [kthread-loop-without-stop-check]
	// CHECK: :[[@LINE-5]]:2: note: so the thread never returns, and kthread_stop() waits forever
	// CHECK: :[[@LINE-6]]:2: note: leave the loop when kthread_should_stop() is true
	// CHECK: :[[@LINE+29]]:14: note: 'kthread_run' starts thread function 'copied_thread' here
	// CHECK: :[[@LINE+45]]:2: note: kthread_stop() waits here for the thread to exit
	// CHECK: :[[@LINE-9]]:2: note: likelihood: certain on any run that takes this path
	return 0;
}

/* Clean: leaves once the stop is asked for and the work is done. */
static int drain_thread(void *data)
{
	struct svc *s = data;

	while (!(kthread_should_stop() && !s->work)) {
		if (s->work)
			s->work--;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Clean: created asleep and never woken, so it never runs. */
static int asleep_thread(void *data)
{
	for (;;)
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int svc_start(struct svc *s)
{
	s->copied = kthread_run(copied_thread, s, "svc-copied");
	if (IS_ERR(s->copied))
		return PTR_ERR(s->copied);
	s->drain = kthread_run(drain_thread, s, "svc-drain");
	if (IS_ERR(s->drain))
		return PTR_ERR(s->drain);
	s->asleep = kthread_create(asleep_thread, s, "svc-asleep");
	if (IS_ERR(s->asleep))
		return PTR_ERR(s->asleep);
	return 0;
}

static void svc_stop(struct svc *s)
{
	struct task_struct *t = s->copied;

	s->copied = NULL;
	kthread_stop(t);
	kthread_stop(s->drain);
	kthread_stop(s->asleep);
}
