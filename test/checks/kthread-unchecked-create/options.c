// CreateFunctions adds a project's own creation wrappers; ErrCheckFunctions
// its own ERR_PTR tests.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' \
// RUN:   -config="{CheckOptions: {kthread-unchecked-create.CreateFunctions: 'kthread_run;drv_spawn', kthread-unchecked-create.ErrCheckFunctions: 'IS_ERR;drv_failed'}}" \
// RUN:   %s -- %imitation_flags | FileCheck %s --implicit-check-not='{{warning|error}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' \
// RUN:   -config="{CheckOptions: {kthread-unchecked-create.CreateFunctions: 'kthread_run;drv_spawn', kthread-unchecked-create.ErrCheckFunctions: 'IS_ERR;drv_failed'}}" \
// RUN:   %s -- %kernel_flags | FileCheck %s --implicit-check-not='{{warning|error}}:'
//
// With the defaults, drv_spawn() is unknown and kthread_create() is known.
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{warning|error}}:'
//
// The options are listed with their defaults.
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' --dump-config %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=CONFIG

// CONFIG: kthread-unchecked-create.CreateFunctions: 'kthread_create;kthread_create_on_node;kthread_create_on_cpu;kthread_run;kthread_run_on_cpu;kthread_create_worker;kthread_create_worker_on_cpu;kthread_create_worker_on_node;kthread_run_worker;kthread_run_worker_on_cpu;kthread_run_worker_on_node'
// CONFIG: kthread-unchecked-create.ErrCheckFunctions: 'IS_ERR;IS_ERR_OR_NULL;PTR_ERR_OR_ZERO'

#include <linux/kthread.h>

extern struct task_struct *drv_spawn(int (*fn)(void *), void *data);
extern bool drv_failed(const void *ptr);

static int drv_fn(void *data)
{
	return 0;
}

static int with_wrapper(void *data)
{
	struct task_struct *t = drv_spawn(drv_fn, data);

	if (!t)
	// CHECK: :[[@LINE-1]]:6: warning: 'drv_spawn' returns an ERR_PTR on failure, never NULL: this NULL test of 't'
	// CHECK: :[[@LINE-4]]:26: note: the result of 'drv_spawn' is stored here
		return -ENOMEM;
	wake_up_process(t);
	return 0;
}

static int with_own_test(void *data)
{
	struct task_struct *t = drv_spawn(drv_fn, data);

	if (drv_failed(t))
		return -ENOMEM;
	wake_up_process(t);
	return 0;
}

static int not_listed(void *data)
{
	struct task_struct *t = kthread_create(drv_fn, data, "x");

	wake_up_process(t);
	// DEFAULT: :[[@LINE-1]]:2: warning: 't' may be an ERR_PTR from a failed 'kthread_create'
	// DEFAULT: :[[@LINE-4]]:26: note: the result of 'kthread_create' is stored here
	return 0;
}
