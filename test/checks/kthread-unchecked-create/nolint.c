// NOLINT and NOLINTNEXTLINE silence a finding; nothing else does.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

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
	// CHECK: :[[@LINE-1]]:2: warning: 't' is passed to 'wake_up_process' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-4]]:26: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-3]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-4]]:2: note: likelihood: needs a failed thread creation
}
