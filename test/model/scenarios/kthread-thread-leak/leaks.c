// Runtime-model scenario of test/checks/kthread-thread-leak/leaks.c: each
// probe, open or init runs with the call after its thread started failing
// or not; a failed probe releases the device's devm actions, a good one is
// removed; the module's exit follows a good init. A thread still running
// when the scenario ends, stopped by nothing, is "thread-leak": it outlives
// its device or its module.
//
// RUN: %model_agree %s

int chip_register(struct chip *c)
{
	return model_pick(2, "chip_register fails") ? -EIO : 0;
}

void chip_unregister(struct chip *c)
{
}

int mod_register(void)
{
	return model_pick(2, "mod_register fails") ? -EBUSY : 0;
}

void mod_unregister(void)
{
}

#define PROBE(probe, remove)                                                   \
	MODEL_SCENARIO(probe)                                                  \
	{                                                                      \
		static struct platform_device pdev;                            \
		if (probe(&pdev) == 0) {                                       \
			model_run_for(HZ);                                     \
			remove(&pdev);                                         \
		}                                                              \
		model_devm_release();                                          \
	}

static int no_remove(struct platform_device *pdev)
{
	return 0;
}

PROBE(chip_probe, chip_remove)
PROBE(chip2_probe, chip_remove)
PROBE(chip3_probe, chip_remove)
PROBE(chip4_probe, no_remove)
PROBE(chip5_probe, chip_remove)
PROBE(sampler_probe, sampler_remove)
PROBE(meter_probe, meter_remove)

/* relay.c's other file keeps the task it is given, and stops it when its
 * own teardown comes. */
static struct task_struct *adopted;

void relay_adopt(struct task_struct *t)
{
	adopted = t;
}

MODEL_SCENARIO(relay_probe)
{
	static struct platform_device pdev;

	if (relay_probe(&pdev) == 0) {
		model_run_for(HZ);
		relay_remove(&pdev);
		model_teardown(adopted);
	}
	model_devm_release();
}

/* The loader's work is done before the unbind: its thread has ended. */
MODEL_SCENARIO(loader_probe)
{
	static struct platform_device pdev;
	struct loader *l;

	if (loader_probe(&pdev) == 0) {
		l = platform_get_drvdata(&pdev);
		l->done = 1;
		model_run_for(HZ);
		loader_remove(&pdev);
	}
	model_devm_release();
}

/* The IRQ request fails when the model says so. */
#define OPEN(open)                                                             \
	MODEL_SCENARIO(open)                                                   \
	{                                                                      \
		static struct port p;                                          \
		p.irq = 7;                                                     \
		if (open(&p))                                                  \
			return;                                                \
		model_run_for(HZ);                                             \
		port_close(&p);                                                \
	}

OPEN(port_open)
OPEN(port2_open)

MODEL_SCENARIO(module)
{
	if (mod_init())
		return;
	model_run_for(HZ);
	mod_exit();
}
