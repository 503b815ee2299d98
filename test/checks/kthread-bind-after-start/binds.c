// kthread_bind() of a thread that already runs, and the clean orders.
//
// RUN: %kthread_tidy -checks='-*,kthread-bind-after-start' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-bind-after-start' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// The fix-it: create asleep, bind, then wake.
// RUN: cp %s %t.c
// RUN: %kthread_tidy -checks='-*,kthread-bind-after-start' --fix %t.c -- %imitation_flags >/dev/null
// RUN: FileCheck %s --check-prefix=FIXED --input-file=%t.c

#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>

struct engine {
	struct task_struct *worker;
	struct task_struct *poller;
	struct task_struct *early;
	struct task_struct *late;
	int cpu;
};

static int engine_thread(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* kthread_run() woke the thread: the bind comes too late. */
static int engine_start_worker(struct engine *e)
{
	e->worker = kthread_run(engine_thread, e, "engine");
	kthread_bind(e->worker, e->cpu);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_bind' of 'e->worker', which 'kthread_run' already started: the bind WARNs and the thread stays unbound [kthread-bind-after-start]
	// CHECK: :[[@LINE-3]]:14: note: 'kthread_run' starts it here
	// CHECK: :[[@LINE-3]]:2: note: a thread can be bound only before its first wake-up: create it with kthread_create(), bind it, then wake_up_process() it, or use kthread_create_on_cpu()
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	if (IS_ERR(e->worker))
		return PTR_ERR(e->worker);
	return 0;
}
// FIXED: e->worker = kthread_create(engine_thread, e, "engine");
// FIXED-NEXT: kthread_bind(e->worker, e->cpu);
// FIXED-NEXT: wake_up_process(e->worker);
// FIXED: if (IS_ERR(e->worker))

/* Clean: create, bind, wake. */
static int engine_start_poller(struct engine *e)
{
	struct task_struct *t;

	t = kthread_create(engine_thread, e, "engine-poll");
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, e->cpu);
	wake_up_process(t);
	e->poller = t;
	return 0;
}

/* Woken, then bound: a local copy, no fix-it (the wake is not a run). */
static int engine_start_early(struct engine *e)
{
	struct task_struct *t;

	t = kthread_create(engine_thread, e, "engine-early");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wake_up_process(t);
	e->early = t;
	kthread_bind(e->early, e->cpu);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_bind' of 'e->early', which 'wake_up_process' already started: the bind WARNs and the thread stays unbound [kthread-bind-after-start]
	// CHECK: :[[@LINE-4]]:2: note: 'wake_up_process' starts it here
	// CHECK: :[[@LINE-3]]:2: note: a thread can be bound only before its first wake-up: create it with kthread_create(), bind it, then wake_up_process() it, or use kthread_create_on_cpu()
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	return 0;
}

/* Clean: created on its CPU, bound by the creation. */
static int engine_start_on_cpu(struct engine *e)
{
	e->late = kthread_create_on_cpu(engine_thread, e, e->cpu, "engine/%u");
	if (IS_ERR(e->late))
		return PTR_ERR(e->late);
	wake_up_process(e->late);
	return 0;
}

/* Another function binds the worker that engine_start_worker() runs. */
static void engine_move(struct engine *e, int cpu)
{
	kthread_bind(e->worker, cpu);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_bind' of 'e->worker', which 'kthread_run' already started: the bind WARNs and the thread stays unbound [kthread-bind-after-start]
	// CHECK: :[[@LINE-62]]:14: note: 'kthread_run' in 'engine_start_worker' starts the thread kept there
	// CHECK: :[[@LINE-3]]:2: note: a thread can be bound only before its first wake-up: create it with kthread_create(), bind it, then wake_up_process() it, or use kthread_create_on_cpu()
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
}
