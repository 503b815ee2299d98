// kthread_stop() waits for kthread->exited (kernel/kthread.c, kthread_stop()),
// which the thread's exit completes once, with complete()
// (kernel/fork.c, complete_vfork_done()), and which the wait consumes
// (kernel/sched/completion.c, do_wait_for_common(): x->done--). The first
// stop of a pinned thread returns at once even when the thread has long
// exited; a second stop of the still allocated task never returns: the hang
// is reported (stop-hang-exited), and the stop then returns -EINTR so that
// the scenario goes on.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=double-stop --implicit-check-not=use-after-free

#include <linux/kthread.h>
#include <linux/sched/task.h>

static int quick_fn(void *data)
{
	return 7;
}

/* The first stop of an exited, pinned thread: the completion is there. */
MODEL_SCENARIO(exited_then_stop)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick");
	get_task_struct(t);
	model_run_for(HZ);
	MODEL_EXPECT(kthread_stop(t) == 7);
	put_task_struct(t);
}

/* The exit completed it once; the first stop took it. */
MODEL_SCENARIO(exited_stop_twice)
{
	struct task_struct *t;
	int r1, r2;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick-twice");
	get_task_struct(t);
	model_run_for(HZ);
	r1 = kthread_stop(t);
	r2 = kthread_stop(t);
	// CHECK: stop-exited.c:[[@LINE-1]]: stop-hang-exited: kthread_stop() at stop-exited.c:[[@LINE-1]] never returns: thread 'quick-twice' (pid 2) already exited, and the kthread_stop() at stop-exited.c:[[#@LINE-2]] consumed its exit completion{{.*}} {lines: [[#@LINE-1]]}
	MODEL_EXPECT(r1 == 7 && r2 == -EINTR);
	put_task_struct(t);
}

/* The first stop waited for a running thread's exit: a second one hangs. */
MODEL_SCENARIO(stop_running_twice)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(model_stop_waiter, NULL, "waiter");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(kthread_stop(t) == 0);
	kthread_stop(t);
	// CHECK: stop-exited.c:[[@LINE-1]]: stop-hang-exited: kthread_stop() at stop-exited.c:[[@LINE-1]] never returns: thread 'waiter' (pid 2) already exited, and the kthread_stop() at stop-exited.c:[[#@LINE-2]] consumed
	put_task_struct(t);
}

/* kthread_stop_put() (Linux 6.6+) is kthread_stop() and put_task_struct():
 * after a kthread_stop() its stop hangs too. */
MODEL_SCENARIO(stop_then_stop_put)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(model_stop_waiter, NULL, "put-waiter");
	get_task_struct(t);
	model_run_for(1);
	kthread_stop(t);
	MODEL_EXPECT(kthread_stop_put(t) == -EINTR);
	// CHECK: stop-exited.c:[[@LINE-1]]: stop-hang-exited: kthread_stop_put() at stop-exited.c:[[@LINE-1]] never returns: thread 'put-waiter' (pid 2) already exited, and the kthread_stop() at stop-exited.c:[[#@LINE-2]] consumed
}

/* Through a helper: the verdict names the helper's stop and the call. */
static void halt(struct task_struct *t)
{
	kthread_stop(t);
}

MODEL_SCENARIO(helper_twice)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(model_stop_waiter, NULL, "helped");
	get_task_struct(t);
	model_run_for(1);
	kthread_stop(t);
	halt(t);
	// CHECK: stop-exited.c:[[#HALT:]]: stop-hang-exited:
	// CHECK-SAME: kthread_stop() at stop-exited.c:[[#HALT]] never returns: thread 'helped' (pid 2) already exited, and the kthread_stop() at stop-exited.c:[[#@LINE-3]] consumed
	// CHECK-SAME: {lines: [[#HALT]] [[#@LINE-3]]}
	put_task_struct(t);
}

/* Two stops at once: complete() wakes one waiter, and the completion it
 * consumes is the only one; the other stop sleeps for good. */
static struct task_struct *target;
static int stop_results[2];

static int stopper_fn(void *data)
{
	long i = (long)data;

	stop_results[i] = kthread_stop(target);
	// CHECK: stop-exited.c:[[@LINE-1]]: stop-hang-exited: kthread_stop() at stop-exited.c:[[@LINE-1]] never returns: thread 'target'{{.*}} already exited, and the kthread_stop() at stop-exited.c:[[@LINE-1]] consumed
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

MODEL_SCENARIO(concurrent_stops)
{
	struct task_struct *a, *b;

	model_explore_faults(0);
	target = kthread_run(model_stop_waiter, NULL, "target");
	get_task_struct(target);
	a = kthread_run(stopper_fn, (void *)0L, "stopper-a");
	b = kthread_run(stopper_fn, (void *)1L, "stopper-b");
	model_run_for(HZ);
	/* One got the thread's result, the other the model's -EINTR. */
	MODEL_EXPECT(stop_results[0] + stop_results[1] == -EINTR);
	kthread_stop(a);
	kthread_stop(b);
	put_task_struct(target);
}

// CHECK: model: 6 scenarios, 6 runs, 5 verdicts
