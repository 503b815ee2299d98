// Runtime-model scenario of test/checks/kthread-unchecked-create/stored-errptr.c:
// probe (or init, or start), run, remove (or exit, or stop), with every
// creation and allocation failing or not.
//
// RUN: %model_agree %s

MODEL_SCENARIO(tuner)
{
	struct platform_device pdev = { 0 };

	if (tuner_probe(&pdev))
		return;
	model_run_for(HZ);
	tuner_remove(&pdev);
}

MODEL_SCENARIO(monitor)
{
	if (monitor_init())
		return;
	model_run_for(HZ);
	monitor_exit();
}

MODEL_SCENARIO(engine)
{
	struct engine e = { 0 };

	engine_start(&e);
	model_run_for(HZ);
	engine_stop(&e);
}

MODEL_SCENARIO(fan)
{
	struct platform_device pdev = { 0 };
	struct fan *f;

	if (fan_probe(&pdev))
		return;
	model_run_for(HZ);
	f = platform_get_drvdata(&pdev);
	if (model_pick(2, "restart before remove") && fan_restart(f))
		f->guarded = NULL;
	fan_remove(&pdev);
}

int g4_attach(struct platform_device *pdev)
{
	return model_pick(2, "g4_attach fails") ? -ENODEV : 0;
}

/* Remove runs after a probe that returned 0, whatever the creation did. */
#define G4(probe, remove)                                                      \
	MODEL_SCENARIO(probe)                                                  \
	{                                                                      \
		struct platform_device pdev = { 0 };                           \
		if (probe(&pdev))                                              \
			return;                                                \
		model_run_for(HZ);                                             \
		remove(&pdev);                                                 \
	}

G4(g4_probe, g4_remove)
G4(g5_probe, g5_remove)
