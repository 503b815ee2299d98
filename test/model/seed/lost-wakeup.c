// Seed example 3 (the chapter's event thread, with the sleep written by
// hand and in the wrong order): the thread tests for an event, then sets its
// state and sleeps. An event posted between the test and
// set_current_state() is lost: its wake-up finds the thread running, and the
// thread then sleeps with the event pending. The model finds the interleaving
// by preempting each task once at each kernel call.
//
// RUN: %model_run %s | FileCheck %s
// CHECK: lost-wakeup.c:[[#EXPECT:]]: expectation: the scenario expects 'ev.handled == 1'{{.*}}thread 'event' (pid 2) sleeps in 'schedule' at lost-wakeup.c:[[#SLEEP:]]{{.*}}preempt event
// CHECK: model: 1 scenario, {{[0-9]+}} runs, 1 verdict

#include <linux/kthread.h>

struct event_dev {
	struct task_struct *thread;
	bool pending;
	int handled;
};

static int event_thread(void *data)
{
	struct event_dev *ev = data;

	while (!kthread_should_stop()) {
		if (!ev->pending) {
			set_current_state(TASK_INTERRUPTIBLE);
			schedule();
			continue;
		}
		ev->pending = false;
		ev->handled++;
	}
	return 0;
}

/* The event source: an interrupt's threaded handler, say. */
static int irq_thread(void *data)
{
	struct event_dev *ev = data;

	ev->pending = true;
	wake_up_process(ev->thread);
	return 0;
}

MODEL_SCENARIO(event_while_checking)
{
	static struct event_dev ev;

	model_explore_faults(0);
	model_explore_preemptions(1);
	ev.thread = kthread_run(event_thread, &ev, "event");
	kthread_run(irq_thread, &ev, "irq");
	model_run_for(HZ);
	MODEL_EXPECT(ev.handled == 1);
	kthread_stop(ev.thread);
}
