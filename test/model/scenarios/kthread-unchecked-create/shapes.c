// Runtime-model scenario of test/checks/kthread-unchecked-create/shapes.c:
// each start, setup or open runs with its creation failing (with -ENOMEM or
// -EINTR) or not, the threads run a while, and the teardown follows.
//
// RUN: %model_agree %s

void port_log(const char *what)
{
}

int port_hw_init(struct port *p)
{
	return model_pick(2, "port_hw_init fails") ? -EIO : 0;
}

static void port_down(struct port *p)
{
	model_teardown(p->rx);
	model_teardown(p->tx);
	model_teardown(p->poll);
}

MODEL_SCENARIO(start_enomem)
{
	struct port p = { 0 };

	if (port_start_enomem(&p))
		return;
	model_run_for(HZ);
	port_down(&p);
}

MODEL_SCENARIO(start_ptr_err)
{
	struct port p = { 0 };

	if (port_start_ptr_err(&p))
		return;
	model_run_for(HZ);
	port_down(&p);
}

MODEL_SCENARIO(setup_teardown)
{
	struct port p = { 0 };

	port_setup(&p);
	model_run_for(HZ);
	port_teardown(&p);
}

/* link_open() is called on every open; the flush then waits for the
 * thread's first pass. */
MODEL_SCENARIO(link)
{
	struct link l = { 0 };

	init_completion(&l.done);
	link_open(&l);
	link_open(&l);
	model_run_for(HZ);
	link_flush(&l);
	model_teardown(l.worker);
}

MODEL_SCENARIO(probe_goto)
{
	struct port p = { 0 };

	if (port_probe_goto(&p))
		return;
	model_run_for(HZ);
	port_down(&p);
}

MODEL_SCENARIO(slots)
{
	int cpu;

	if (slots_start() == 0) {
		model_run_for(HZ);
	}
	for (cpu = 0; cpu < 4; cpu++)
		model_teardown(slots[cpu].task);
}

MODEL_SCENARIO(start_whole)
{
	struct port p = { 0 };

	if (port_start_whole(&p))
		return;
	model_run_for(HZ);
	port_down(&p);
}

MODEL_SCENARIO(setup_checked)
{
	struct port p = { 0 };

	if (port_setup_checked(&p))
		return;
	model_run_for(HZ);
	port_teardown_tx(&p);
}

MODEL_SCENARIO(link_cleared)
{
	struct link l = { 0 };

	init_completion(&l.done);
	link_open_cleared(&l);
	link_open_cleared(&l);
	model_run_for(HZ);
	if (l.worker)
		wait_for_completion(&l.done);
	model_teardown(l.worker);
}

/* A probe that frees the ring when its start fails, and a remove. */
MODEL_SCENARIO(ring)
{
	struct ring *r = ring_probe();

	if (!r)
		return;
	model_run_for(HZ);
	ring_remove(r);
}

int bmc_register(struct bmc *b)
{
	return model_pick(2, "bmc_register fails") ? -EIO : 0;
}

/* Each probe, its creation failing or not, then the remove's cleanup. */
#define BMC_PROBE(probe)                                                       \
	MODEL_SCENARIO(probe)                                                  \
	{                                                                      \
		struct bmc b = { 0 };                                          \
		if (probe(&b))                                                 \
			return;                                                \
		model_run_for(HZ);                                             \
		bmc_cleanup(&b);                                               \
		bmc_stop_poll(&b);                                             \
	}

BMC_PROBE(bmc_probe)
BMC_PROBE(bmc_probe_cleared)
BMC_PROBE(bmc_probe_poll)

/* Two clients of the exported service, the first one's creation failing or
 * not, then the last one's done. */
MODEL_SCENARIO(svc)
{
	struct svc c = { 0 };

	svc_send(&c);
	svc_send(&c);
	model_run_for(HZ);
	svc_done(&c);
}

MODEL_SCENARIO(svc2)
{
	struct svc2 c = { 0 };

	svc2_send(&c);
	svc2_send(&c);
	model_run_for(HZ);
	svc2_done(&c);
}

MODEL_SCENARIO(svc3)
{
	struct svc3 c = { 0 };

	svc3_probe(&c);
}
