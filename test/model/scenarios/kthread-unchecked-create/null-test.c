// Runtime-model scenario of test/checks/kthread-unchecked-create/null-test.c:
// each start function with its creation failing or not; when it reports
// success, remove stops the thread or destroys the worker it stored.
//
// RUN: %model_agree %s

static void sensor_remove(struct sensor *s)
{
	if (s->poller)
		kthread_stop(s->poller);
	if (s->worker)
		kthread_destroy_worker(s->worker);
}

#define START(fn)                                                              \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		struct sensor s = { 0 };                                       \
		s.period = 1;                                                  \
		if (fn(&s) == 0) {                                             \
			model_run_for(HZ);                                     \
			sensor_remove(&s);                                     \
		}                                                              \
	}

START(start_negated)
START(start_equals_null)
START(start_positive_test)
START(start_unlikely)
START(start_null_first)
START(start_is_err)
START(start_null_or_err)
START(start_is_err_or_null)
START(start_ptr_err_or_zero)
START(start_checked_then_null_guarded)
START(unrelated_null_test)
