// Clean code reduced from Linux 6.1 drivers on which an earlier version of
// the check was wrong. Each function names its origin.
//
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %imitation_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-unchecked-create' %s -- %kernel_flags \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

static int worker_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* drivers/bluetooth/btmrvl_main.c: a pointer-returning function returns NULL
 * on failure; NULL is not "success", so the field is not left poisoned. */

struct service {
	struct task_struct *task;
};

static struct service *service_add(void)
{
	struct service *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->task = kthread_run(worker_fn, s, "service");
	if (IS_ERR(s->task))
		goto err_thread;
	return s;

err_thread:
	kfree(s);
	return NULL;
}

static void service_remove(struct service *s)
{
	kthread_stop(s->task);
}

/* drivers/dma-buf/st-dma-fence-chain.c, drivers/md/bcache/btree.c: after a
 * failed creation the loop bound or the index moves, so t[i] in the stop loop
 * is another element than the failed one. */

static int race_all(int ncpus)
{
	struct task_struct **threads;
	int i, err = 0;

	threads = kmalloc(ncpus * sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	for (i = 0; i < ncpus; i++) {
		threads[i] = kthread_run(worker_fn, NULL, "race/%d", i);
		if (IS_ERR(threads[i])) {
			ncpus = i;
			break;
		}
		get_task_struct(threads[i]);
	}
	for (i = 0; i < ncpus; i++) {
		err |= kthread_stop(threads[i]);
		put_task_struct(threads[i]);
	}
	kfree(threads);
	return err;
}

struct check_info {
	struct task_struct *thread;
};

static int check_all(struct check_info *infos, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		infos[i].thread = kthread_run(worker_fn, &infos[i], "chk[%d]", i);
		if (IS_ERR(infos[i].thread)) {
			for (--i; i >= 0; i--)
				kthread_stop(infos[i].thread);
			return -ENOMEM;
		}
	}
	return 0;
}

/* drivers/macintosh/therm_adt746x.c: a comparison with ERR_PTR(-ENOMEM)
 * catches one failure only. kthread_run() also fails with -EINTR when the
 * prober is killed; probe then returns 0 with the ERR_PTR stored, and remove
 * stops it. (Reported since the fact model; an earlier version took the
 * comparison for a whole test.) */

struct thermostat {
	struct task_struct *thread;
};

static int thermostat_probe(struct thermostat *th)
{
	th->thread = kthread_run(worker_fn, th, "kfand");
	if (th->thread == ERR_PTR(-ENOMEM)) {
		th->thread = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void thermostat_remove(struct thermostat *th)
{
	if (th->thread != NULL)
		kthread_stop(th->thread);
	// CHECK: :[[@LINE-1]]:3: warning: 'th->thread' is passed to 'kthread_stop', but may still hold the ERR_PTR of a failed 'kthread_run' [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:6: note: a NULL test does not catch an ERR_PTR
	// CHECK: :[[@LINE-13]]:6: note: this test catches one error code only; a creation fails with -ENOMEM or, when the creating task is killed, -EINTR
	// CHECK: :[[@LINE-15]]:15: note: the result of 'kthread_run' is stored here
	// CHECK: :[[@LINE-11]]:2: note: 'thermostat_probe' returns success here with the ERR_PTR still stored
	// CHECK: :[[@LINE-6]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-7]]:3: note: likelihood: needs a failed thread creation
}

/* drivers/platform/surface/surface3_power.c: on the error path after a failed
 * kthread_run(), the stop is guarded by a flag that only the running thread
 * sets. The driver tracks the thread's state itself. */

struct adapter {
	struct task_struct *poll_task;
	bool kthread_running;
	int notify;
};

static int adapter_setup(struct adapter *data)
{
	int error = 0;

	data->poll_task = kthread_run(worker_fn, data, "adp");
	if (IS_ERR(data->poll_task)) {
		error = PTR_ERR(data->poll_task);
		goto out_err;
	}
	if (data->notify < 0) {
		error = -EIO;
		goto out_err;
	}
	return 0;

out_err:
	if (data->kthread_running)
		kthread_stop(data->poll_task);
	return error;
}

/* The same flag test does not excuse an unguarded stop on the failure path. */
static int adapter_setup_broken(struct adapter *data)
{
	data->poll_task = kthread_run(worker_fn, data, "adp");
	if (IS_ERR(data->poll_task)) {
		kthread_stop(data->poll_task);
		// CHECK: :[[@LINE-1]]:3: warning: 'data->poll_task' is passed to 'kthread_stop' on the path where IS_ERR() is true [kthread-unchecked-create]
		// CHECK: :[[@LINE-4]]:20: note: the result of 'kthread_run' is stored here
		// CHECK: :[[@LINE-4]]:6: note: IS_ERR() is true on this path
		// CHECK: :[[@LINE-4]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
		// CHECK: :[[@LINE-5]]:3: note: likelihood: needs a failed thread creation
		return -ENOMEM;
	}
	return 0;
}

/* drivers/scsi/bfa/bfad.c: the failed creation is sent to the object's state
 * machine as an event; the machine goes back to "uninit", which the probe
 * tests before it goes on, and only the "created" state stops the task. */

struct hba;
typedef void (*hba_state_fn)(struct hba *hba, int event);

struct hba {
	struct task_struct *task;
	hba_state_fn sm;
};

enum { HBA_E_CREATE, HBA_E_CREATE_FAILED, HBA_E_STOP };

#define hba_send_event(hba, event) ((hba)->sm((hba), (event)))

static void hba_sm_uninit(struct hba *hba, int event);

static void hba_sm_created(struct hba *hba, int event)
{
	if (event == HBA_E_STOP) {
		kthread_stop(hba->task);
		hba->task = NULL;
		hba->sm = hba_sm_uninit;
	}
}

static void hba_sm_uninit(struct hba *hba, int event)
{
	switch (event) {
	case HBA_E_CREATE:
		hba->task = kthread_create(worker_fn, hba, "hba");
		if (IS_ERR(hba->task)) {
			hba_send_event(hba, HBA_E_CREATE_FAILED);
			break;
		}
		hba->sm = hba_sm_created;
		break;
	case HBA_E_CREATE_FAILED:
		hba->sm = hba_sm_uninit;
		break;
	}
}

static int hba_probe(struct hba *hba)
{
	hba->sm = hba_sm_uninit;
	hba_send_event(hba, HBA_E_CREATE);
	if (hba->sm == hba_sm_uninit)
		return -ENODEV;
	wake_up_process(hba->task);
	return 0;
}

static void hba_remove(struct hba *hba)
{
	hba_send_event(hba, HBA_E_STOP);
}

/* Telling another object about the failure leaves the ERR_PTR in the field,
 * and the teardown stops it. */

struct hba_notifier {
	void (*failed)(struct hba_notifier *n);
};

struct hba_plain {
	struct task_struct *task;
	struct hba_notifier *notifier;
};

static void hba_plain_start(struct hba_plain *hba)
{
	hba->task = kthread_create(worker_fn, hba, "hba");
	if (IS_ERR(hba->task)) {
		hba->notifier->failed(hba->notifier);
		return;
	}
	wake_up_process(hba->task);
}

static void hba_plain_remove(struct hba_plain *hba)
{
	if (hba->task)
		kthread_stop(hba->task);
	// CHECK: :[[@LINE-1]]:3: warning: 'hba->task' is passed to 'kthread_stop', but may still hold the ERR_PTR of a failed 'kthread_create' [kthread-unchecked-create]
	// CHECK: :[[@LINE-3]]:6: note: a NULL test does not catch an ERR_PTR
	// CHECK: :[[@LINE-14]]:14: note: the result of 'kthread_create' is stored here
	// CHECK: :[[@LINE-14]]:6: note: the failure is detected here, but the ERR_PTR is neither cleared nor returned as an error
	// CHECK: :[[@LINE-13]]:3: note: 'hba_plain_start' returns success here with the ERR_PTR still stored
	// CHECK: :[[@LINE-6]]:3: note: on failure the kernel uses the ERR_PTR as a task and oopses
	// CHECK: :[[@LINE-7]]:3: note: likelihood: needs a failed thread creation
}
