// Exit, reaping and task references. A thread's return is kthread_exit() of
// its result (kernel/kthread.c, kthread()), and kthread_stop() returns that
// result. An exited thread nobody pins is freed at once (kthreadd ignores
// SIGCHLD, so its children are reaped when they exit: kernel/signal.c,
// do_notify_parent(); the kernel frees after an RCU grace period, the model
// at once) and poisoned; a use of the freed task names why it was freed.
// get_task_struct() keeps it past its exit; kthread_stop() pins it while it
// waits and drops its pin on return; kthread_stop_put() drops the caller's
// pin too. A put without a get is the model's own verdict. BUG() ends the
// thread without setting its result (kernel/exit.c, make_task_dead()).
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation

#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

static int quick_fn(void *data)
{
	return 7; // CHECK: refcount.c:[[@LINE]]: stop-after-exit: 'kthread_stop' at refcount.c:[[#STOP:]] uses the task_struct of thread 'quick'{{.*}}returned 7 from its function
}

static int exit_fn(void *data)
{
	kthread_exit(3); // CHECK: refcount.c:[[@LINE]]: use-after-free: 'wake_up_process' at {{.*}} called 'kthread_exit' at refcount.c:[[@LINE]]
}

static DECLARE_COMPLETION(done);

static int complete_exit_fn(void *data)
{
	kthread_complete_and_exit(&done, 9);
}

/* An oops ends the thread through make_task_dead(), not kthread_exit(). */
static int bug_fn(void *data)
{
	BUG();
	return 4;
}

MODEL_SCENARIO(unpinned_exit)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick");
	model_run_for(1);
	MODEL_EXPECT(t->pid == 0x6b6b6b6b); /* poisoned */
	kthread_stop(t);
}

MODEL_SCENARIO(wake_after_exit)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(exit_fn, NULL, "exit");
	model_run_for(1);
	wake_up_process(t);
}

/* Pinned: the exited task stays allocated until the last put. */
MODEL_SCENARIO(pinned)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick-pinned");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(t->pid != 0x6b6b6b6b);
	MODEL_EXPECT(kthread_stop(t) == 7);
	MODEL_EXPECT(t->pid != 0x6b6b6b6b); /* the stop dropped only its pin */
	put_task_struct(t);
	MODEL_EXPECT(t->pid == 0x6b6b6b6b);
	put_task_struct(t); // CHECK: refcount.c:[[@LINE]]: use-after-free: 'put_task_struct' at refcount.c:[[@LINE]] uses the freed task_struct of thread 'quick-pinned' (pid 2) (freed at refcount.c:[[#@LINE-2]])
}

MODEL_SCENARIO(stop_then_stop)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(model_stop_waiter, NULL, "waiter");
	kthread_stop(t);
	kthread_stop(t); // CHECK: refcount.c:[[@LINE]]: double-stop: 'kthread_stop' at refcount.c:[[@LINE]] stops thread 'waiter'{{.*}}the kthread_stop() at refcount.c:[[#@LINE-1]] already waited
}

/* kthread_stop_put() drops the caller's own pin after the stop. */
MODEL_SCENARIO(stop_put)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(quick_fn, NULL, "quick-put");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(kthread_stop_put(t) == 7);
	MODEL_EXPECT(t->pid == 0x6b6b6b6b);
}

/* kthread_complete_and_exit(): complete(), then kthread_exit(code). */
MODEL_SCENARIO(complete_and_exit)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(complete_exit_fn, NULL, "complete-exit");
	get_task_struct(t);
	wait_for_completion(&done);
	MODEL_EXPECT(kthread_stop(t) == 9);
	put_task_struct(t);
}

MODEL_SCENARIO(bug)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(bug_fn, NULL, "bug");
	get_task_struct(t);
	model_run_for(1);
	MODEL_EXPECT(kthread_stop(t) == 0);
	put_task_struct(t);
}

MODEL_SCENARIO(put_without_get)
{
	struct task_struct *t;

	model_explore_faults(0);
	t = kthread_run(model_stop_waiter, NULL, "unpinned");
	put_task_struct(t); // CHECK: refcount.c:[[@LINE]]: refcount-underflow: put_task_struct() at refcount.c:[[@LINE]] drops a reference to thread 'unpinned'{{.*}} that nobody took
	kthread_stop(t);
}

// CHECK: model: 8 scenarios, 8 runs, 5 verdicts
