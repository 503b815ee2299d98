/* <linux/device.h> for kthread-tidy's runtime model. */
#ifndef _MODEL_LINUX_DEVICE_H
#define _MODEL_LINUX_DEVICE_H

#include <linux/kernel.h>

struct device {
	void *driver_data;
};

#define dev_err(dev, fmt, ...) model_printk(fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) model_printk(fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) model_printk(fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) model_printk(fmt, ##__VA_ARGS__)

#define devm_kzalloc(dev, size, gfp)                                           \
	model_kmalloc((size), 1, "devm_kzalloc", MODEL_HERE)

/* devm actions, run by model_devm_release() when the scenario's device goes
 * (after remove, or after a failed probe), last added first. */
__attribute__((__unused__)) static struct {
	void (*fn)(void *);
	void *data;
} model_devm_actions[8];
__attribute__((__unused__)) static int model_devm_count;

static inline int devm_add_action(struct device *dev, void (*action)(void *),
				  void *data)
{
	model_devm_actions[model_devm_count].fn = action;
	model_devm_actions[model_devm_count++].data = data;
	return 0;
}

static inline int devm_add_action_or_reset(struct device *dev,
					   void (*action)(void *), void *data)
{
	return devm_add_action(dev, action, data);
}

static inline void model_devm_release(void)
{
	while (model_devm_count > 0) {
		--model_devm_count;
		model_devm_actions[model_devm_count].fn(
			model_devm_actions[model_devm_count].data);
	}
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#endif
