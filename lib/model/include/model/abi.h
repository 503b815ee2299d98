/* The kernel structures that both a test case (through the model's
 * <linux/...> headers) and the model's C++ runtime see. Fields named model_*
 * belong to the model. */
#ifndef KTHREAD_MODEL_ABI_H
#define KTHREAD_MODEL_ABI_H

/* Only the fields the cases touch. A freed task is filled with 0x6b. */
struct task_struct {
	volatile unsigned int __state;
	int usage;
	int pid;
	char comm[16];
	void *model_task;
};

struct wait_queue_entry {
	unsigned int flags;
#ifdef __cplusplus
	void *private_; /* "private" in C, a keyword in C++ */
#else
	void *private;
#endif
	int model_queued;
};

/* A zeroed head is an empty queue, as after init_waitqueue_head(). */
struct wait_queue_head {
	int lock;
	void *model_queue;
};

struct completion {
	unsigned int done;
	void *model_waiters;
};

struct kthread_work;
typedef void (*kthread_work_func_t)(struct kthread_work *work);

struct kthread_worker {
	unsigned int flags;
	struct task_struct *task;
	struct kthread_work *current_work;
	void *model_worker;
};

struct kthread_work {
	kthread_work_func_t func;
	struct kthread_worker *worker;
	int canceling;
	int model_pending;
};

#endif
