// kthread_worker (kernel/kthread.c, Linux 6.1): kthread_create_worker()
// creates the worker's thread and wakes it; works run in order on it
// (kthread_worker_fn()); kthread_queue_work() returns false while the work
// is pending, and a running work is no longer pending, so it may queue
// itself again; kthread_flush_worker() queues a flush work behind the works
// pending and waits for it, so works queued later are not waited for;
// kthread_destroy_worker() flushes, stops the thread and frees the worker. A
// use after destroy is a verdict, and a worker never destroyed leaks.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=run-budget --implicit-check-not=stop-hang

#include <linux/kthread.h>

static int order[4];
static int n;

static void work_a(struct kthread_work *w) { order[n++] = 1; }
static void work_b(struct kthread_work *w) { order[n++] = 2; }

MODEL_SCENARIO(run_in_order)
{
	struct kthread_worker *w;
	struct kthread_work a, b;

	model_explore_faults(0);
	w = kthread_create_worker(0, "wk");
	kthread_init_work(&a, work_a);
	kthread_init_work(&b, work_b);
	MODEL_EXPECT(kthread_queue_work(w, &a));
	MODEL_EXPECT(kthread_queue_work(w, &b));
	MODEL_EXPECT(!kthread_queue_work(w, &b)); /* already pending */
	kthread_flush_worker(w);
	MODEL_EXPECT(n == 2 && order[0] == 1 && order[1] == 2);
	kthread_destroy_worker(w);
	kthread_queue_work(w, &a); // CHECK: workers.c:[[@LINE]]: use-after-free: 'kthread_queue_work' at workers.c:[[@LINE]] uses a destroyed kthread_worker
}

MODEL_SCENARIO(leaked)
{
	model_explore_faults(0);
	kthread_create_worker(0, "lost"); // CHECK: workers.c:[[@LINE]]: worker-leak: the kthread_worker created at workers.c:[[@LINE]] was never destroyed
}

/* Queues itself again each time it runs, forever: a flush still returns. */
static struct kthread_worker *self_w;
static struct kthread_work self_work;
static int self_runs;

static void requeue_fn(struct kthread_work *w)
{
	self_runs++;
	MODEL_EXPECT(kthread_queue_work(self_w, w));
}

MODEL_SCENARIO(flush_not_later_works)
{
	model_explore_faults(0);
	self_w = kthread_create_worker(0, "requeue");
	kthread_init_work(&self_work, requeue_fn);
	kthread_queue_work(self_w, &self_work);
	kthread_flush_worker(self_w);
	MODEL_EXPECT(self_runs >= 1);
	kthread_destroy_worker(self_w);
}

// CHECK: model: 3 scenarios, 3 runs, 2 verdicts
