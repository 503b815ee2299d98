// kthread-thread-leak: a thread that a failed probe, open or module init
// leaves running, and a module's thread that nothing stops; each beside a
// clean look-alike (stopped on the error path, by a helper, by a devm
// action; not yet woken; failed to start; stopped by the exit).
//
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-thread-leak' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/err.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct chip {
	struct task_struct *task;
	int irq;
};

extern int chip_register(struct chip *c);
extern void chip_unregister(struct chip *c);

static int chip_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* The register fails after the thread started: nothing stops it, and the
 * chip it uses is freed. */
static int chip_probe(struct platform_device *pdev)
{
	struct chip *c = kzalloc(sizeof(*c), GFP_KERNEL);
	int ret;

	if (!c)
		return -ENOMEM;
	c->task = kthread_run(chip_fn, c, "chip");
	if (IS_ERR(c->task)) {
		ret = PTR_ERR(c->task);
		goto out_free;
	}
	ret = chip_register(c);
	if (ret)
		goto out_free;
	platform_set_drvdata(pdev, c);
	return 0;

out_free:
	kfree(c);
	return ret;
	// CHECK: :[[@LINE-1]]:2: warning: 'chip_probe' returns an error with the thread it started in 'c->task' still running [kthread-thread-leak]
	// CHECK: :[[@LINE-15]]:12: note: 'kthread_run' starts the thread here
	// CHECK: :[[@LINE-10]]:2: note: the error is detected here, and no stop follows
	// CHECK: :[[@LINE-5]]:2: note: 'kfree' frees the data the thread uses while it runs
	// CHECK: :[[@LINE-5]]:2: note: after a failed probe nothing calls remove: the thread keeps running on the device data
	// CHECK: :[[@LINE-6]]:2: note: stop it (kthread_stop()) on the error path before returning
	// CHECK: :[[@LINE-7]]:2: note: likelihood: needs the error path: a call after the thread started fails
}

static int chip_remove(struct platform_device *pdev)
{
	struct chip *c = platform_get_drvdata(pdev);

	chip_unregister(c);
	kthread_stop(c->task);
	kfree(c);
	return 0;
}

static struct platform_driver chip_driver = {
	.probe = chip_probe,
	.remove = chip_remove,
};

/* Clean: the error path stops the thread first. */
static int chip2_probe(struct platform_device *pdev)
{
	struct chip *c = kzalloc(sizeof(*c), GFP_KERNEL);
	int ret;

	if (!c)
		return -ENOMEM;
	c->task = kthread_run(chip_fn, c, "chip2");
	if (IS_ERR(c->task)) {
		ret = PTR_ERR(c->task);
		goto out_free;
	}
	ret = chip_register(c);
	if (ret)
		goto out_stop;
	platform_set_drvdata(pdev, c);
	return 0;

out_stop:
	kthread_stop(c->task);
out_free:
	kfree(c);
	return ret;
}

/* Clean: a helper stops it. */
static void chip3_teardown(struct chip *c)
{
	kthread_stop(c->task);
	kfree(c);
}

static int chip3_probe(struct platform_device *pdev)
{
	struct chip *c = kzalloc(sizeof(*c), GFP_KERNEL);
	int ret;

	if (!c)
		return -ENOMEM;
	c->task = kthread_run(chip_fn, c, "chip3");
	if (IS_ERR(c->task)) {
		kfree(c);
		return PTR_ERR(c->task);
	}
	ret = chip_register(c);
	if (ret) {
		chip3_teardown(c);
		return ret;
	}
	platform_set_drvdata(pdev, c);
	return 0;
}

/* Clean: a devm action stops it when the device goes, also after a failed
 * probe. */
static void chip4_stop(void *data)
{
	struct chip *c = data;

	kthread_stop(c->task);
}

static int chip4_probe(struct platform_device *pdev)
{
	struct chip *c = devm_kzalloc(&pdev->dev, sizeof(*c), GFP_KERNEL);
	int ret;

	if (!c)
		return -ENOMEM;
	c->task = kthread_run(chip_fn, c, "chip4");
	if (IS_ERR(c->task))
		return PTR_ERR(c->task);
	ret = devm_add_action_or_reset(&pdev->dev, chip4_stop, c);
	if (ret)
		return ret;
	ret = chip_register(c);
	if (ret)
		return ret;
	return 0;
}

/* Clean: created asleep and woken only once the register succeeded. */
static int chip5_probe(struct platform_device *pdev)
{
	struct chip *c = devm_kzalloc(&pdev->dev, sizeof(*c), GFP_KERNEL);
	int ret;

	if (!c)
		return -ENOMEM;
	c->task = kthread_create(chip_fn, c, "chip5");
	if (IS_ERR(c->task))
		return PTR_ERR(c->task);
	ret = chip_register(c);
	if (ret)
		return ret;
	wake_up_process(c->task);
	return 0;
}

static struct platform_driver chip_drivers[] = {
	{ .probe = chip2_probe, .remove = chip_remove },
	{ .probe = chip3_probe, .remove = chip_remove },
	{ .probe = chip4_probe },
	{ .probe = chip5_probe, .remove = chip_remove },
};

/* An open that fails on its IRQ after starting the thread (qca_spi's shape
 * without its kthread_stop()). */
struct port {
	struct task_struct *task;
	int irq;
};

static irqreturn_t port_irq(int irq, void *data)
{
	struct port *p = data;

	wake_up_process(p->task);
	return IRQ_HANDLED;
}

static int port_open(struct port *p)
{
	int ret;

	p->task = kthread_run(chip_fn, p, "port");
	if (IS_ERR(p->task))
		return PTR_ERR(p->task);
	ret = request_irq(p->irq, port_irq, 0, "port", p);
	if (ret) {
		p->task = NULL;
		return ret;
		// CHECK: :[[@LINE-1]]:3: warning: 'port_open' returns an error with the thread it started in 'p->task' still running [kthread-thread-leak]
		// CHECK: :[[@LINE-8]]:12: note: 'kthread_run' starts the thread here
		// CHECK: :[[@LINE-5]]:2: note: the error is detected here, and no stop follows
		// CHECK: :[[@LINE-4]]:3: note: after a failed open nothing calls close: the thread keeps running, and the next open starts another
		// CHECK: :[[@LINE-5]]:3: note: stop it (kthread_stop()) on the error path before returning
		// CHECK: :[[@LINE-6]]:3: note: likelihood: needs the error path: a call after the thread started fails
	}
	return 0;
}

/* Clean: qca_spi's own shape, the thread stopped when the IRQ fails. */
static int port2_open(struct port *p)
{
	int ret;

	p->task = kthread_run(chip_fn, p, "port2");
	if (IS_ERR(p->task))
		return PTR_ERR(p->task);
	ret = request_irq(p->irq, port_irq, 0, "port2", p);
	if (ret) {
		kthread_stop(p->task);
		return ret;
	}
	return 0;
}

static int port_close(struct port *p)
{
	free_irq(p->irq, p);
	kthread_stop(p->task);
	p->task = NULL;
	return 0;
}

struct port_ops {
	int (*open)(struct port *p);
	int (*close)(struct port *p);
};

static const struct port_ops port_ops[] = {
	{ .open = port_open, .close = port_close },
	{ .open = port2_open, .close = port_close },
};

/* A module's init that fails after its thread started, and a thread no
 * function of the module stops although it has an exit. */
static struct task_struct *mod_task, *mod_poller;

extern int mod_register(void);
extern void mod_unregister(void);

static int mod_poll_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int __init mod_init(void)
{
	int err;

	mod_task = kthread_run(chip_fn, NULL, "mod");
	if (IS_ERR(mod_task))
		return PTR_ERR(mod_task);
	err = mod_register();
	if (err < 0)
		return err;
		// CHECK: :[[@LINE-1]]:3: warning: 'mod_init' returns an error with the thread it started in 'mod_task' still running [kthread-thread-leak]
		// CHECK: :[[@LINE-7]]:13: note: 'kthread_run' starts the thread here
		// CHECK: :[[@LINE-4]]:2: note: the error is detected here, and no stop follows
		// CHECK: :[[@LINE-4]]:3: note: a module whose init fails is unloaded without its exit: the thread keeps running in the freed module text
		// CHECK: :[[@LINE-5]]:3: note: stop it (kthread_stop()) on the error path before returning
		// CHECK: :[[@LINE-6]]:3: note: likelihood: needs the error path: a call after the thread started fails
	mod_poller = kthread_run(mod_poll_fn, NULL, "mod-poll");
	// CHECK: :[[@LINE-1]]:15: warning: the thread 'kthread_run' starts in 'mod_init' is never stopped: it loops until kthread_should_stop(), which nothing makes true [kthread-thread-leak]
	// CHECK: :[[@LINE+11]]:20: note: the module's exit 'mod_exit' returns with it running: after the unload it runs in the freed module text
	// CHECK: :[[@LINE+10]]:20: note: stop 'mod_poller' with kthread_stop() in 'mod_exit'
	// CHECK: :[[@LINE-4]]:15: note: likelihood: certain on any run that takes this path
	if (IS_ERR(mod_poller)) {
		mod_unregister();
		kthread_stop(mod_task);
		return PTR_ERR(mod_poller);
	}
	return 0;
}

static void __exit mod_exit(void)
{
	mod_unregister();
	kthread_stop(mod_task);
}

module_init(mod_init);
module_exit(mod_exit);
MODULE_LICENSE("GPL");

/* A probe's thread, kept in the file's own struct, that remove never stops
 * (only this file can reach the field): after the unbind it runs on. */
struct sampler {
	struct task_struct *task;
	int rate;
};

static int sampler_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static int sampler_probe(struct platform_device *pdev)
{
	struct sampler *s = devm_kzalloc(&pdev->dev, sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->task = kthread_run(sampler_fn, s, "sampler");
	// CHECK: :[[@LINE-1]]:12: warning: the thread 'kthread_run' starts in 'sampler_probe' is never stopped: it loops until kthread_should_stop(), which nothing makes true [kthread-thread-leak]
	// CHECK: :[[@LINE+9]]:12: note: the driver's remove 'sampler_remove' returns with it running: after the unbind it runs on the device data and in the driver's text
	// CHECK: :[[@LINE+8]]:12: note: stop 's->task' with kthread_stop() in 'sampler_remove'
	// CHECK: :[[@LINE-4]]:12: note: likelihood: certain on any run that takes this path
	if (IS_ERR(s->task))
		return PTR_ERR(s->task);
	platform_set_drvdata(pdev, s);
	return 0;
}

static int sampler_remove(struct platform_device *pdev)
{
	struct sampler *s = platform_get_drvdata(pdev);

	s->rate = 0;
	return 0;
}

static struct platform_driver sampler_driver = {
	.probe = sampler_probe,
	.remove = sampler_remove,
};

/* Clean: the remove stops it. */
struct meter {
	struct task_struct *task;
};

static int meter_probe(struct platform_device *pdev)
{
	struct meter *m = devm_kzalloc(&pdev->dev, sizeof(*m), GFP_KERNEL);

	if (!m)
		return -ENOMEM;
	m->task = kthread_run(sampler_fn, m, "meter");
	if (IS_ERR(m->task))
		return PTR_ERR(m->task);
	platform_set_drvdata(pdev, m);
	return 0;
}

static int meter_remove(struct platform_device *pdev)
{
	struct meter *m = platform_get_drvdata(pdev);

	kthread_stop(m->task);
	return 0;
}

static struct platform_driver meter_driver = {
	.probe = meter_probe,
	.remove = meter_remove,
};

/* Clean: the task goes to another file's code, which may stop it. */
struct relay {
	struct task_struct *task;
};

extern void relay_adopt(struct task_struct *t);

static int relay_probe(struct platform_device *pdev)
{
	struct relay *r = devm_kzalloc(&pdev->dev, sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	r->task = kthread_run(sampler_fn, r, "relay");
	if (IS_ERR(r->task))
		return PTR_ERR(r->task);
	relay_adopt(r->task);
	platform_set_drvdata(pdev, r);
	return 0;
}

static int relay_remove(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver relay_driver = {
	.probe = relay_probe,
	.remove = relay_remove,
};

/* Clean: the thread ends by itself once its work is done. */
struct loader {
	struct task_struct *task;
	int done;
};

static int loader_fn(void *data)
{
	struct loader *l = data;

	while (!kthread_should_stop()) {
		if (l->done)
			return 0;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

static int loader_probe(struct platform_device *pdev)
{
	struct loader *l = devm_kzalloc(&pdev->dev, sizeof(*l), GFP_KERNEL);

	if (!l)
		return -ENOMEM;
	l->task = kthread_run(loader_fn, l, "loader");
	if (IS_ERR(l->task))
		return PTR_ERR(l->task);
	platform_set_drvdata(pdev, l);
	return 0;
}

static int loader_remove(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver loader_driver = {
	.probe = loader_probe,
	.remove = loader_remove,
};
