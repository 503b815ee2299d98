// NOLINT and NOLINTNEXTLINE silence a finding; nothing else does.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error}}:'

#include <linux/kthread.h>

static int fn(void *data)
{
	return 0;
}

static void silenced(void *data)
{
	struct task_struct *t = kthread_create(fn, data, "x");

	wake_up_process(t); // NOLINT(kthread-unchecked-create)
	// NOLINTNEXTLINE(kthread-unchecked-create)
	kthread_create(fn, data, "y");
}

static void other_check_silenced(void *data)
{
	struct task_struct *t = kthread_create(fn, data, "x");

	wake_up_process(t); // NOLINT(bugprone-unused-return-value)
	// CHECK: :[[@LINE-1]]:2: warning: 't' may be an ERR_PTR from a failed 'kthread_create'
	// CHECK: :[[@LINE-4]]:26: note: the result of 'kthread_create' is stored here
}
