/* <linux/interrupt.h> for kthread-tidy's runtime model. Registering a
 * handler does nothing: a scenario raises the interrupt itself with
 * MODEL_IN_ATOMIC("interrupt handler", handler(irq, dev)). */
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
	((void)(irq), (void)(handler), (void)(thread_fn), (void)(dev),         \
	 model_fail("request_irq") ? -EBUSY : 0)
#define request_irq(irq, handler, flags, name, dev)                            \
	request_threaded_irq(irq, handler, 0, flags, name, dev)
#define devm_request_threaded_irq(d, irq, handler, thread_fn, flags, name, dev) \
	request_threaded_irq(irq, handler, thread_fn, flags, name, dev)
#define devm_request_irq(d, irq, handler, flags, name, dev)                    \
	request_threaded_irq(irq, handler, 0, flags, name, dev)
#define free_irq(irq, dev) ((void)(irq), (void)(dev))

struct tasklet_struct {
	void (*callback)(struct tasklet_struct *t);
};
#define tasklet_setup(t, fn) ((t)->callback = (fn))
#define tasklet_schedule(t) ((void)(t))
#define tasklet_kill(t) ((void)(t))

#endif
