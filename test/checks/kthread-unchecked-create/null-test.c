// A NULL test of a creation result never sees the failure: creation returns
// an ERR_PTR, never NULL.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
//
// The fix-it rewrites a whole `if` condition only.
// RUN: cp %s %t.c
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' --fix %t.c -- %imitation_flags
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.c %s

#include <linux/kthread.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct sensor {
	struct task_struct *poller;
	struct kthread_worker *worker;
	int period;
};

static int poll_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int start_negated(struct sensor *s)
{
	s->poller = kthread_run(poll_fn, s, "sensor-poll");
	if (!s->poller)
	// CHECK: :[[@LINE-1]]:6: warning: 's->poller' is tested for NULL, but 'kthread_run' returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:14: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-3]]:6: note: on failure the ERR_PTR passes this test and is later used as a task, which oopses the kernel; test it with IS_ERR()
	// CHECK: :[[@LINE-4]]:6: note: likelihood: needs a failed thread creation
	// FIXED: {{^}}	if (IS_ERR(s->poller))
		return -ENOMEM;
	return 0;
}

static int start_equals_null(struct sensor *s)
{
	struct task_struct *t;

	t = kthread_create(poll_fn, s, "sensor-poll");
	if (t == NULL)
	// CHECK: :[[@LINE-1]]:6: warning: 't' is tested for NULL, but 'kthread_create' returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:6: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-3]]:6: note: on failure the ERR_PTR passes this test and is later used as a task, which oopses the kernel; test it with IS_ERR()
	// CHECK: :[[@LINE-4]]:6: note: likelihood: needs a failed thread creation
	// FIXED: {{^}}	if (IS_ERR(t))
		return -ENOMEM;
	wake_up_process(t);
	s->poller = t;
	return 0;
}

static int start_positive_test(struct sensor *s)
{
	struct task_struct *t = kthread_create_on_cpu(poll_fn, s, 0, "poll/%u");

	if (t) {
	// CHECK: :[[@LINE-1]]:6: warning: 't' is tested for NULL, but 'kthread_create_on_cpu' returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
	// CHECK: :[[@LINE-4]]:26: note: the result of 'kthread_create_on_cpu' is stored here
	// CHECK: :[[@LINE-3]]:6: note: on failure the ERR_PTR passes this test and is later used as a task, which oopses the kernel; test it with IS_ERR()
	// CHECK: :[[@LINE-4]]:6: note: likelihood: needs a failed thread creation
	// FIXED: {{^}}	if (!IS_ERR(t)) {
		wake_up_process(t);
		s->poller = t;
	}
	return 0;
}

static int start_unlikely(struct sensor *s)
{
	s->worker = kthread_create_worker(0, "sensor-worker");
	if (unlikely(!s->worker))
	// CHECK: :[[@LINE-1]]:6: warning: 's->worker' is tested for NULL, but 'kthread_create_worker' returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:14: note: the result of 'kthread_create_worker' is stored here
	// CHECK: :[[@LINE-3]]:6: note: on failure the ERR_PTR passes this test and is later used as a kthread_worker, which oopses the kernel; test it with IS_ERR()
	// CHECK: :[[@LINE-4]]:6: note: likelihood: needs a failed thread creation
	// FIXED: {{^}}	if (IS_ERR(s->worker))
		return -ENOMEM;
	return 0;
}

static int start_null_first(struct sensor *s)
{
	// Inside && the rewrite would change what the other operand guards: no
	// fix-it, but still a warning.
	s->poller = kthread_run(poll_fn, s, "sensor-poll");
	if (NULL == s->poller || s->period == 0)
	// CHECK: :[[@LINE-1]]:6: warning: 's->poller' is tested for NULL, but 'kthread_run' returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:14: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-3]]:6: note: on failure the ERR_PTR passes this test and is later used as a task, which oopses the kernel; test it with IS_ERR()
	// CHECK: :[[@LINE-4]]:6: note: likelihood: needs a failed thread creation
	// FIXED: {{^}}	if (NULL == s->poller || s->period == 0)
		return -EINVAL;
	return 0;
}

/* Clean look-alikes. */

static int start_is_err(struct sensor *s)
{
	s->poller = kthread_run(poll_fn, s, "sensor-poll");
	if (IS_ERR(s->poller))
		return PTR_ERR(s->poller);
	return 0;
}

static int start_null_or_err(struct sensor *s)
{
	// A NULL test next to an ERR_PTR test is redundant, not wrong.
	s->poller = kthread_run(poll_fn, s, "sensor-poll");
	if (!s->poller || IS_ERR(s->poller))
		return -ENOMEM;
	return 0;
}

static int start_is_err_or_null(struct sensor *s)
{
	struct task_struct *t = kthread_run(poll_fn, s, "sensor-poll");

	if (IS_ERR_OR_NULL(t))
		return -ENOMEM;
	s->poller = t;
	return 0;
}

static int start_ptr_err_or_zero(struct sensor *s)
{
	int ret;

	s->worker = kthread_create_worker(0, "sensor-worker");
	ret = PTR_ERR_OR_ZERO(s->worker);
	if (ret)
		return ret;
	return 0;
}

static int start_checked_then_null_guarded(struct sensor *s)
{
	struct task_struct *t = kthread_create(poll_fn, s, "sensor-poll");

	if (IS_ERR(t))
		return PTR_ERR(t);
	if (t)
		wake_up_process(t);
	s->poller = t;
	return 0;
}

static int unrelated_null_test(struct sensor *s)
{
	// A NULL test of an allocation, not of a creation result.
	int *buf = kmalloc(16, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	kfree(buf);
	return 0;
}
