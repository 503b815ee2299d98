// A thread that takes the lock only in one mode of its driver, stopped
// under the lock in another mode (hwlat's per-CPU threads never move across
// CPUs, so they never take the CPU-hotplug lock): clean. The same stop
// reached in the thread's mode, or by callers the file cannot see, is
// reported.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>

enum sampler_mode { MODE_NONE, MODE_ROUND_ROBIN, MODE_PER_CPU };

struct sampler_data {
	struct mutex lock;
	enum sampler_mode mode;
	struct task_struct *thread;
	int moves;
};

static struct sampler_data sampler;

static void move_to_next_cpu(void)
{
	mutex_lock(&sampler.lock);
	sampler.moves++;
	mutex_unlock(&sampler.lock);
}

static int sample_thread(void *data)
{
	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		if (sampler.mode == MODE_ROUND_ROBIN)
			move_to_next_cpu();
	}
	return 0;
}

static void stop_sampler_thread(void)
{
	mutex_lock(&sampler.lock);
	kthread_stop(sampler.thread);
	mutex_unlock(&sampler.lock);
}

/* Clean: the lock is held only for per-CPU threads, which never take it. */
static void sampler_stop(void)
{
	if (sampler.mode == MODE_PER_CPU)
		stop_sampler_thread();
}

static void stop_rr_thread(void)
{
	mutex_lock(&sampler.lock);
	kthread_stop(sampler.thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'sample_thread' to exit while mutex 'sampler.lock' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'mutex_lock' takes 'sampler.lock' here
	// CHECK: :[[@LINE+43]]:19: note: 'kthread_run' starts thread function 'sample_thread' here
	// CHECK: :[[@LINE-26]]:4: note: 'sample_thread' calls 'move_to_next_cpu' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-37]]:2: note: 'move_to_next_cpu' takes 'sampler.lock' with 'mutex_lock' here
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
	mutex_unlock(&sampler.lock);
}

/* Any mode but per-CPU: the round-robin thread too. */
static void sampler_stop_single(void)
{
	if (sampler.mode != MODE_PER_CPU)
		stop_rr_thread();
}

static void stop_any_thread(void)
{
	mutex_lock(&sampler.lock);
	kthread_stop(sampler.thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'sample_thread' to exit while mutex 'sampler.lock' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'mutex_lock' takes 'sampler.lock' here
	// CHECK: :[[@LINE+23]]:19: note: 'kthread_run' starts thread function 'sample_thread' here
	// CHECK: :[[@LINE-46]]:4: note: 'sample_thread' calls 'move_to_next_cpu' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-57]]:2: note: 'move_to_next_cpu' takes 'sampler.lock' with 'mutex_lock' here
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
	mutex_unlock(&sampler.lock);
}

/* One caller is in per-CPU mode, but an ops table may call it in any. */
static void sampler_stop_percpu(void)
{
	if (sampler.mode == MODE_PER_CPU)
		stop_any_thread();
}

struct sampler_ops {
	void (*stop)(void);
};

static const struct sampler_ops ops = { .stop = stop_any_thread };

static int sampler_start(void)
{
	mutex_init(&sampler.lock);
	sampler.thread = kthread_run(sample_thread, NULL, "sampler");
	return 0;
}

/* Estimator threads: only number 0 drains the new entries, under the lock;
 * which instance a stop stops is not followed (ipvs's estimators, whose
 * thread 0 stops the others with the lock held): clean. */
struct estimator {
	int id;
	struct task_struct *task;
};

static struct estimator estimators[4];
static DEFINE_MUTEX(est_mutex);

static void est_drain(void)
{
	mutex_lock(&est_mutex);
	sampler.moves = 0;
	mutex_unlock(&est_mutex);
}

static int est_thread(void *data)
{
	struct estimator *e = data;
	int id = e->id;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		if (!id)
			est_drain();
	}
	return 0;
}

static int est_start(int n)
{
	estimators[n].id = n;
	estimators[n].task = kthread_run(est_thread, &estimators[n], "est");
	return 0;
}

static void est_stop_others(void)
{
	int i;

	mutex_lock(&est_mutex);
	for (i = 1; i < 4; i++)
		kthread_stop(estimators[i].task);
	mutex_unlock(&est_mutex);
}
