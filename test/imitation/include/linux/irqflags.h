/* Imitation of <linux/irqflags.h> (Linux 6.1) for kthread-tidy's tests:
 * local_irq_*() are macros over the arch_ functions. */
#ifndef _IMITATION_LINUX_IRQFLAGS_H
#define _IMITATION_LINUX_IRQFLAGS_H

extern unsigned long arch_local_irq_save(void);
extern void arch_local_irq_restore(unsigned long flags);
extern void arch_local_irq_disable(void);
extern void arch_local_irq_enable(void);
#define local_irq_save(flags)                                                  \
	do {                                                                   \
		flags = arch_local_irq_save();                                 \
	} while (0)
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_irq_disable() arch_local_irq_disable()
#define local_irq_enable() arch_local_irq_enable()

#endif
