/* Imitation of <linux/cpu.h> (Linux 6.1, CONFIG_HOTPLUG_CPU) for
 * kthread-tidy's tests: the CPU-hotplug lock. */
#ifndef _IMITATION_LINUX_CPU_H
#define _IMITATION_LINUX_CPU_H

extern void cpus_read_lock(void);
extern void cpus_read_unlock(void);
extern int cpus_read_trylock(void);
extern void cpus_write_lock(void);
extern void cpus_write_unlock(void);

#endif
