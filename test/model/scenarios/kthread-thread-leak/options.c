// Runtime-model scenario of test/checks/kthread-thread-leak/options.c. By
// default the wrappers are what the check takes them for without the
// options: calls that start and stop nothing. In the variant whose options
// name them, drv_run_thread() creates and wakes, drv_halt() stops; a failed
// drv_hw_init() then leaves drv_probe()'s thread running, while
// drv2_probe() stops it. drv3_probe(), silenced with NOLINT, is not run.
//
// MODEL-VARIANT: options: -config="{CheckOptions: {RunFunctions: 'drv_run_thread', kthread-thread-leak.StopFunctions: 'drv_halt'}}"
// RUN: %model_agree %s

struct task_struct *drv_run_thread(int (*fn)(void *), void *data)
{
#ifdef MODEL_VARIANT_options
	return kthread_run(fn, data, "drv");
#else
	return NULL;
#endif
}

void drv_halt(struct task_struct *t)
{
#ifdef MODEL_VARIANT_options
	kthread_stop(t);
#endif
}

int drv_hw_init(struct drv *d)
{
	return model_pick(2, "drv_hw_init fails") ? -EIO : 0;
}

#define PROBE(probe)                                                           \
	MODEL_SCENARIO(probe)                                                  \
	{                                                                      \
		static struct platform_device pdev;                            \
		struct drv *d;                                                 \
		model_explore_faults(0);                                       \
		pdev = (struct platform_device){ 0 };                          \
		if (probe(&pdev) == 0) {                                       \
			d = platform_get_drvdata(&pdev);                       \
			model_run_for(HZ);                                     \
			if (d && d->thread)                                    \
				drv_halt(d->thread);                           \
		}                                                              \
		model_devm_release();                                          \
	}

PROBE(drv_probe)
PROBE(drv2_probe)
