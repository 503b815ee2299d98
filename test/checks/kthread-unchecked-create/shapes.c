// Shapes of real drivers: tests that catch one error code, ERR_PTRs left in
// a field after an error that is returned but not acted on, a NULL test taken
// for "the thread exists" before a wait only the thread ends, an error path
// into a cleanup that stops the ERR_PTR, slots reached through a local
// pointer, and a callback or an exported function that skips the creation
// when it runs again.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>

struct port {
	struct task_struct *rx;
	struct task_struct *tx;
	struct task_struct *poll;
	struct completion rx_done;
	int mode;
};

static int port_fn(void *data)
{
	struct port *p = data;

	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	complete(&p->rx_done);
	return 0;
}

extern void port_log(const char *what);

/* A test for -ENOMEM only: a creator killed while it waits gets -EINTR,
 * which passes. */
static int port_start_enomem(struct port *p)
{
	struct task_struct *t = kthread_create(port_fn, p, "port-rx");

	if (t == ERR_PTR(-ENOMEM))
		return -ENOMEM;
	wake_up_process(t);
	// CHECK: :[[@LINE-1]]:2: warning: 't' is passed to 'wake_up_process' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-4]]:6: note: this test catches one error code only; a creation fails with -ENOMEM or, when the creating task is killed, -EINTR
	// CHECK: :[[@LINE-7]]:26: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-4]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-5]]:2: note: likelihood: needs a failed thread creation
	p->rx = t;
	return 0;
}

static int port_start_ptr_err(struct port *p)
{
	struct task_struct *t = kthread_create(port_fn, p, "port-tx");

	if (PTR_ERR(t) == -ENOMEM)
		return -ENOMEM;
	wake_up_process(t);
	// CHECK: :[[@LINE-1]]:2: warning: 't' is passed to 'wake_up_process' before an IS_ERR() test [kthread-unchecked-create]
	// CHECK: :[[@LINE-4]]:6: note: this test catches one error code only; a creation fails with -ENOMEM or, when the creating task is killed, -EINTR
	// CHECK: :[[@LINE-7]]:26: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-4]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-5]]:2: note: likelihood: needs a failed thread creation
	p->tx = t;
	return 0;
}

/* The init function returns the creation's error, but its caller ignores it
 * and the port lives on: the NULL-guarded stop stops the ERR_PTR. */
static int port_init_poll(struct port *p)
{
	p->poll = kthread_run(port_fn, p, "port-poll");
	if (IS_ERR(p->poll)) {
		port_log("no poll thread");
		return PTR_ERR(p->poll);
	}
	return 0;
}

static void port_setup(struct port *p)
{
	port_init_poll(p);
	p->mode = 1;
}

static void port_teardown(struct port *p)
{
	if (p->poll)
		kthread_stop(p->poll);
	// CHECK: :[[@LINE-1]]:3: warning: 'p->poll' is passed to 'kthread_stop', but may still hold the ERR_PTR of a failed 'kthread_run' [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:6: note: a NULL test does not catch an ERR_PTR
	// CHECK: :[[@LINE-20]]:12: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-20]]:6: note: the failure is detected here and returned as an error, but the ERR_PTR stays stored
	// CHECK: :[[@LINE-19]]:3: note: 'port_init_poll' returns the error here with the ERR_PTR still stored
	// CHECK: :[[@LINE-13]]:2: note: 'port_setup' ignores the error that 'port_init_poll' returns, and the object lives on
	// CHECK: :[[@LINE-7]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-8]]:3: note: likelihood: needs a failed thread creation
}

/* A NULL test taken for "the thread runs", then a wait that only the thread
 * ends: after a failed creation that only returned its error, nothing ever
 * signals the completion. */
struct link {
	struct task_struct *worker;
	struct completion done;
};

static int link_fn(void *data)
{
	struct link *l = data;

	complete(&l->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int link_open(struct link *l)
{
	if (!l->worker) {
		l->worker = kthread_run(link_fn, l, "link");
		if (IS_ERR(l->worker))
			return PTR_ERR(l->worker);
	}
	return 0;
}

static void link_flush(struct link *l)
{
	if (l->worker)
		wait_for_completion(&l->done);
	// CHECK: :[[@LINE-1]]:3: warning: 'wait_for_completion' waits for a completion of the thread in 'worker', which 'kthread_run' may have failed to create [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:6: note: a NULL test does not catch an ERR_PTR
	// CHECK: :[[@LINE-13]]:15: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-13]]:7: note: the failure is detected here and returned as an error, but the ERR_PTR stays stored
	// CHECK: :[[@LINE-13]]:4: note: 'link_open' returns the error here with the ERR_PTR still stored
	// CHECK: :[[@LINE-17]]:6: note: 'link_open' is a callback that may run again on the same object: then this test finds the ERR_PTR non-NULL and skips the creation
	// CHECK: :[[@LINE-7]]:3: note: on failure no thread exists to signal it, and the wait never ends
	// CHECK: :[[@LINE-8]]:3: note: likelihood: needs a failed thread creation
}

/* The subsystem calls open again on the same link after a failed open. */
struct link_ops {
	int (*open)(struct link *l);
	void (*flush)(struct link *l);
};

static const struct link_ops link_ops = {
	.open = link_open,
	.flush = link_flush,
};

/* An error path that jumps to a cleanup that stops the ERR_PTR. */
extern int port_hw_init(struct port *p);

static int port_probe_goto(struct port *p)
{
	int err;

	p->rx = kthread_run(port_fn, p, "rx");
	if (IS_ERR(p->rx)) {
		err = PTR_ERR(p->rx);
		goto err_rx;
	}
	err = port_hw_init(p);
	if (err)
		goto err_rx;
	return 0;

err_rx:
	kthread_stop(p->rx);
	// CHECK: :[[@LINE-1]]:2: warning: 'p->rx' is passed to 'kthread_stop' on the path where IS_ERR() is true [kthread-unchecked-create]
	// CHECK: :[[@LINE-13]]:10: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-13]]:6: note: IS_ERR() is true on this path
	// CHECK: :[[@LINE-4]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-5]]:2: note: likelihood: needs a failed thread creation
	return err;
}

/* Per-CPU slots reached through a local pointer, tested against NULL. */
struct cpu_slot {
	struct task_struct *task;
};

static struct cpu_slot slots[4];

static int slot_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int slots_start(void)
{
	int cpu;

	for (cpu = 0; cpu < 4; cpu++) {
		struct cpu_slot *s = &slots[cpu];

		s->task = kthread_create_on_cpu(slot_fn, NULL, cpu, "slot/%u");
		if (!s->task)
		// CHECK: :[[@LINE-1]]:7: warning: 's->task' is tested for NULL, but 'kthread_create_on_cpu' returns an ERR_PTR on failure, never NULL [kthread-unchecked-create]
		// CHECK: :[[@LINE-3]]:13: note: the result of 'kthread_create_on_cpu' is stored here
		// CHECK: :[[@LINE-3]]:7: note: on failure the ERR_PTR passes this test and is later used as a task, which oopses the kernel; test it with IS_ERR()
		// CHECK: :[[@LINE-4]]:7: note: likelihood: needs a failed thread creation
			return -ENOMEM;
		wake_up_process(s->task);
	}
	return 0;
}

/* An error path into a cleanup helper that stops a copy of the field
 * whenever the field is not NULL. */
struct bmc {
	struct task_struct *thread;
	struct task_struct *poll;
	bool stopping;
};

extern int bmc_register(struct bmc *b);

static int bmc_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static void bmc_stop_thread(struct bmc *b)
{
	if (b->thread) {
		struct task_struct *t = b->thread;

		b->thread = NULL;
		b->stopping = true;
		kthread_stop(t);
	}
}

static void bmc_cleanup(struct bmc *b)
{
	bmc_stop_thread(b);
}

static int bmc_probe(struct bmc *b)
{
	int rv;

	b->thread = kthread_run(bmc_fn, b, "bmc");
	if (IS_ERR(b->thread)) {
		rv = PTR_ERR(b->thread);
		goto out_err;
	}
	rv = bmc_register(b);
	if (rv)
		goto out_err;
	return 0;

out_err:
	bmc_cleanup(b);
	// CHECK: :[[@LINE-1]]:2: warning: 'b->thread' is passed to 'bmc_cleanup', which passes it to 'kthread_stop' on the path where IS_ERR() is true [kthread-unchecked-create]
	// CHECK: :[[@LINE-26]]:3: note: 'bmc_cleanup' passes it to 'kthread_stop' here without an IS_ERR() test
	// CHECK: :[[@LINE-14]]:14: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-14]]:6: note: IS_ERR() is true on this path
	// CHECK: :[[@LINE-5]]:2: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-6]]:2: note: likelihood: needs a failed thread creation
	return rv;
}

/* Clean look-alikes. */

/* A whole test, then a test for one code to pick a message. */
static int port_start_whole(struct port *p)
{
	struct task_struct *t = kthread_create(port_fn, p, "port-rx2");

	if (IS_ERR(t)) {
		if (PTR_ERR(t) == -EINTR)
			port_log("interrupted");
		return PTR_ERR(t);
	}
	wake_up_process(t);
	p->rx = t;
	return 0;
}

/* The caller acts on the error. */
static int port_init_tx(struct port *p)
{
	p->tx = kthread_run(port_fn, p, "port-tx2");
	if (IS_ERR(p->tx))
		return PTR_ERR(p->tx);
	return 0;
}

static int port_setup_checked(struct port *p)
{
	int err = port_init_tx(p);

	if (err)
		return err;
	p->mode = 2;
	return 0;
}

static void port_teardown_tx(struct port *p)
{
	if (p->tx)
		kthread_stop(p->tx);
}

/* The same guard in a step that runs once per ring: a failure fails the
 * probe, which frees the ring. */
struct ring {
	struct task_struct *worker;
	struct completion done;
};

static int ring_start(struct ring *r)
{
	if (r->worker)
		return 0;
	r->worker = kthread_run(link_fn, r, "ring");
	if (IS_ERR(r->worker))
		return PTR_ERR(r->worker);
	return 0;
}

static void ring_stop(struct ring *r)
{
	if (r->worker)
		kthread_stop(r->worker);
	r->worker = NULL;
}

static struct ring *ring_probe(void)
{
	struct ring *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	init_completion(&r->done);
	if (ring_start(r)) {
		kfree(r);
		return NULL;
	}
	return r;
}

static void ring_remove(struct ring *r)
{
	ring_stop(r);
	kfree(r);
}

/* The error is returned, and the field cleared first. */
static int link_open_cleared(struct link *l)
{
	if (!l->worker) {
		l->worker = kthread_run(link_fn, l, "link2");
		if (IS_ERR(l->worker)) {
			int err = PTR_ERR(l->worker);

			l->worker = NULL;
			return err;
		}
	}
	return 0;
}

/* The same cleanup after the field was cleared on failure. */
static int bmc_probe_cleared(struct bmc *b)
{
	int rv;

	b->thread = kthread_run(bmc_fn, b, "bmc2");
	if (IS_ERR(b->thread)) {
		rv = PTR_ERR(b->thread);
		b->thread = NULL;
		goto out_err;
	}
	rv = bmc_register(b);
	if (rv)
		goto out_err;
	return 0;

out_err:
	bmc_cleanup(b);
	return rv;
}

/* A cleanup helper that tests with IS_ERR_OR_NULL(). */
static void bmc_stop_poll(struct bmc *b)
{
	if (!IS_ERR_OR_NULL(b->poll))
		kthread_stop(b->poll);
	b->poll = NULL;
}

static int bmc_probe_poll(struct bmc *b)
{
	int rv;

	b->poll = kthread_run(bmc_fn, b, "bmc-poll");
	if (IS_ERR(b->poll)) {
		rv = PTR_ERR(b->poll);
		goto out_err;
	}
	rv = bmc_register(b);
	if (rv)
		goto out_err;
	return 0;

out_err:
	bmc_stop_poll(b);
	return rv;
}

/* An exported function that the first client's call makes start the
 * thread (stratix10-svc in 6.1): its error return leaves the ERR_PTR, and
 * the next client's call finds the field non-NULL and goes on. */
struct svc {
	struct task_struct *task;
};

static int svc_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

int svc_send(struct svc *c)
{
	if (!c->task) {
		c->task = kthread_create(svc_fn, c, "svc");
		if (IS_ERR(c->task))
			return -EINVAL;
		wake_up_process(c->task);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(svc_send);

void svc_done(struct svc *c)
{
	if (c->task) {
		kthread_stop(c->task);
		// CHECK: :[[@LINE-1]]:3: warning: 'c->task' is passed to 'kthread_stop', but may still hold the ERR_PTR of a failed 'kthread_create' [kthread-unchecked-create]
		// CHECK: :[[@LINE-3]]:6: note: a NULL test does not catch an ERR_PTR
		// CHECK: :[[@LINE-15]]:13: note: the result of 'kthread_create' is stored here
		// CHECK: :[[@LINE-15]]:7: note: the failure is detected here and returned as an error, but the ERR_PTR stays stored
		// CHECK: :[[@LINE-15]]:4: note: 'svc_send' returns the error here with the ERR_PTR still stored
		// CHECK: :[[@LINE-19]]:6: note: 'svc_send' is exported to other modules, which may call it again on the same object: then this test finds the ERR_PTR non-NULL and skips the creation
		// CHECK: :[[@LINE-7]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
		// CHECK: :[[@LINE-8]]:3: note: likelihood: needs a failed thread creation
		c->task = NULL;
	}
}
EXPORT_SYMBOL_GPL(svc_done);

/* Clean: the exported start clears the field on failure. */
struct svc2 {
	struct task_struct *task;
};

int svc2_send(struct svc2 *c)
{
	if (!c->task) {
		c->task = kthread_create(svc_fn, c, "svc2");
		if (IS_ERR(c->task)) {
			c->task = NULL;
			return -EINVAL;
		}
		wake_up_process(c->task);
	}
	return 0;
}
EXPORT_SYMBOL(svc2_send);

void svc2_done(struct svc2 *c)
{
	if (c->task) {
		kthread_stop(c->task);
		c->task = NULL;
	}
}
EXPORT_SYMBOL(svc2_done);

/* Clean: the same start, neither exported nor a callback, runs once per
 * object, whose owner tears it down on the error. */
struct svc3 {
	struct task_struct *task;
};

static int svc3_start(struct svc3 *c)
{
	if (!c->task) {
		c->task = kthread_create(svc_fn, c, "svc3");
		if (IS_ERR(c->task))
			return -EINVAL;
		wake_up_process(c->task);
	}
	return 0;
}

static void svc3_done(struct svc3 *c)
{
	if (c->task) {
		kthread_stop(c->task);
		c->task = NULL;
	}
}

int svc3_probe(struct svc3 *c)
{
	int err = svc3_start(c);

	if (err)
		return err;
	svc3_done(c);
	return 0;
}
