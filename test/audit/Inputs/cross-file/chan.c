#include "hba.h"

static int chan_rx(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* The same shape, but proxy.c acts on the error. */
static int chan_init(struct chan *chan)
{
	chan->thread = kthread_run(chan_rx, chan, "chan-rx");
	if (IS_ERR(chan->thread))
		return PTR_ERR(chan->thread);
	return 0;
}

static void chan_uninit(struct chan *chan)
{
	if (chan->thread)
		kthread_stop(chan->thread);
}

const struct chan_ops ctl_chan_ops = {
	.init = chan_init,
	.uninit = chan_uninit,
};
