// A registered callback may run until its removal returns:
// del_timer_sync() (include/linux/timer.h) is timer_delete_sync()
// (kernel/time/timer.c), which waits for a running callback; free_irq()
// (kernel/irq/manage.c) unlinks the action in __free_irq() and then waits
// for a running handler. With model_explore_callbacks(1), a pending timer or
// a registered interrupt handler fires once more at its removal, in atomic
// context; a timer never armed, an interrupt never requested, and any
// callback without the exploration do not. Each callback here wakes a task
// stopped before the removal, which makes its run visible.
//
// RUN: %model_run %s | FileCheck %s --implicit-check-not=use-after-stop

#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/timer.h>

static struct task_struct *stopped;

static int wait_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static void tick(struct timer_list *t)
{
	wake_up_process(stopped); // CHECK: callbacks.c:[[@LINE]]: use-after-stop: 'wake_up_process' at callbacks.c:[[@LINE]] uses the task_struct of thread 'waiter' (pid 2), freed when the kthread_stop() at callbacks.c:{{[0-9]+}} returned (use-after-free) [scenario 'armed_timer'
}

static irqreturn_t irq(int n, void *dev)
{
	wake_up_process(stopped); // CHECK: callbacks.c:[[@LINE]]: use-after-stop: 'wake_up_process' at callbacks.c:[[@LINE]] uses the task_struct of thread 'waiter' (pid 2), freed when the kthread_stop() at callbacks.c:{{[0-9]+}} returned (use-after-free) [scenario 'requested_irq'
	return IRQ_HANDLED;
}

static void stop_waiter(void)
{
	model_explore_faults(0);
	stopped = kthread_run(wait_fn, NULL, "waiter");
	kthread_stop(stopped);
}

MODEL_SCENARIO(armed_timer)
{
	struct timer_list t;

	model_explore_callbacks(1);
	timer_setup(&t, tick, 0);
	mod_timer(&t, 1);
	stop_waiter();
	del_timer_sync(&t);
}

MODEL_SCENARIO(unarmed_timer)
{
	struct timer_list t;

	model_explore_callbacks(1);
	timer_setup(&t, tick, 0);
	stop_waiter();
	del_timer_sync(&t);
}

MODEL_SCENARIO(timer_not_explored)
{
	struct timer_list t;

	timer_setup(&t, tick, 0);
	mod_timer(&t, 1);
	stop_waiter();
	del_timer_sync(&t);
}

MODEL_SCENARIO(requested_irq)
{
	static int dev;

	model_explore_callbacks(1);
	if (request_irq(3, irq, 0, "dev", &dev))
		return;
	stop_waiter();
	free_irq(3, &dev);
}

MODEL_SCENARIO(other_irq)
{
	static int dev, other;

	model_explore_callbacks(1);
	if (request_irq(3, irq, 0, "dev", &dev))
		return;
	stop_waiter();
	free_irq(3, &other);
}
