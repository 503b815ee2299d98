// Sleeping locks (kernel/locking/mutex.c, rwsem.c, percpu-rwsem.c, Linux
// 6.1). A mutex excludes; a waiter sleeps until the holder unlocks; the
// interruptible form returns -EINTR once kthread_stop() set
// TIF_NOTIFY_SIGNAL, the killable form does not; a trylock never waits.
// Readers share, but a reader waits behind a queued writer
// (percpu_rw_semaphore's block, rwsem's hand-off). A stop whose thread
// waits for a lock its stopper holds is "stop-deadlock".
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=expectation --implicit-check-not=stop-hang
// One verdict, from the scenario that makes it.
// CHECK-COUNT-1: stop-deadlock: {{.*}}scenario 'stop_under_needed_lock'
// CHECK-NOT: stop-deadlock

#include <linux/cpu.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>

static DEFINE_MUTEX(m);
static DECLARE_RWSEM(sem);
static int got, result;

static int mutex_taker(void *data)
{
	mutex_lock(&m);
	got = 1;
	mutex_unlock(&m);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

MODEL_SCENARIO(mutex_excludes)
{
	struct task_struct *t;

	model_explore_faults(0);
	got = 0;
	mutex_lock(&m);
	t = kthread_run(mutex_taker, NULL, "taker");
	model_run_for(HZ / 10);
	MODEL_EXPECT(got == 0);
	MODEL_EXPECT(mutex_trylock(&m) == 0);
	mutex_unlock(&m);
	model_run_for(HZ / 10);
	MODEL_EXPECT(got == 1);
	MODEL_EXPECT(mutex_trylock(&m) == 1);
	mutex_unlock(&m);
	kthread_stop(t);
}

static int interruptible_taker(void *data)
{
	result = mutex_lock_interruptible(&m);
	if (!result)
		mutex_unlock(&m);
	return 0;
}

MODEL_SCENARIO(interruptible_ends_on_stop)
{
	struct task_struct *t;

	model_explore_faults(0);
	result = 1;
	mutex_lock(&m);
	t = kthread_run(interruptible_taker, NULL, "taker");
	model_run_for(HZ / 10);
	kthread_stop(t);
	MODEL_EXPECT(result == -EINTR);
	mutex_unlock(&m);
}

static int killable_taker(void *data)
{
	result = mutex_lock_killable(&m);
	if (!result)
		mutex_unlock(&m);
	return 0;
}

/* A killable wait ignores the stop: the stop deadlocks until the lock is
 * free, which here it never is before the stop returns. */
MODEL_SCENARIO(stop_under_needed_lock)
{
	struct task_struct *t;

	model_explore_faults(0);
	mutex_lock(&m);
	t = kthread_run(killable_taker, NULL, "taker");
	model_run_for(HZ / 10);
	kthread_stop(t);
	mutex_unlock(&m);
}

static int reader(void *data)
{
	down_read(&sem);
	got++;
	up_read(&sem);
	return 0;
}

static int writer(void *data)
{
	down_write(&sem);
	got += 10;
	up_write(&sem);
	return 0;
}

MODEL_SCENARIO(reader_waits_behind_writer)
{
	model_explore_faults(0);
	got = 0;
	down_read(&sem);
	kthread_run(reader, NULL, "reader-1");
	model_run_for(1);
	/* Readers share. */
	MODEL_EXPECT(got == 1);
	kthread_run(writer, NULL, "writer");
	model_run_for(1);
	kthread_run(reader, NULL, "reader-2");
	model_run_for(1);
	/* The writer waits for the first reader, the new reader behind it. */
	MODEL_EXPECT(got == 1);
	up_read(&sem);
	model_run_for(1);
	MODEL_EXPECT(got == 12);
}
