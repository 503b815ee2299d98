/* <linux/irqflags.h> for kthread-tidy's runtime model: interrupts off is an
 * atomic context (see spinlock.h). */
#ifndef _MODEL_LINUX_IRQFLAGS_H
#define _MODEL_LINUX_IRQFLAGS_H

#include <model/model.h>

#define local_irq_save(flags)                                                  \
	((flags) = 0, model_atomic_enter("local_irq_save", MODEL_HERE))
#define local_irq_restore(flags) ((void)(flags), model_atomic_exit(MODEL_HERE))
#define local_irq_disable() model_atomic_enter("local_irq_disable", MODEL_HERE)
#define local_irq_enable() model_atomic_exit(MODEL_HERE)

#endif
