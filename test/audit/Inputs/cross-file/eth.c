#include "hba.h"

static int eth_spi_thread(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* A failed open returns its error (qcaspi_netdev_open() in Linux 6.1's
 * qca_spi.c), but the device stays registered with the ERR_PTR. */
static int eth_open(struct net_dev *dev)
{
	dev->spi_thread = kthread_run(eth_spi_thread, dev, "eth-spi");
	if (IS_ERR(dev->spi_thread))
		return PTR_ERR(dev->spi_thread);
	return 0;
}

/* The same table's callbacks run only after a successful open. */
static int eth_xmit(struct net_dev *dev)
{
	if (dev->spi_thread)
		wake_up_process(dev->spi_thread);
	return 0;
}

/* After a failed probe nothing of the device runs. */
static int eth_probe(struct net_dev *dev)
{
	dev->poll_thread = kthread_run(eth_spi_thread, dev, "eth-poll");
	if (IS_ERR(dev->poll_thread))
		return PTR_ERR(dev->poll_thread);
	return 0;
}

const struct net_device_ops eth_netdev_ops = {
	.ndo_open = eth_open,
	.ndo_start_xmit = eth_xmit,
};

const struct spi_driver eth_driver = {
	.probe = eth_probe,
};
