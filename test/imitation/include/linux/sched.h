/* Imitation of <linux/sched.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_SCHED_H
#define _IMITATION_LINUX_SCHED_H

#include <linux/kernel.h>
#include <linux/types.h>

#define TASK_RUNNING 0x0000
#define TASK_INTERRUPTIBLE 0x0001
#define TASK_UNINTERRUPTIBLE 0x0002
#define TASK_WAKEKILL 0x0100
#define TASK_KILLABLE (TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE 0x0402
#define TASK_FREEZABLE 0x2000
#define MAX_SCHEDULE_TIMEOUT 0x7fffffffL
#define TASK_COMM_LEN 16

struct task_struct {
	unsigned int __state;
	int usage;
	pid_t pid;
	char comm[TASK_COMM_LEN];
};

extern struct task_struct *get_current(void);
#define current get_current()
#define set_current_state(state_value) WRITE_ONCE(current->__state, (state_value))
#define __set_current_state(state_value) (current->__state = (state_value))

extern int wake_up_process(struct task_struct *tsk);
extern void schedule(void);
extern long schedule_timeout(long timeout);
extern long schedule_timeout_interruptible(long timeout);
extern long schedule_timeout_uninterruptible(long timeout);
extern int signal_pending(struct task_struct *p);
extern int fatal_signal_pending(struct task_struct *p);
extern void set_user_nice(struct task_struct *p, long nice);
extern void sched_set_fifo(struct task_struct *p);

#endif
