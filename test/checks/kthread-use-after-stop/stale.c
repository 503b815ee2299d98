// kthread-use-after-stop across functions: a stop that leaves the stopped
// task in a field that another function NULL-tests and uses while it can
// still run. A waker removed only after the stop (a timer, rc-ir-raw.c in
// Linux 6.1; an interrupt), and an open that fails after starting its
// thread while the device stays registered (qca_spi.c), each beside clean
// look-alikes: the waker removed first, the task pinned, the field cleared,
// a callback of the failing function's own table, a failed probe, a
// callback that never uses the task, a field emptied under the lock the
// callback takes before the stop.
//
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-use-after-stop' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

static int decode_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* A timer batches edges and wakes the decoder (rc-ir-raw.c). */
struct ir_raw {
	struct task_struct *thread;
	struct timer_list edge;
};

void ir_raw_handle(struct ir_raw *raw)
{
	if (!raw->thread)
		return;
	wake_up_process(raw->thread);
	// CHECK: :[[@LINE-1]]:2: warning: 'raw->thread' is passed to 'wake_up_process', but may still hold the task that 'kthread_stop' stopped in 'ir_raw_unregister' [kthread-use-after-stop]
	// CHECK: :[[@LINE+27]]:2: note: 'kthread_stop' stops the thread here and leaves its pointer stored
	// CHECK: :[[@LINE+17]]:2: note: 'timer_setup' makes 'ir_raw_edge' a callback here, and 'ir_raw_edge' calls 'ir_raw_handle'
	// CHECK: :[[@LINE+26]]:2: note: 'del_timer_sync' removes the callback only here, after the stop: until then 'ir_raw_edge' may run
	// CHECK: :[[@LINE-7]]:6: note: a NULL test does not tell a stopped task from a running one
	// CHECK: :[[@LINE-6]]:2: note: once the thread has exited its task_struct may be freed: a use-after-free
	// CHECK: :[[@LINE+22]]:2: note: remove the callback before the stop, or pin the task with get_task_struct() before stopping it
	// CHECK: :[[@LINE-8]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
}

static void ir_raw_edge(struct timer_list *t)
{
	struct ir_raw *raw = container_of(t, struct ir_raw, edge);

	ir_raw_handle(raw);
}

int ir_raw_register(struct ir_raw *raw)
{
	timer_setup(&raw->edge, ir_raw_edge, 0);
	raw->thread = kthread_run(decode_fn, raw, "rc");
	if (IS_ERR(raw->thread))
		return PTR_ERR(raw->thread);
	return 0;
}

void ir_raw_unregister(struct ir_raw *raw)
{
	kthread_stop(raw->thread);
	del_timer_sync(&raw->edge);
}

/* Clean: Linux 6.12's fix, the task pinned before the stop. */
struct ir_pinned {
	struct task_struct *thread;
	struct timer_list edge;
};

static void ir_pinned_edge(struct timer_list *t)
{
	struct ir_pinned *raw = container_of(t, struct ir_pinned, edge);

	if (raw->thread)
		wake_up_process(raw->thread);
}

void ir_pinned_register(struct ir_pinned *raw)
{
	timer_setup(&raw->edge, ir_pinned_edge, 0);
}

void ir_pinned_unregister(struct ir_pinned *raw)
{
	get_task_struct(raw->thread);
	kthread_stop(raw->thread);
	del_timer_sync(&raw->edge);
	put_task_struct(raw->thread);
}

/* Clean: the timer is deleted before the stop. */
struct ir_ordered {
	struct task_struct *thread;
	struct timer_list edge;
};

static void ir_ordered_edge(struct timer_list *t)
{
	struct ir_ordered *raw = container_of(t, struct ir_ordered, edge);

	if (raw->thread)
		wake_up_process(raw->thread);
}

void ir_ordered_register(struct ir_ordered *raw)
{
	timer_setup(&raw->edge, ir_ordered_edge, 0);
}

void ir_ordered_unregister(struct ir_ordered *raw)
{
	del_timer_sync(&raw->edge);
	kthread_stop(raw->thread);
}

/* An interrupt that wakes the thread, freed after the stop. */
struct sensor {
	struct task_struct *thread;
	unsigned int irq;
	int ready;
};

static irqreturn_t sensor_irq(int irq, void *data)
{
	struct sensor *s = data;

	s->ready = 1;
	wake_up_process(s->thread);
	// CHECK: :[[@LINE-1]]:2: warning: 's->thread' is passed to 'wake_up_process', but may still hold the task that 'kthread_stop' stopped in 'sensor_remove' [kthread-use-after-stop]
	// CHECK: :[[@LINE+19]]:2: note: 'kthread_stop' stops the thread here and leaves its pointer stored
	// CHECK: :[[@LINE+13]]:9: note: 'request_irq' makes 'sensor_irq' a callback here
	// CHECK: :[[@LINE+18]]:2: note: 'free_irq' removes the callback only here, after the stop: until then 'sensor_irq' may run
	// CHECK: :[[@LINE-5]]:2: note: once the thread has exited its task_struct may be freed: a use-after-free
	// CHECK: :[[@LINE+15]]:2: note: remove the callback before the stop, or pin the task with get_task_struct() before stopping it
	// CHECK: :[[@LINE-7]]:2: note: likelihood: a race: it happens when the thread gets there before the stop
	return IRQ_HANDLED;
}

int sensor_probe(struct sensor *s)
{
	s->thread = kthread_run(decode_fn, s, "sensor");
	if (IS_ERR(s->thread))
		return PTR_ERR(s->thread);
	return request_irq(s->irq, sensor_irq, 0, "sensor", s);
}

void sensor_remove(struct sensor *s)
{
	kthread_stop(s->thread);
	free_irq(s->irq, s);
}

/* Clean: the field is cleared before the interrupt goes, and the handler
 * tests it. */
struct meter {
	struct task_struct *thread;
	unsigned int irq;
};

static irqreturn_t meter_irq(int irq, void *data)
{
	struct meter *m = data;

	if (m->thread)
		wake_up_process(m->thread);
	return IRQ_HANDLED;
}

int meter_probe(struct meter *m)
{
	return request_irq(m->irq, meter_irq, 0, "meter", m);
}

void meter_remove(struct meter *m)
{
	kthread_stop(m->thread);
	m->thread = NULL;
	free_irq(m->irq, m);
}

/* Clean: the timer's callback never touches the task. */
struct blinker {
	struct task_struct *thread;
	struct timer_list blink;
	int on;
};

static void blinker_tick(struct timer_list *t)
{
	struct blinker *b = container_of(t, struct blinker, blink);

	b->on = !b->on;
}

void blinker_setup(struct blinker *b)
{
	timer_setup(&b->blink, blinker_tick, 0);
}

void blinker_teardown(struct blinker *b)
{
	kthread_stop(b->thread);
	del_timer_sync(&b->blink);
}

/* An open that fails after starting its thread (qca_spi.c): the device
 * stays registered, and its ethtool-like ops still run. */
struct link {
	struct task_struct *thread;
	unsigned int irq;
};

struct link_dev_ops {
	int (*open)(struct link *l);
	int (*xmit)(struct link *l);
};

struct link_tool_ops {
	int (*set_ring)(struct link *l, int n);
};

static irqreturn_t link_irq(int irq, void *data)
{
	return IRQ_HANDLED;
}

static int link_open(struct link *l)
{
	int ret;

	l->thread = kthread_run(decode_fn, l, "link");
	if (IS_ERR(l->thread))
		return PTR_ERR(l->thread);
	ret = request_irq(l->irq, link_irq, 0, "link", l);
	if (ret) {
		kthread_stop(l->thread);
		return ret;
	}
	return 0;
}

/* Clean: the same table's callbacks run only after a successful open. */
static int link_xmit(struct link *l)
{
	if (l->thread)
		wake_up_process(l->thread);
	return 0;
}

static int link_set_ring(struct link *l, int n)
{
	if (l->thread)
		kthread_park(l->thread);
		// CHECK: :[[@LINE-1]]:3: warning: 'l->thread' is passed to 'kthread_park', but may still hold the task that 'kthread_stop' stopped in 'link_open' [kthread-use-after-stop]
		// CHECK: :[[@LINE-19]]:3: note: 'kthread_stop' stops the thread here and leaves its pointer stored
		// CHECK: :[[@LINE-19]]:3: note: 'link_open' returns the error here with the stopped task still stored
		// CHECK: :[[@LINE-20]]:3: note: 'link_open' is a callback of 'struct link_dev_ops': after it fails the object lives on, and the callbacks of 'struct link_tool_ops' still run
		// CHECK: :[[@LINE-6]]:6: note: a NULL test does not tell a stopped task from a running one
		// CHECK: :[[@LINE-6]]:3: note: once the thread has exited its task_struct may be freed: a use-after-free
		// CHECK: :[[@LINE-7]]:3: note: the same stopped task reaches 1 more use later in this file
		// CHECK: :[[@LINE-25]]:3: note: set the pointer to NULL after the stop
		// CHECK: :[[@LINE-9]]:3: note: likelihood: needs the error path: a call after the thread started fails
	if (l->thread)
		kthread_unpark(l->thread);
	return 0;
}

const struct link_dev_ops link_dev_ops = {
	.open = link_open,
	.xmit = link_xmit,
};

const struct link_tool_ops link_tool_ops = {
	.set_ring = link_set_ring,
};

/* Clean: the failing open clears the pointer after the stop. */
struct port {
	struct task_struct *thread;
	unsigned int irq;
};

struct port_dev_ops {
	int (*open)(struct port *p);
};

struct port_tool_ops {
	int (*set_ring)(struct port *p, int n);
};

static int port_open(struct port *p)
{
	int ret;

	p->thread = kthread_run(decode_fn, p, "port");
	if (IS_ERR(p->thread))
		return PTR_ERR(p->thread);
	ret = request_irq(p->irq, link_irq, 0, "port", p);
	if (ret) {
		kthread_stop(p->thread);
		p->thread = NULL;
		return ret;
	}
	return 0;
}

static int port_set_ring(struct port *p, int n)
{
	if (p->thread)
		kthread_park(p->thread);
	return 0;
}

const struct port_dev_ops port_dev_ops = {
	.open = port_open,
};

const struct port_tool_ops port_tool_ops = {
	.set_ring = port_set_ring,
};

/* Clean: the stopper takes the task out of the field under the lock the
 * timer's callback takes, and stops its local copy. */
struct guarded {
	struct task_struct *thread;
	struct timer_list edge;
	spinlock_t lock;
};

static void guarded_edge(struct timer_list *t)
{
	struct guarded *g = container_of(t, struct guarded, edge);
	unsigned long flags;

	spin_lock_irqsave(&g->lock, flags);
	if (g->thread)
		wake_up_process(g->thread);
	spin_unlock_irqrestore(&g->lock, flags);
}

void guarded_register(struct guarded *g)
{
	spin_lock_init(&g->lock);
	timer_setup(&g->edge, guarded_edge, 0);
}

void guarded_unregister(struct guarded *g)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&g->lock, flags);
	t = g->thread;
	g->thread = NULL;
	spin_unlock_irqrestore(&g->lock, flags);
	kthread_stop(t);
	del_timer_sync(&g->edge);
}
