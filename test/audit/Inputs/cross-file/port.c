#include "hba.h"

static int port_rx(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Returns the creation's error (t7xx_port_ctrl_msg.c in Linux 6.1), but
 * proxy.c drops it: the port lives on with the ERR_PTR. */
static int port_init(struct port *port)
{
	port->thread = kthread_run(port_rx, port, "port-rx");
	if (IS_ERR(port->thread))
		return PTR_ERR(port->thread);
	return 0;
}

static void port_uninit(struct port *port)
{
	if (port->thread)
		kthread_stop(port->thread);
}

const struct port_ops ctl_port_ops = {
	.init = port_init,
	.uninit = port_uninit,
};
