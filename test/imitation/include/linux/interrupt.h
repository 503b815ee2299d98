/* Imitation of <linux/interrupt.h> (Linux 6.1) for kthread-tidy's tests:
 * request_irq() is an inline function over request_threaded_irq(), whose
 * handler runs in hard interrupt context and whose thread_fn runs in a
 * thread that may sleep. */
#ifndef _IMITATION_LINUX_INTERRUPT_H
#define _IMITATION_LINUX_INTERRUPT_H

#include <linux/device.h>

enum irqreturn {
	IRQ_NONE = 0,
	IRQ_HANDLED = 1,
	IRQ_WAKE_THREAD = 2,
};
typedef enum irqreturn irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);

extern int request_threaded_irq(unsigned int irq, irq_handler_t handler,
				irq_handler_t thread_fn, unsigned long flags,
				const char *name, void *dev);
static inline int request_irq(unsigned int irq, irq_handler_t handler,
			      unsigned long flags, const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, 0, flags, name, dev);
}
extern int devm_request_threaded_irq(struct device *dev, unsigned int irq,
				     irq_handler_t handler,
				     irq_handler_t thread_fn,
				     unsigned long irqflags,
				     const char *devname, void *dev_id);
static inline int devm_request_irq(struct device *dev, unsigned int irq,
				   irq_handler_t handler,
				   unsigned long irqflags, const char *devname,
				   void *dev_id)
{
	return devm_request_threaded_irq(dev, irq, handler, 0, irqflags,
					 devname, dev_id);
}
extern void free_irq(unsigned int irq, void *dev);

struct tasklet_struct {
	void (*callback)(struct tasklet_struct *t);
};
extern void tasklet_setup(struct tasklet_struct *t,
			  void (*callback)(struct tasklet_struct *));
extern void tasklet_schedule(struct tasklet_struct *t);
extern void tasklet_kill(struct tasklet_struct *t);

#endif
