// Runtime-model scenario of test/checks/kthread-unchecked-create/helpers.c:
// each open function on a fresh port, with its creation failing or not; the
// port is closed afterwards.
//
// RUN: %model_agree %s

#define OPEN(fn)                                                               \
	MODEL_SCENARIO(fn)                                                     \
	{                                                                      \
		struct port p = { 0 };                                         \
		p.index = 1;                                                   \
		fn(&p);                                                        \
		model_run_for(HZ);                                             \
		model_teardown(p.rx);                                          \
	}

OPEN(port_open_null)
OPEN(port_open_unchecked)
OPEN(port_open_checked_by_helper)
OPEN(port_open_checked)
OPEN(port_open_kicked)
