// Runtime-model scenario of test/checks/kthread-unchecked-create/nolint.c:
// the model finds the silenced bugs too; the agreement honours NOLINT.
//
// RUN: %model_agree %s

MODEL_SCENARIO(silenced)
{
	silenced(NULL);
	model_run_for(HZ);
}

MODEL_SCENARIO(other_check_silenced)
{
	other_check_silenced(NULL);
	model_run_for(HZ);
}
