#include "hba.h"

/* An ethtool op runs whether the device is open or not. */
static int eth_set_ringparam(struct net_dev *dev)
{
	if (dev->spi_thread)
		kthread_park(dev->spi_thread);
	if (dev->poll_thread)
		kthread_park(dev->poll_thread);
	if (dev->spi_thread)
		kthread_unpark(dev->spi_thread);
	if (dev->poll_thread)
		kthread_unpark(dev->poll_thread);
	if (dev->rx_thread)
		kthread_park(dev->rx_thread);
	return 0;
}

const struct ethtool_ops eth_ethtool_ops = {
	.set_ringparam = eth_set_ringparam,
};
