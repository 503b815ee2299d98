// The API options add a project's own functions to the built-in table, by
// role: CreateFunctions (creates a thread that sleeps until woken),
// RunFunctions (creates and starts one), ErrCheckFunctions (tells an ERR_PTR
// apart). A built-in name keeps its built-in role, so listing kthread_run or
// kthread_create loses nothing.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' \
// RUN:   -config="{CheckOptions: {kthread-unchecked-create.CreateFunctions: 'kthread_run;drv_spawn', kthread-unchecked-create.RunFunctions: 'drv_start', kthread-unchecked-create.ErrCheckFunctions: 'drv_failed'}}" \
// RUN:   %s -- %imitation_flags | FileCheck %s --check-prefixes=CHECK,SPAWN --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' \
// RUN:   -config="{CheckOptions: {kthread-unchecked-create.CreateFunctions: 'kthread_run;drv_spawn', kthread-unchecked-create.RunFunctions: 'drv_start', kthread-unchecked-create.ErrCheckFunctions: 'drv_failed'}}" \
// RUN:   %s -- %kernel_flags | FileCheck %s --check-prefixes=CHECK,SPAWN --implicit-check-not='{{warning|error|note}}:'
//
// The same options given once for every kthread check (global keys).
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' \
// RUN:   -config="{CheckOptions: {CreateFunctions: 'drv_spawn', RunFunctions: 'drv_start', ErrCheckFunctions: 'drv_failed'}}" \
// RUN:   %s -- %imitation_flags | FileCheck %s --check-prefixes=CHECK,SPAWN --implicit-check-not='{{warning|error|note}}:'
//
// With the defaults, the wrappers are unknown, and so is drv_failed(): its
// IS_ERR() test counts for nothing, but nothing else is judged either.
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=CHECK --implicit-check-not='{{warning|error|note}}:'
//
// A starting wrapper listed as a sleeping creation is taken at its word.
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' \
// RUN:   -config="{CheckOptions: {CreateFunctions: 'drv_start'}}" \
// RUN:   %s -- %imitation_flags | FileCheck %s --check-prefixes=CHECK,ASLEEP --implicit-check-not='{{warning|error|note}}:'
//
// The options are listed as given.
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' --dump-config \
// RUN:   -config="{CheckOptions: {kthread-unchecked-create.RunFunctions: 'drv_start'}}" %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=CONFIG
// CONFIG-DAG: kthread-unchecked-create.CreateFunctions: ''
// CONFIG-DAG: kthread-unchecked-create.RunFunctions: drv_start
// CONFIG-DAG: kthread-unchecked-create.ErrCheckFunctions: ''
// CONFIG-DAG: kthread-unchecked-create.MinLikelihood: failed-creation

#include <linux/kthread.h>

extern struct task_struct *drv_spawn(int (*fn)(void *), void *data);
extern struct task_struct *drv_start(int (*fn)(void *), void *data);
extern bool drv_failed(const void *ptr);

static int drv_fn(void *data)
{
	return 0;
}

static int with_wrapper(void *data)
{
	struct task_struct *t = drv_spawn(drv_fn, data);

	if (!t)
	// SPAWN: :[[@LINE-1]]:6: warning: 't' is tested for NULL, but 'drv_spawn' returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
	// SPAWN: :[[@LINE-4]]:26: note: the result of 'drv_spawn' is stored here
	// SPAWN: :[[@LINE-3]]:6: note: on failure the ERR_PTR passes this test and is later used as a task, which oopses the kernel; test it with IS_ERR()
	// SPAWN: :[[@LINE-4]]:6: note: likelihood: needs a failed thread creation
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

/* A starting wrapper whose task is not kept: it runs, so nothing leaks that
 * the check can tell. Declared a sleeping creation, it would never run. */
static void start_and_forget(void *data)
{
	drv_start(drv_fn, data);
	// ASLEEP: :[[@LINE-1]]:2: warning: the result of 'drv_start' is discarded [kthread-unchecked-create]
	// ASLEEP: :[[@LINE-2]]:2: note: the new thread is never woken and can never be stopped: it and its task_struct leak
	// ASLEEP: :[[@LINE-3]]:2: note: likelihood: certain on any run that takes this path
}

/* kthread_create() is built in whatever the options list. */
static int not_listed(void *data)
{
	struct task_struct *t = kthread_create(drv_fn, data, "x");

	wake_up_process(t);
	// CHECK: :[[@LINE-1]]:2: warning: 't' is passed to 'wake_up_process' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-4]]:26: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-3]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-4]]:2: note: likelihood: needs a failed thread creation
	return 0;
}
