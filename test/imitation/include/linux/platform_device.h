/* Imitation of <linux/platform_device.h> for kthread-tidy's tests. */
#ifndef _IMITATION_LINUX_PLATFORM_DEVICE_H
#define _IMITATION_LINUX_PLATFORM_DEVICE_H

#include <linux/device.h>

struct platform_device {
	const char *name;
	struct device dev;
};

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	int (*remove)(struct platform_device *pdev);
};

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void platform_set_drvdata(struct platform_device *pdev,
					void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

#endif
