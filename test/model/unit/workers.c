// kthread_worker: works run in order on the worker's thread; flush waits
// for them; destroy flushes and stops; a use after destroy is a verdict, and
// a worker never destroyed leaks.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation

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
