// Fault injection: the explorer fails each allocation and each creation in
// turn (one per run), and --fail API:N fails the Nth call in one run. A
// failed creation returns an ERR_PTR, never NULL; using it is a verdict.
//
// RUN: %model_run %s | FileCheck %s
// RUN: %model_run %s -- --scenario three_allocs --fail kmalloc:2 | FileCheck %s --check-prefix=SECOND

// CHECK: model: scenario 'three_allocs': 4 runs

#include <linux/kthread.h>
#include <linux/slab.h>

static void *bufs[3];

static int fn(void *data)
{
	return 0;
}

MODEL_SCENARIO(three_allocs)
{
	int i;

	for (i = 0; i < 3; i++)
		bufs[i] = kmalloc(16, GFP_KERNEL);
	for (i = 0; i < 3; i++)
		if (!bufs[i])
			model_printk("allocation %d failed\n", i);
	MODEL_EXPECT(bufs[1] != NULL); // CHECK: faults.c:[[@LINE]]: expectation: the scenario expects 'bufs[1] != NULL'{{.*}}kmalloc at faults.c:[[#@LINE-4]] fails
	// SECOND: faults.c:[[@LINE-1]]: expectation: {{.*}}replay -]
	// SECOND: model: 1 scenario, 1 run, 1 verdict
}

MODEL_SCENARIO(create_fails)
{
	struct task_struct *t = kthread_create(fn, NULL, "x");

	MODEL_EXPECT(t != NULL);
	wake_up_process(t); // CHECK: faults.c:[[@LINE]]: err-ptr-task: 'wake_up_process' at faults.c:[[@LINE]] is given ERR_PTR(-12) as a task (the ERR_PTR of the failed 'kthread_create' at faults.c:[[#@LINE-3]])
	model_run_for(1);
}

MODEL_SCENARIO(deref_err)
{
	struct task_struct *t = kthread_run(fn, NULL, "y");

	model_printk("pid %d\n", t->pid); // CHECK: faults.c:[[@LINE]]: err-ptr-deref: thread 'scenario' (pid 1) dereferences an ERR_PTR
}

/* A failed creation returns -ENOMEM, or -EINTR when the creator is killed
 * while it waits for kthreadd (kernel/kthread.c, __kthread_create_on_node()):
 * the model explores both. */
MODEL_SCENARIO(create_errors)
{
	struct task_struct *t = kthread_create(fn, NULL, "z");

	if (!IS_ERR(t)) {
		kthread_stop(t);
		return;
	}
	MODEL_EXPECT(PTR_ERR(t) != -ENOMEM); // CHECK: faults.c:[[@LINE]]: expectation: {{.*}}kthread_create at faults.c:[[#@LINE-6]] fails; replay 1]
	MODEL_EXPECT(PTR_ERR(t) != -EINTR); // CHECK: faults.c:[[@LINE]]: expectation: {{.*}}kthread_create at faults.c:[[#@LINE-7]] fails with -EINTR; replay 1,1]
}
