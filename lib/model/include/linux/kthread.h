/* <linux/kthread.h> (Linux 6.1) for kthread-tidy's runtime model.
 *
 * Creation returns an ERR_PTR on failure, never NULL; kthread_run() tests its
 * own private copy. Each call carries its source line to the model. */
#ifndef _MODEL_LINUX_KTHREAD_H
#define _MODEL_LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/sched.h>

#define NUMA_NO_NODE (-1)

struct completion;

#define kthread_create_on_node(threadfn, data, node, namefmt, arg...)         \
	model_kthread_create(threadfn, data, -1, "kthread_create_on_node",    \
			     MODEL_HERE, namefmt, ##arg)
#define kthread_create(threadfn, data, namefmt, arg...)                        \
	model_kthread_create(threadfn, data, -1, "kthread_create", MODEL_HERE, \
			     namefmt, ##arg)
#define kthread_create_on_cpu(threadfn, data, cpu, namefmt)                    \
	model_kthread_create(threadfn, data, cpu, "kthread_create_on_cpu",     \
			     MODEL_HERE, namefmt, cpu)

#define kthread_run(threadfn, data, namefmt, ...)                              \
	({                                                                     \
		struct task_struct *__k = model_kthread_create(                \
			threadfn, data, -1, "kthread_run", MODEL_HERE,         \
			namefmt, ##__VA_ARGS__);                               \
		if (!IS_ERR(__k))                                              \
			wake_up_process(__k);                                  \
		__k;                                                           \
	})

#define kthread_run_on_cpu(threadfn, data, cpu, namefmt)                       \
	({                                                                     \
		struct task_struct *__k =                                      \
			model_kthread_create(threadfn, data, cpu,              \
					     "kthread_run_on_cpu", MODEL_HERE, \
					     namefmt, cpu);                    \
		if (!IS_ERR(__k))                                              \
			wake_up_process(__k);                                  \
		__k;                                                           \
	})

#define kthread_bind(k, cpu) model_kthread_bind((k), (cpu), MODEL_HERE)
#define kthread_bind_mask(k, mask)                                             \
	((void)(mask), model_kthread_bind((k), 0, MODEL_HERE))
#define kthread_stop(k) model_kthread_stop((k), 0, MODEL_HERE)
#define kthread_stop_put(k) model_kthread_stop((k), 1, MODEL_HERE)
#define kthread_should_stop() ((bool)model_kthread_should_stop(MODEL_HERE))
#define kthread_should_park() ((bool)model_kthread_should_park(MODEL_HERE))
#define kthread_freezable_should_stop(was_frozen)                              \
	((bool)model_kthread_freezable_should_stop((was_frozen), MODEL_HERE))
#define kthread_data(k) model_kthread_data((k), MODEL_HERE)
#define kthread_park(k) model_kthread_park((k), MODEL_HERE)
#define kthread_unpark(k) model_kthread_unpark((k), MODEL_HERE)
#define kthread_parkme() model_kthread_parkme(MODEL_HERE)
#define kthread_exit(result)                                                   \
	model_kthread_exit((result), NULL, "kthread_exit", MODEL_HERE)
#define kthread_complete_and_exit(comp, code)                                  \
	model_kthread_exit((code), (comp), "kthread_complete_and_exit",        \
			   MODEL_HERE)

#include <model/abi.h>

#define kthread_init_work(work, fn)                                            \
	do {                                                                   \
		(work)->func = (fn);                                           \
		(work)->worker = NULL;                                         \
		(work)->canceling = 0;                                         \
		(work)->model_pending = 0;                                     \
	} while (0)

#define kthread_create_worker(flags, namefmt, ...)                             \
	model_kthread_create_worker(-1, (flags), MODEL_HERE, namefmt,          \
				    ##__VA_ARGS__)
#define kthread_create_worker_on_cpu(cpu, flags, namefmt, ...)                 \
	model_kthread_create_worker((cpu), (flags), MODEL_HERE, namefmt,       \
				    ##__VA_ARGS__)
#define kthread_queue_work(worker, work)                                       \
	((bool)model_kthread_queue_work((worker), (work), MODEL_HERE))
#define kthread_flush_worker(worker)                                           \
	model_kthread_flush_worker((worker), MODEL_HERE)
#define kthread_destroy_worker(worker)                                         \
	model_kthread_destroy_worker((worker), MODEL_HERE)

#endif
