#include "hba.h"

void proxy_start(struct port *port)
{
	port->ops->init(port);
}

int proxy_start_chan(struct chan *chan)
{
	return chan->ops->init(chan);
}
