// Stops that wait for a thread while holding a sleeping lock the thread
// takes, and their clean look-alikes.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-deadlock' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/cpu.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/semaphore.h>

struct poller {
	struct mutex lock;
	struct rw_semaphore cfg_sem;
	struct semaphore hw_sem;
	struct task_struct *sampler;
	struct task_struct *worker;
	struct task_struct *cleaner;
	struct task_struct *polite;
	struct task_struct *trier;
	struct task_struct *hw;
	struct task_struct *hotplug;
	int work;
};

static void poller_account(struct poller *p)
{
	mutex_lock(&p->lock);
	p->work++;
	mutex_unlock(&p->lock);
}

/* Sleeps, then takes the lock before it tests the stop again: the stop's
 * wake-up brings it straight to the lock. */
static int sampler_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		poller_account(p);
	}
	return 0;
}

/* Takes the lock right after its test, and sleeps after the unlock. */
static int worker_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop()) {
		mutex_lock(&p->lock);
		p->work++;
		mutex_unlock(&p->lock);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Writes the configuration once it saw the stop. */
static int cleaner_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	down_write(&p->cfg_sem);
	p->work = 0;
	up_write(&p->cfg_sem);
	return 0;
}

/* Clean: kthread_stop() interrupts the wait for the lock (Linux 6.1). */
static int polite_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		if (mutex_lock_interruptible(&p->lock))
			continue;
		p->work++;
		mutex_unlock(&p->lock);
	}
	return 0;
}

/* Clean: a trylock does not wait. */
static int trier_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		if (!mutex_trylock(&p->lock))
			continue;
		p->work++;
		mutex_unlock(&p->lock);
	}
	return 0;
}

/* A killable wait ignores the stop. */
static int hw_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		if (down_killable(&p->hw_sem))
			break;
		p->work++;
		up(&p->hw_sem);
	}
	return 0;
}

/* Reads under the CPU-hotplug lock after each sleep. */
static int hotplug_thread(void *data)
{
	struct poller *p = data;

	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(HZ);
		cpus_read_lock();
		p->work++;
		cpus_read_unlock();
	}
	return 0;
}

static int poller_start(struct poller *p)
{
	p->sampler = kthread_run(sampler_thread, p, "sampler");
	p->worker = kthread_run(worker_thread, p, "worker");
	p->cleaner = kthread_run(cleaner_thread, p, "cleaner");
	p->polite = kthread_run(polite_thread, p, "polite");
	p->trier = kthread_run(trier_thread, p, "trier");
	p->hw = kthread_run(hw_thread, p, "hw");
	p->hotplug = kthread_run(hotplug_thread, p, "hotplug");
	return 0;
}

static void poller_stop_sampler(struct poller *p)
{
	mutex_lock(&p->lock);
	kthread_stop(p->sampler);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'sampler_thread' to exit while mutex 'p->lock' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'mutex_lock' takes 'p->lock' here
	// CHECK: :[[@LINE-16]]:15: note: 'kthread_run' starts thread function 'sampler_thread' here
	// CHECK: :[[@LINE-110]]:3: note: 'sampler_thread' calls 'poller_account' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-124]]:2: note: 'poller_account' takes 'p->lock' with 'mutex_lock' here
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
	p->sampler = NULL;
	mutex_unlock(&p->lock);
}

/* Clean: the lock is dropped before the stop. */
static void poller_stop_sampler_unlocked(struct poller *p)
{
	struct task_struct *t;

	mutex_lock(&p->lock);
	t = p->sampler;
	p->sampler = NULL;
	mutex_unlock(&p->lock);
	kthread_stop(t);
}

static void poller_stop_worker(struct poller *p)
{
	mutex_lock(&p->lock);
	kthread_stop(p->worker);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'worker_thread' to exit while mutex 'p->lock' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'mutex_lock' takes 'p->lock' here
	// CHECK: :[[@LINE-41]]:14: note: 'kthread_run' starts thread function 'worker_thread' here
	// CHECK: :[[@LINE-125]]:3: note: 'worker_thread' takes 'p->lock' with 'mutex_lock' here; a stop that comes while the thread runs before this point waits for a thread that waits for the lock
	// CHECK: :[[@LINE-5]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
	mutex_unlock(&p->lock);
}

static void poller_stop_cleaner(struct poller *p)
{
	down_read(&p->cfg_sem);
	kthread_stop(p->cleaner);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'cleaner_thread' to exit while rw_semaphore (read) 'p->cfg_sem' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'down_read' takes 'p->cfg_sem' here
	// CHECK: :[[@LINE-52]]:15: note: 'kthread_run' starts thread function 'cleaner_thread' here
	// CHECK: :[[@LINE-122]]:2: note: 'cleaner_thread' takes 'p->cfg_sem' with 'down_write' here, after it saw the stop: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-5]]:2: note: likelihood: certain on any run that takes this path
	up_read(&p->cfg_sem);
}

/* Clean: the interruptible and the trylock threads cannot wait for good. */
static void poller_stop_polite(struct poller *p)
{
	mutex_lock(&p->lock);
	kthread_stop(p->polite);
	kthread_stop(p->trier);
	mutex_unlock(&p->lock);
}

/* A helper stops the thread; its caller holds the semaphore. */
static void poller_stop_hw_thread(struct poller *p)
{
	kthread_stop(p->hw);
}

static void poller_stop_hw(struct poller *p)
{
	down(&p->hw_sem);
	poller_stop_hw_thread(p);
	// CHECK: :[[@LINE-1]]:2: warning: 'poller_stop_hw_thread' (which calls 'kthread_stop') waits for thread 'hw_thread' to exit while semaphore 'p->hw_sem' is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'down' takes 'p->hw_sem' here
	// CHECK: :[[@LINE-9]]:2: note: 'poller_stop_hw_thread' calls 'kthread_stop' here
	// CHECK: :[[@LINE-77]]:10: note: 'kthread_run' starts thread function 'hw_thread' here
	// CHECK: :[[@LINE-107]]:7: note: 'hw_thread' takes 'p->hw_sem' with 'down_killable' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
	up(&p->hw_sem);
}

/* Two readers of the CPU-hotplug lock: a CPU going down queues its writer
 * between them. */
static void poller_stop_hotplug(struct poller *p)
{
	cpus_read_lock();
	kthread_stop(p->hotplug);
	// CHECK: :[[@LINE-1]]:2: warning: 'kthread_stop' waits for thread 'hotplug_thread' to exit while the CPU-hotplug lock (read) is held, which the thread takes [kthread-stop-deadlock]
	// CHECK: :[[@LINE-3]]:2: note: 'cpus_read_lock' takes the CPU-hotplug lock here
	// CHECK: :[[@LINE-90]]:15: note: 'kthread_run' starts thread function 'hotplug_thread' here
	// CHECK: :[[@LINE-106]]:3: note: 'hotplug_thread' takes the CPU-hotplug lock with 'cpus_read_lock' here, after a sleep that the stop ends and before it tests the stop again: it waits for the lock, kthread_stop() for the thread
	// CHECK: :[[@LINE-107]]:3: note: both only read: readers wait for each other behind a queued writer (a CPU hotplug, a down_write())
	// CHECK: :[[@LINE-6]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
	cpus_read_unlock();
}

/* Clean: a trylock that failed holds nothing at the stop. */
static void poller_try_stop(struct poller *p)
{
	if (!mutex_trylock(&p->lock)) {
		kthread_stop(p->worker);
		return;
	}
	p->work = 0;
	mutex_unlock(&p->lock);
}
