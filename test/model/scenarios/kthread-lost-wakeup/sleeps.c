// Runtime-model scenario of test/checks/kthread-lost-wakeup/sleeps.c, with
// preemption at the model's kernel calls explored.
//
// The work scenarios run one consumer thread and a producer thread that
// posts one item (under the queue's lock, as queue_post() does) and wakes
// the consumer, both runnable at once; half a
// second later the item must be done (MODEL_EXPECT_WOKEN). When the
// producer runs between the consumer's test and its set_current_state(),
// the wake-up finds the consumer running and is lost.
//
// The stop scenarios wake the thread and stop it at once: when the stop
// lands between the thread's kthread_should_stop() and its
// set_current_state(), an uninterruptible sleep never ends.
//
// RUN: %model_agree %s

static struct task_struct *consumer;

void queue_process(struct queue *q)
{
}

static int producer(void *data)
{
	struct queue *q = data;

	spin_lock(&q->lock);
	q->pending = 1;
	spin_unlock(&q->lock);
	wake_up_process(consumer);
	return 0;
}

#define WORK(fn)                                                               \
	MODEL_SCENARIO(work_##fn)                                              \
	{                                                                      \
		static struct queue q;                                         \
		model_explore_faults(0);                                       \
		model_explore_preemptions(1);                                  \
		consumer = kthread_run(fn, &q, #fn);                           \
		kthread_run(producer, &q, "producer");                         \
		model_run_for(HZ / 2);                                         \
		MODEL_EXPECT_WOKEN(q.pending == 0, consumer);                  \
		model_teardown(consumer);                                      \
	}

WORK(late_thread)
WORK(early_thread)
WORK(timed_thread)
WORK(retest_thread)
WORK(poll_thread)
WORK(locked_thread)

#define STOP(fn)                                                               \
	MODEL_SCENARIO(stop_##fn)                                              \
	{                                                                      \
		static struct queue q;                                         \
		struct task_struct *t;                                         \
		model_explore_faults(0);                                       \
		model_explore_preemptions(2);                                  \
		t = kthread_run(fn, &q, #fn);                                  \
		model_run_for(HZ);                                             \
		wake_up_process(t);                                            \
		kthread_stop(t);                                               \
	}

STOP(stop_only_thread)
STOP(stop_intr_thread)
STOP(waiter_thread)
STOP(stop_timed_thread)
