// Runtime-model scenario of test/checks/kthread-unchecked-create/reductions-6.1.c:
// each reduced driver's setup with its creations and allocations failing or
// not, then its teardown when the setup succeeded.
//
// RUN: %model_agree %s

MODEL_SCENARIO(service)
{
	struct service *s = service_add();

	if (!s)
		return;
	model_run_for(HZ);
	service_remove(s);
}

MODEL_SCENARIO(race_all)
{
	race_all(3);
}

MODEL_SCENARIO(check_all)
{
	struct check_info infos[3] = { 0 };
	int i;

	if (check_all(infos, 3))
		return;
	for (i = 0; i < 3; i++)
		kthread_stop(infos[i].thread);
}

MODEL_SCENARIO(thermostat)
{
	struct thermostat th = { 0 };

	if (thermostat_probe(&th))
		return;
	model_run_for(HZ);
	thermostat_remove(&th);
}

/* The device may report a negative notify count at probe time. */
MODEL_SCENARIO(adapter)
{
	struct adapter a = { 0 };

	a.notify = model_pick(2, "notify < 0") ? -1 : 0;
	if (adapter_setup(&a) == 0) {
		model_run_for(HZ);
		kthread_stop(a.poll_task);
	}
}

MODEL_SCENARIO(adapter_broken)
{
	struct adapter a = { 0 };

	if (adapter_setup_broken(&a) == 0) {
		model_run_for(HZ);
		kthread_stop(a.poll_task);
	}
}

MODEL_SCENARIO(hba)
{
	struct hba hba = { 0 };

	if (hba_probe(&hba))
		return;
	model_run_for(HZ);
	hba_remove(&hba);
}

static void hba_notified(struct hba_notifier *n)
{
}

MODEL_SCENARIO(hba_plain)
{
	struct hba_notifier notifier = { hba_notified };
	struct hba_plain hba = { NULL, &notifier };

	hba_plain_start(&hba);
	model_run_for(HZ);
	hba_plain_remove(&hba);
}
