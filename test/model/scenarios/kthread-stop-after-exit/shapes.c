// Runtime-model scenario of test/checks/kthread-stop-after-exit/shapes.c:
// each thread runs on its own, dev_fetch() failing or not, and is stopped as
// dev_stop() stops it (through the local copy, after the handshake).
//
// RUN: %model_agree %s

int dev_fetch(struct dev *d)
{
	return model_pick(2, "dev_fetch fails") ? -EIO : 0;
}

static struct dev *dev_up(void)
{
	static struct dev d;

	memset(&d, 0, sizeof(d));
	init_completion(&d.ready);
	init_completion(&d.late_ready);
	model_explore_faults(0);
	return &d;
}

MODEL_SCENARIO(copied)
{
	struct dev *d = dev_up();
	struct task_struct *t;

	d->copied = kthread_run(copied_thread, d, "copied");
	model_run_for(HZ);
	t = d->copied;
	d->copied = NULL;
	kthread_stop(t);
}

MODEL_SCENARIO(kept)
{
	struct dev *d = dev_up();
	struct task_struct *t = kthread_run(kept_thread, d, "kept");

	d->kept = t;
	model_run_for(HZ);
	kthread_stop(d->kept);
}

MODEL_SCENARIO(asleep)
{
	struct dev *d = dev_up();

	d->asleep = kthread_create(asleep_thread, d, "asleep");
	model_run_for(HZ);
	kthread_stop(d->asleep);
}

MODEL_SCENARIO(shaken)
{
	struct dev *d = dev_up();

	d->shaken = kthread_run(shaken_thread, d, "shaken");
	model_run_for(HZ);
	wait_for_completion(&d->ready);
	kthread_stop(d->shaken);
}

MODEL_SCENARIO(late)
{
	struct dev *d = dev_up();

	d->late = kthread_run(late_thread, d, "late");
	model_run_for(HZ);
	wait_for_completion(&d->late_ready);
	kthread_stop(d->late);
}

MODEL_SCENARIO(idle_loop)
{
	struct dev *d = dev_up();

	d->idle_loop = kthread_run(idle_loop_thread, d, "idle");
	model_run_for(HZ);
	d->idle = true;
	kthread_stop(d->idle_loop);
}

MODEL_SCENARIO(interrupted)
{
	struct dev *d = dev_up();

	d->interrupted = kthread_run(interrupted_thread, d, "intr");
	model_run_for(HZ);
	kthread_stop(d->interrupted);
}

MODEL_SCENARIO(unshaken)
{
	struct dev *d = dev_up();

	d->shaken = kthread_run(shaken_thread, d, "shaken");
	d->unshaken = kthread_run(unshaken_thread, d, "unshaken");
	model_run_for(HZ);
	wait_for_completion(&d->ready);
	kthread_stop(d->unshaken);
	kthread_stop(d->shaken);
}

/* dev_stop()'s last stop, preempted between the wake-up and the stop. */
MODEL_SCENARIO(flagged)
{
	struct dev *d = dev_up();

	d->flagged = kthread_run(flagged_thread, d, "flagged");
	model_run_for(HZ);
	d->stopping = true;
	wake_up_process(d->flagged);
	model_run_for(1);
	kthread_stop(d->flagged);
}
