// Runtime-model scenario of test/checks/kthread-stop-deadlock/modes.c: the
// thread runs in the mode the stopper's path needs (per-CPU for
// sampler_stop(), round-robin for the others; the ops table's stop in
// round-robin mode too, as a caller the file cannot see may), sleeps, and
// is stopped. Only the round-robin thread takes the lock. The estimators
// 1 to 3 never lock, and est_stop_others() stops only them.
//
// RUN: %model_agree %s

#define IN_MODE(name, m, call)                                                 \
	MODEL_SCENARIO(name)                                                   \
	{                                                                      \
		model_explore_faults(0);                                       \
		sampler.mode = (m);                                            \
		sampler_start();                                               \
		model_run_for(HZ / 2);                                         \
		call;                                                          \
		model_teardown(sampler.thread);                                \
	}

IN_MODE(per_cpu_stop, MODE_PER_CPU, sampler_stop())
IN_MODE(single_stop, MODE_ROUND_ROBIN, sampler_stop_single())
IN_MODE(per_cpu_caller, MODE_PER_CPU, sampler_stop_percpu())
IN_MODE(ops_stop, MODE_ROUND_ROBIN, ops.stop())

MODEL_SCENARIO(estimators)
{
	int i;
	model_explore_faults(0);
	for (i = 0; i < 4; i++)
		est_start(i);
	model_run_for(HZ / 2);
	est_stop_others();
	model_teardown(estimators[0].task);
}
