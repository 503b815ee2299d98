// Runtime-model scenario of test/checks/kthread-double-stop/reductions-6.1.c:
// each teardown runs on structures whose threads are running.
//
// RUN: %model_agree %s

MODEL_SCENARIO(blkif)
{
	struct blkif b = { 0 };
	int i;

	model_explore_faults(0);
	b.nr_rings = 4;
	for (i = 0; i < 4; i++)
		b.rings[i].xenblkd = kthread_run(model_stop_waiter, NULL, "blk/%d", i);
	blkif_stop_rings(&b, b.nr_rings);
}

MODEL_SCENARIO(vdevs)
{
	struct vdev devs[4] = { 0 };
	int i;

	model_explore_faults(0);
	for (i = 0; i < 4; i++) {
		vdevs[i] = &devs[i];
		if (i != 2)
			devs[i].kthread_cec = kthread_run(model_stop_waiter, NULL, "cec/%d", i);
	}
	vdev_remove_all();
}

MODEL_SCENARIO(hba)
{
	struct hba h = { 0 };

	model_explore_faults(0);
	h.worker_thread = kthread_run(model_stop_waiter, NULL, "lpfc_worker");
	hba_remove(&h);
}
