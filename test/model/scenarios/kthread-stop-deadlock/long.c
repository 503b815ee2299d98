// Runtime-model scenario of test/checks/kthread-stop-deadlock/long.c: each
// reconfiguration runs with every setting given, against the poller asleep
// in its one-second period. The stop ends the sleep and the thread goes for
// the lock the reconfiguration holds ("stop-deadlock"), unless the lock is
// dropped before the stop. The fresh board fails with no thread created,
// and its helper stops nothing.
//
// RUN: %model_agree %s

static const struct board_cfg every_setting = {
	.speed = 1, .duplex = 1, .mtu = 1, .irq_coalesce = 1, .rx_ring = 1,
	.tx_ring = 1, .rx_buf = 1, .tx_buf = 1, .vlan = 1, .flow = 1, .wol =
	1, .led = 1, .pause = 1, .eee = 1, .fec = 1, .lanes = 1
};

#define ASLEEP(reconfigure)                                                    \
	MODEL_SCENARIO(reconfigure)                                            \
	{                                                                      \
		static struct board b;                                         \
		model_explore_faults(0);                                       \
		model_explore_preemptions(1);                                  \
		mutex_init(&b.lock);                                           \
		board_start(&b);                                               \
		model_run_for(HZ / 2);                                         \
		reconfigure(&b, &every_setting);                               \
		model_teardown(b.poller);                                      \
	}

ASLEEP(board_reconfigure)
ASLEEP(board_reconfigure_unlocked)

MODEL_SCENARIO(board_create)
{
	struct board_cfg too_many_lanes = every_setting;

	model_explore_faults(1);
	too_many_lanes.lanes = 9;
	kfree(board_create(&too_many_lanes));
}
