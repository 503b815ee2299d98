// Runtime-model scenario of test/checks/kthread-thread-leak/shapes.c: each
// probe runs with its IRQ setup, connect and mode varying, then the devm
// release; a good probe's thread is stopped as remove would. Only eth5's
// thread is left running, when the connect fails before the thread has
// set its running flag.
//
// RUN: %model_agree %s

int eth_setup_irqs(struct eth *e)
{
	return model_pick(2, "eth_setup_irqs fails") ? -EIO : 0;
}

int eth_connect(struct eth *e)
{
	return model_pick(2, "eth_connect fails") ? -EIO : 0;
}

static int eth_mode_value = -1;

int eth_mode(struct eth *e)
{
	if (eth_mode_value < 0)
		eth_mode_value = model_pick(3, "eth_mode");
	return eth_mode_value;
}

static struct platform_device pdev;

static void remove_all(void)
{
	struct eth *e = pdev.dev.driver_data;
	int i;

	if (e && e->poll && !IS_ERR(e->poll))
		kthread_stop(e->poll);
	if (eth3_global)
		kthread_stop(eth3_global);
	for (i = 0; i < 4; i++)
		if (eth6_threads[i] && !IS_ERR(eth6_threads[i]))
			kthread_stop(eth6_threads[i]);
}

#define PROBE(probe)                                                           \
	MODEL_SCENARIO(probe)                                                  \
	{                                                                      \
		model_explore_faults(0);                                       \
		pdev = (struct platform_device){ 0 };                          \
		eth_mode_value = -1;                                           \
		if (probe(&pdev) == 0) {                                       \
			model_run_for(HZ);                                     \
			remove_all();                                          \
		}                                                              \
		model_devm_release();                                          \
	}

PROBE(eth_probe)
PROBE(eth2_probe)
PROBE(eth3_probe)
PROBE(eth5_probe)
PROBE(eth6_probe)
PROBE(eth7_probe)

/* eth4's thread ends on its flag: after a good probe, remove sets it. */
MODEL_SCENARIO(eth4_probe)
{
	struct eth *e;

	model_explore_faults(0);
	pdev = (struct platform_device){ 0 };
	if (eth4_probe(&pdev))
		return;
	model_run_for(HZ);
	e = platform_get_drvdata(&pdev);
	WRITE_ONCE(e->exiting, true);
	wait_for_completion(&e->exited);
}
