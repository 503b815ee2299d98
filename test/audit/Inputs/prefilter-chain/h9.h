/* The end of the chain: a driver's wrapper around kthread_run(). */
#pragma once
#include <linux/kthread.h>
#define CHAIN_START(fn, data) kthread_run(fn, data, "chain")
