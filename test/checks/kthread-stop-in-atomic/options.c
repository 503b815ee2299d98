// The project's own lock, unlock, sleeping and stop functions, by role.
// Without the options they are calls like any other, and nothing is found.
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-in-atomic' %s -- %imitation_flags \
// RUN:   | FileCheck %s --check-prefix=NONE --allow-empty \
// RUN:     --implicit-check-not='{{warning|error|note}}:'
// NONE-NOT: warning
//
// RUN: %kthread_tidy -checks='-*,kthread-stop-in-atomic' %s \
// RUN:   -config="{CheckOptions: {kthread-stop-in-atomic.LockFunctions: 'hw_lock', kthread-stop-in-atomic.UnlockFunctions: 'hw_unlock', kthread-stop-in-atomic.SleepingFunctions: 'hw_wait_idle', StopFunctions: 'hw_stop_thread'}}" \
// RUN:   -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-stop-in-atomic' %s \
// RUN:   -config="{CheckOptions: {kthread-stop-in-atomic.LockFunctions: 'hw_lock', kthread-stop-in-atomic.UnlockFunctions: 'hw_unlock', kthread-stop-in-atomic.SleepingFunctions: 'hw_wait_idle', StopFunctions: 'hw_stop_thread'}}" \
// RUN:   -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>

struct hw {
	int lock;
	struct task_struct *poll;
};

/* A driver's own lock around a hardware semaphore: it spins. */
extern void hw_lock(struct hw *h);
extern void hw_unlock(struct hw *h);
/* Sleeps until the hardware is idle. */
extern void hw_wait_idle(struct hw *h);
/* Stops the thread (a wrapper in another file). */
extern void hw_stop_thread(struct task_struct *t);

static void hw_reset(struct hw *h)
{
	hw_lock(h);
	hw_wait_idle(h);
	// CHECK: :[[@LINE-1]]:2: warning: 'hw_wait_idle' sleeps, but is called while spinlock 'h' is held [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-3]]:2: note: 'hw_lock' takes 'h' here
	// CHECK: :[[@LINE-3]]:2: note: it may sleep, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	hw_stop_thread(h->poll);
	// CHECK: :[[@LINE-1]]:2: warning: 'hw_stop_thread' sleeps, but is called while spinlock 'h' is held [kthread-stop-in-atomic]
	// CHECK: :[[@LINE-8]]:2: note: 'hw_lock' takes 'h' here
	// CHECK: :[[@LINE-3]]:2: note: it waits for another thread, so it schedules in atomic context: 'BUG: sleeping function called from invalid context'
	// CHECK: :[[@LINE-4]]:2: note: likelihood: certain on any run that takes this path
	hw_unlock(h);
}

/* Clean: both sleep after the unlock. */
static void hw_reset_unlocked(struct hw *h)
{
	hw_lock(h);
	hw_unlock(h);
	hw_wait_idle(h);
	hw_stop_thread(h->poll);
}
