#include "hba.h"
#include <linux/interrupt.h>

static int rx_thread_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static irqreturn_t rx_irq(int irq, void *data)
{
	return IRQ_HANDLED;
}

/* The request_irq() error path stops the thread and leaves the pointer
 * (qcaspi_netdev_open() in Linux 6.1; the creation is checked before the
 * store, so no ERR_PTR is left): ethtool.c's op parks the freed task, and
 * rxpoke.c's wakes it. */
static int rx_open(struct net_dev *dev)
{
	struct task_struct *t = kthread_run(rx_thread_fn, dev, "rx");
	int ret;

	if (IS_ERR(t))
		return PTR_ERR(t);
	dev->rx_thread = t;
	ret = request_irq(dev->irq, rx_irq, 0, "rx", dev);
	if (ret) {
		kthread_stop(dev->rx_thread);
		return ret;
	}
	return 0;
}

const struct net_device_ops rx_netdev_ops = {
	.ndo_open = rx_open,
};
