/* A driver split over several files, as real ones are: the thread
 * functions in worker.c, creation and teardown in init.c; a port type whose
 * ops port.c defines and proxy.c calls; an adapter whose thread functions
 * are in cmd.c, started and stopped in ctrl.c; a network device whose
 * open (eth.c) may leave an ERR_PTR that its ethtool op (ethtool.c) parks,
 * and whose receive open (rx.c) may leave a stopped task that it parks. */
#include <linux/kthread.h>

struct hba {
	struct task_struct *worker;
	struct task_struct *poller;
	int ready;
};

int hba_do_work(void *data);
int hba_poll(void *data);

struct port;

struct port_ops {
	int (*init)(struct port *port);
	void (*uninit)(struct port *port);
};

struct port {
	struct task_struct *thread;
	const struct port_ops *ops;
};

struct chan;

struct chan_ops {
	int (*init)(struct chan *chan);
	void (*uninit)(struct chan *chan);
};

struct chan {
	struct task_struct *thread;
	const struct chan_ops *ops;
};

struct adapter {
	struct task_struct *thread;
	struct task_struct *helper;
	int busy;
};

int adapter_cmd_thread(void *data);
int adapter_help_thread(void *data);

struct net_dev {
	struct task_struct *spi_thread;
	struct task_struct *poll_thread;
	struct task_struct *rx_thread;
	unsigned int irq;
};

struct net_device_ops {
	int (*ndo_open)(struct net_dev *dev);
	int (*ndo_start_xmit)(struct net_dev *dev);
};

struct ethtool_ops {
	int (*set_ringparam)(struct net_dev *dev);
};

struct spi_driver {
	int (*probe)(struct net_dev *dev);
};

void proxy_start(struct port *port);
int proxy_start_chan(struct chan *chan);
