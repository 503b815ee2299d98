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
 * (qcaspi_netdev_open() in Linux 6.1): ethtool.c's op parks the freed
 * task. */
static int rx_open(struct net_dev *dev)
{
	int ret;

	dev->rx_thread = kthread_run(rx_thread_fn, dev, "rx");
	if (IS_ERR(dev->rx_thread))
		return PTR_ERR(dev->rx_thread);
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
