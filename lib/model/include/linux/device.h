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

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#endif
