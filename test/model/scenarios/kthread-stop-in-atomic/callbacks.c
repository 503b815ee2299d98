// Runtime-model scenario of test/checks/kthread-stop-in-atomic/callbacks.c:
// a port with two running threads; the shutdown paths run in process
// context, and the registered callbacks as the kernel runs them, in atomic
// context (MODEL_IN_ATOMIC), except the threaded handler, which runs in its
// own thread and may sleep.
//
// RUN: %model_agree %s

/* Parks when asked, ends when stopped. */
static int port_thread(void *data)
{
	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		schedule_timeout_interruptible(HZ / 10);
	}
	return 0;
}

static void port_up(struct port *p)
{
	model_explore_faults(0);
	spin_lock_init(&p->lock);
	p->rx = kthread_run(port_thread, NULL, "rx");
	p->tx = kthread_run(port_thread, NULL, "tx");
	p->broken = 1;
	port_open(p);
	model_run_for(HZ);
}

static void port_down(struct port *p)
{
	model_teardown(p->rx);
	model_teardown(p->tx);
}

MODEL_SCENARIO(shutdown)
{
	struct port p = { 0 };

	port_up(&p);
	port_shutdown(&p);
	port_down(&p);
}

MODEL_SCENARIO(shutdown_unlocked)
{
	struct port p = { 0 };

	port_up(&p);
	port_shutdown_unlocked(&p);
	port_down(&p);
}

MODEL_SCENARIO(reset)
{
	struct port p = { 0 };

	port_up(&p);
	port_reset(&p);
	port_down(&p);
}

MODEL_SCENARIO(interrupt)
{
	struct port p = { 0 };

	port_up(&p);
	MODEL_IN_ATOMIC("interrupt handler", port_irq(p.irq, &p));
	p.tx = NULL;
	port_down(&p);
}

MODEL_SCENARIO(threaded_interrupt)
{
	struct port p = { 0 };

	port_up(&p);
	port_irq_thread(p.irq + 1, &p);
	port_down(&p);
}

MODEL_SCENARIO(watchdog)
{
	struct port p = { 0 };

	port_up(&p);
	MODEL_IN_ATOMIC("timer callback", (p.watchdog.function(&p.watchdog), 0));
	port_down(&p);
}

MODEL_SCENARIO(tasklet)
{
	struct port p = { 0 };

	port_up(&p);
	MODEL_IN_ATOMIC("tasklet", (p.done.callback(&p.done), 0));
	port_down(&p);
}
