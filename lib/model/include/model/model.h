/* The C interface of kthread-tidy's reference runtime model.
 *
 * The model's kernel headers (lib/model/include/linux) turn every kernel
 * API call of a test case into a call of one of these functions, with the
 * caller's __FILE__ and __LINE__ so that a verdict can name the line. A
 * scenario (test/model/scenarios) uses the functions under "Scenarios" to
 * drive the case: what to call, how its undefined externs behave, and which
 * choices the explorer may vary. */
#ifndef KTHREAD_MODEL_MODEL_H
#define KTHREAD_MODEL_MODEL_H

#ifdef __cplusplus
extern "C" {
#endif

struct task_struct;
struct wait_queue_head;
struct wait_queue_entry;
struct completion;
struct kthread_worker;
struct kthread_work;

#define MODEL_SITE const char *file, int line
#define MODEL_HERE __FILE__, __LINE__
#ifdef __cplusplus
#define MODEL_BOOL bool
#else
#define MODEL_BOOL _Bool
#endif

/* Threads. */
struct task_struct *model_kthread_create(int (*fn)(void *), void *data,
					 int cpu, const char *api, MODEL_SITE,
					 const char *namefmt, ...)
	__attribute__((__format__(printf, 7, 8)));
int model_wake_up_process(struct task_struct *t, MODEL_SITE);
void model_kthread_bind(struct task_struct *t, unsigned int cpu, MODEL_SITE);
int model_kthread_stop(struct task_struct *t, int put, MODEL_SITE);
int model_kthread_should_stop(MODEL_SITE);
int model_kthread_should_park(MODEL_SITE);
int model_kthread_freezable_should_stop(MODEL_BOOL *was_frozen, MODEL_SITE);
void *model_kthread_data(struct task_struct *t, MODEL_SITE);
int model_kthread_park(struct task_struct *t, MODEL_SITE);
void model_kthread_unpark(struct task_struct *t, MODEL_SITE);
void model_kthread_parkme(MODEL_SITE);
void model_kthread_exit(long code, struct completion *comp, const char *api,
			MODEL_SITE) __attribute__((__noreturn__));
struct task_struct *model_get_task_struct(struct task_struct *t, MODEL_SITE);
void model_put_task_struct(struct task_struct *t, MODEL_SITE);
void model_task_use(struct task_struct *t, const char *api, MODEL_SITE);
struct task_struct *model_get_current(void);

/* Sleeping. */
void model_set_current_state(unsigned int state, MODEL_SITE);
void model_schedule(MODEL_SITE);
long model_schedule_timeout(long timeout, int state, MODEL_SITE);
void model_msleep(unsigned int msecs, MODEL_SITE);
unsigned long model_msleep_interruptible(unsigned int msecs, MODEL_SITE);
int model_signal_pending(struct task_struct *t);
int model_fatal_signal_pending(struct task_struct *t);
void model_might_sleep(MODEL_SITE);
/* The model's virtual time (<linux/jiffies.h>: jiffies). */
unsigned long model_jiffies(void);

/* Wait queues and completions. */
void model_init_waitqueue_head(struct wait_queue_head *wq);
void model_wake_up(struct wait_queue_head *wq, unsigned int mode, int nr,
		   MODEL_SITE);
void model_init_wait_entry(struct wait_queue_entry *entry, int flags);
long model_prepare_to_wait_event(struct wait_queue_head *wq,
				 struct wait_queue_entry *entry, int state,
				 const char *api, MODEL_SITE);
void model_finish_wait(struct wait_queue_head *wq,
		       struct wait_queue_entry *entry);
void model_wait_returned(long ret, int cond, MODEL_SITE);
void model_init_completion(struct completion *c);
void model_complete(struct completion *c, int all, MODEL_SITE);
long model_wait_for_completion(struct completion *c, int state, long timeout,
			       MODEL_SITE);

/* Memory. */
void *model_kmalloc(unsigned long size, int zero, const char *api, MODEL_SITE);
void model_kfree(const void *p, MODEL_SITE);

/* kthread_worker. */
struct kthread_worker *model_kthread_create_worker(int cpu, unsigned int flags,
						   MODEL_SITE,
						   const char *namefmt, ...)
	__attribute__((__format__(printf, 5, 6)));
int model_kthread_queue_work(struct kthread_worker *w,
			     struct kthread_work *work, MODEL_SITE);
void model_kthread_flush_worker(struct kthread_worker *w, MODEL_SITE);
void model_kthread_destroy_worker(struct kthread_worker *w, MODEL_SITE);

/* Atomic context: a lock taken, interrupts or preemption off, an RCU
 * read-side section, an interrupt handler or timer callback running. The
 * task is not preempted inside, and a sleeping kthread call there is a
 * verdict. An exit closes the innermost context. */
void model_atomic_enter(const char *what, MODEL_SITE);
void model_atomic_exit(MODEL_SITE);
/* A sleeping call of a case's own (a SleepingFunctions option in a
 * scenario): a verdict in atomic context, as the kthread calls are. */
void model_sleeping_call(const char *api, MODEL_SITE);

/* Sleeping locks: mutexes, binary semaphores, rw_semaphores and the
 * CPU-hotplug lock, by address. A task that cannot take one sleeps until
 * its holders release it (a reader also waits behind a queued writer, as
 * the kernel's rw_semaphore and percpu_rw_semaphore make it); an
 * interruptible wait ends with -EINTR on kthread_stop()'s TIF_NOTIFY_SIGNAL.
 * A kthread_stop() whose thread waits for a lock its stopper holds is the
 * verdict "stop-deadlock". model_lock() returns 0 once it holds the lock,
 * -EINTR when interrupted; a trylock returns 1 when it took it, else 0. */
enum {
	MODEL_LOCK_EXCLUSIVE = 0,
	MODEL_LOCK_SHARED = 1,
};
enum {
	MODEL_WAIT_UNINTERRUPTIBLE = 0,
	MODEL_WAIT_INTERRUPTIBLE = 1,
	MODEL_WAIT_KILLABLE = 2,
	MODEL_WAIT_TRY = 3,
};
int model_lock(const void *lock, int shared, int wait, const char *api,
	       MODEL_SITE);
void model_unlock(const void *lock, MODEL_SITE);
/* The one CPU-hotplug lock (cpus_read_lock()). */
extern char model_cpu_hotplug_lock;

/* Logging. */
int model_printk(const char *fmt, ...)
	__attribute__((__format__(printf, 1, 2)));

/* Scenarios.
 *
 * MODEL_SCENARIO(name) { ... } defines one scenario: the explorer runs it
 * from a fresh model once per combination of choices. */
typedef void (*model_scenario_fn)(void);
void model_register_scenario(const char *name, model_scenario_fn fn,
			     MODEL_SITE);
#define MODEL_SCENARIO(name)                                                   \
	static void model_scenario_##name(void);                               \
	__attribute__((__constructor__)) static void model_register_##name(    \
		void)                                                          \
	{                                                                      \
		model_register_scenario(#name, model_scenario_##name,          \
					MODEL_HERE);                           \
	}                                                                      \
	static void model_scenario_##name(void)

/* Choices the explorer varies. A fault point fails in at most
 * model_explore_faults() places per run (kmalloc and kthread_create are
 * fault points); model_choose() picks one of n values, every one tried. */
int model_fault_point(const char *what, MODEL_SITE);
int model_choose(int n, const char *what, MODEL_SITE);
#define model_fail(what) model_fault_point((what), MODEL_HERE)
#define model_pick(n, what) model_choose((n), (what), MODEL_HERE)
/* Bounds of this scenario's exploration, set at its start. */
void model_explore_faults(int n);
void model_explore_picks(int n);
void model_explore_preemptions(int n);
/* At most n callbacks per run fire once more when they are removed
 * (del_timer_sync() of a pending timer, free_irq()): until its removal
 * returns, a callback may run at any time; 0 (the default) never. */
void model_explore_callbacks(int n);
/* Whether the callback removed at the caller's site fires first. */
int model_callback_fires(const char *what, MODEL_SITE);
/* The interrupt handlers request_irq() registered, by line and device:
 * model_irq_free() removes one and returns it when it fires first. */
void model_irq_request(unsigned int irq, void *handler, void *dev);
void *model_irq_free(unsigned int irq, void *dev, MODEL_SITE);
/* Linux 6.1 ends interruptible sleeps of a stopped kthread (TIF_NOTIFY_SIGNAL);
 * older kernels did not. */
void model_stop_interrupts_sleep(int on);

/* Time passes for the scenario (process context) while the threads run. */
void model_run_for(long jiffies);
/* A thread function for cases that stop threads they do not create: it
 * sleeps until kthread_should_stop(). */
int model_stop_waiter(void *data);
/* Scenario clean-up: stops a task or destroys a worker if it is still a
 * live, unstopped one; anything else (NULL, ERR_PTR, freed) is left alone and
 * no verdict is raised. */
void model_teardown(struct task_struct *t);
void model_teardown_worker(struct kthread_worker *w);
/* Runs a callback of the case as the kernel would in atomic context:
 * MODEL_IN_ATOMIC("interrupt handler", rx_irq(0, dev)). */
#define MODEL_IN_ATOMIC(what, call)                                            \
	do {                                                                   \
		model_atomic_enter((what), MODEL_HERE);                        \
		(void)(call);                                                  \
		model_atomic_exit(MODEL_HERE);                                 \
	} while (0)
/* A statement of the scenario about the case's data: checked after every
 * step while registered; a violation is a verdict. */
void model_invariant(int (*holds)(void *), void *arg, const char *what,
		     MODEL_SITE);
#define MODEL_INVARIANT(fn, arg, what) model_invariant(fn, arg, what, MODEL_HERE)
void model_expect(int cond, const char *what, MODEL_SITE);
#define MODEL_EXPECT(cond) model_expect(!!(cond), #cond, MODEL_HERE)
/* The work a thread was woken for is done: if not, and the thread sleeps
 * after a set_current_state(), its wake-up was lost (a verdict). */
void model_expect_woken(int cond, struct task_struct *t, const char *what,
			MODEL_SITE);
#define MODEL_EXPECT_WOKEN(cond, t)                                            \
	model_expect_woken(!!(cond), (t), #cond, MODEL_HERE)

#ifdef __cplusplus
}
#endif

#endif
