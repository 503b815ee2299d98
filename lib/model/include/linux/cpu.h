/* <linux/cpu.h> for kthread-tidy's runtime model: the CPU-hotplug lock, a
 * percpu rw-semaphore whose queued writer (a CPU going down) holds new
 * readers back. */
#ifndef _MODEL_LINUX_CPU_H
#define _MODEL_LINUX_CPU_H

#include <linux/compiler.h>

#define cpus_read_lock()                                                       \
	((void)model_lock(&model_cpu_hotplug_lock, MODEL_LOCK_SHARED,          \
			  MODEL_WAIT_UNINTERRUPTIBLE, "cpus_read_lock",        \
			  MODEL_HERE))
#define cpus_read_trylock()                                                    \
	model_lock(&model_cpu_hotplug_lock, MODEL_LOCK_SHARED, MODEL_WAIT_TRY, \
		   "cpus_read_trylock", MODEL_HERE)
#define cpus_read_unlock() model_unlock(&model_cpu_hotplug_lock, MODEL_HERE)
#define cpus_write_lock()                                                      \
	((void)model_lock(&model_cpu_hotplug_lock, MODEL_LOCK_EXCLUSIVE,       \
			  MODEL_WAIT_UNINTERRUPTIBLE, "cpus_write_lock",       \
			  MODEL_HERE))
#define cpus_write_unlock() model_unlock(&model_cpu_hotplug_lock, MODEL_HERE)

#endif
