/* <linux/interrupt.h> for kthread-tidy's runtime model. A scenario raises
 * an interrupt itself with MODEL_IN_ATOMIC("interrupt handler",
 * handler(irq, dev)); and with model_explore_callbacks(), a registered
 * handler may run once more when free_irq() removes it. */
#ifndef _MODEL_LINUX_INTERRUPT_H
#define _MODEL_LINUX_INTERRUPT_H

#include <linux/device.h>

enum irqreturn {
	IRQ_NONE = 0,
	IRQ_HANDLED = 1,
	IRQ_WAKE_THREAD = 2,
};
typedef enum irqreturn irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);

/* A fault point: a failed request is an error path of open and probe. */
#define request_threaded_irq(irq, handler, thread_fn, flags, name, dev)       \
	((void)(thread_fn), model_fail("request_irq")                          \
		? -EBUSY                                                       \
		: (model_irq_request((irq), (void *)(handler), (dev)), 0))
#define request_irq(irq, handler, flags, name, dev)                            \
	request_threaded_irq(irq, handler, 0, flags, name, dev)
#define devm_request_threaded_irq(d, irq, handler, thread_fn, flags, name, dev) \
	request_threaded_irq(irq, handler, thread_fn, flags, name, dev)
#define devm_request_irq(d, irq, handler, flags, name, dev)                    \
	request_threaded_irq(irq, handler, 0, flags, name, dev)
static inline void model_free_irq(unsigned int irq, void *dev, MODEL_SITE)
{
	irq_handler_t handler = (irq_handler_t)model_irq_free(irq, dev, file, line);

	if (handler) {
		model_atomic_enter("interrupt handler", file, line);
		handler((int)irq, dev);
		model_atomic_exit(file, line);
	}
}
#define free_irq(irq, dev) model_free_irq((irq), (dev), MODEL_HERE)

struct tasklet_struct {
	void (*callback)(struct tasklet_struct *t);
};
#define tasklet_setup(t, fn) ((t)->callback = (fn))
#define tasklet_schedule(t) ((void)(t))
#define tasklet_kill(t) ((void)(t))

#endif
