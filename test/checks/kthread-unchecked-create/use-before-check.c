// A creation result used as a task or worker before any IS_ERR() test.
// kthread_run()'s own IS_ERR() tests a private copy, not the caller's pointer.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

struct pump {
	struct task_struct *task;
	struct task_struct *tasks[4];
	struct kthread_worker *worker;
	struct kthread_work work;
	int cpu;
};

static int pump_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static void pump_work(struct kthread_work *work)
{
}

static int bind_before_check(struct pump *p)
{
	p->task = kthread_create(pump_fn, p, "pump");
	kthread_bind(p->task, p->cpu);
	// CHECK: :[[@LINE-1]]:2: warning: 'p->task' is passed to 'kthread_bind' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:12: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-3]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-4]]:2: note: likelihood: needs a failed thread creation
	if (IS_ERR(p->task))
		return PTR_ERR(p->task);
	wake_up_process(p->task);
	return 0;
}

static void pin_all(struct pump *p)
{
	int i;

	// The shape of drivers/dma-buf/st-dma-fence.c in Linux 6.1.
	for (i = 0; i < 4; i++) {
		p->tasks[i] = kthread_run(pump_fn, p, "pump/%d", i);
		get_task_struct(p->tasks[i]);
		// CHECK: :[[@LINE-1]]:3: warning: 'p->tasks[i]' is passed to 'get_task_struct' before an IS_ERR() test [kthread-unchecked-create]
		// CHECK: :[[@LINE-3]]:17: note: the result of 'kthread_run' is stored here
		// CHECK: :[[@LINE-3]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
		// CHECK: :[[@LINE-4]]:3: note: likelihood: needs a failed thread creation
	}
}

static int worker_unchecked(struct pump *p)
{
	p->worker = kthread_create_worker(0, "pump-worker");
	kthread_init_work(&p->work, pump_work);
	kthread_queue_work(p->worker, &p->work);
	// CHECK: :[[@LINE-1]]:2: warning: 'p->worker' is passed to 'kthread_queue_work' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-4]]:14: note: the result of 'kthread_create_worker' is stored here
	// CHECK: :[[@LINE-3]]:2: note: on failure the kernel uses the ERR_PTR as a kthread_worker and oopses
	// CHECK: :[[@LINE-4]]:2: note: likelihood: needs a failed thread creation
	return 0;
}

static pid_t deref_unchecked(struct pump *p)
{
	struct task_struct *t = kthread_run(pump_fn, p, "pump");

	p->task = t;
	return t->pid;
	// CHECK: :[[@LINE-1]]:9: warning: 't' is dereferenced before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-5]]:26: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-3]]:9: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-4]]:9: note: likelihood: needs a failed thread creation
}

static void wake_direct(struct pump *p)
{
	wake_up_process(kthread_create(pump_fn, p, "pump"));
	// CHECK: :[[@LINE-1]]:2: warning: the result of 'kthread_create' is passed to 'wake_up_process' without an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-2]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-3]]:2: note: likelihood: needs a failed thread creation
}

static int stop_after_failure(struct pump *p)
{
	p->task = kthread_run(pump_fn, p, "pump");
	if (IS_ERR(p->task)) {
		pr_err("pump: no thread\n");
		kthread_stop(p->task);
		// CHECK: :[[@LINE-1]]:3: warning: 'p->task' is passed to 'kthread_stop' on the path where IS_ERR() is true [kthread-unchecked-create]
		// CHECK: :[[@LINE-5]]:12: note: the result of 'kthread_run' is stored here
		// CHECK: :[[@LINE-5]]:6: note: IS_ERR() is true on this path
		// CHECK: :[[@LINE-4]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
		// CHECK: :[[@LINE-5]]:3: note: likelihood: needs a failed thread creation
		return -ENOMEM;
	}
	return 0;
}

static int park_one_branch(struct pump *p, bool park)
{
	struct task_struct *t = kthread_create(pump_fn, p, "pump");

	if (park)
		kthread_park(t);
	// CHECK: :[[@LINE-1]]:3: warning: 't' is passed to 'kthread_park' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-5]]:26: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-3]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-4]]:3: note: likelihood: needs a failed thread creation
	if (IS_ERR(t))
		return PTR_ERR(t);
	p->task = t;
	return 0;
}

/* Clean look-alikes. */

static int bind_after_check(struct pump *p)
{
	p->task = kthread_create(pump_fn, p, "pump");
	if (IS_ERR(p->task))
		return PTR_ERR(p->task);
	kthread_bind(p->task, p->cpu);
	wake_up_process(p->task);
	return 0;
}

static int pin_all_checked(struct pump *p)
{
	int i;

	for (i = 0; i < 4; i++) {
		p->tasks[i] = kthread_run(pump_fn, p, "pump/%d", i);
		if (IS_ERR(p->tasks[i]))
			return PTR_ERR(p->tasks[i]);
		get_task_struct(p->tasks[i]);
	}
	return 0;
}

static int use_on_success_branch(struct pump *p)
{
	struct task_struct *t = kthread_create(pump_fn, p, "pump");

	if (!IS_ERR(t)) {
		kthread_bind(t, p->cpu);
		wake_up_process(t);
		p->task = t;
		return 0;
	}
	return PTR_ERR(t);
}

static int recreated_before_use(struct pump *p, struct task_struct *spare)
{
	struct task_struct *t = kthread_create(pump_fn, p, "pump");

	if (IS_ERR(t))
		t = spare;
	wake_up_process(t);
	p->task = t;
	return 0;
}

static int cleared_on_failure(struct pump *p)
{
	p->task = kthread_run(pump_fn, p, "pump");
	if (IS_ERR(p->task)) {
		p->task = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int create_in_error_path(struct pump *p, int err)
{
	if (err) {
		struct task_struct *t = kthread_run(pump_fn, p, "pump-recover");

		if (IS_ERR(t))
			return PTR_ERR(t);
		get_task_struct(t);
		p->task = t;
	}
	return err;
}
