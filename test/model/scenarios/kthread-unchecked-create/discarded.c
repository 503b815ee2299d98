// Runtime-model scenario of test/checks/kthread-unchecked-create/discarded.c.
// What is left when the module goes away shows the discarded handles:
// threads never woken, workers never destroyed.
//
// RUN: %model_agree %s

MODEL_SCENARIO(spawn)
{
	spawn(NULL);
}

MODEL_SCENARIO(fire_and_forget)
{
	fire_and_forget(NULL);
	model_run_for(HZ);
}

MODEL_SCENARIO(keep)
{
	keep(NULL);
	model_run_for(HZ);
}
