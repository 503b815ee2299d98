// Code reduced from Linux 6.1 drivers on which an earlier version of the
// check was wrong, and the double stop it found in lpfc.
//
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %imitation_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'
// RUN: %kthread_tidy -checks='-*,kthread-double-stop' %s -- %kernel_flags \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error|note}}:'

#include <linux/kthread.h>

struct ring {
	struct task_struct *xenblkd;
};

struct blkif {
	struct ring rings[4];
	int nr_rings;
};

/* drivers/block/xen-blkback/xenbus.c: the base pointer moves to the next
 * ring before each stop, so each stop is of another task. */
static void blkif_stop_rings(struct blkif *blkif, int i)
{
	struct ring *ring;

	while (--i >= 0) {
		ring = &blkif->rings[i];
		kthread_stop(ring->xenblkd);
	}
}

/* drivers/media/test-drivers/vivid/vivid-core.c: the same, through an array
 * of device pointers. */
struct vdev {
	struct task_struct *kthread_cec;
};

static struct vdev *vdevs[4];

static void vdev_remove_all(void)
{
	struct vdev *dev;
	int i;

	for (i = 0; i < 4; i++) {
		dev = vdevs[i];
		if (dev->kthread_cec)
			kthread_stop(dev->kthread_cec);
	}
}

/* drivers/scsi/lpfc/lpfc_init.c (lpfc_pci_remove_one_s4): the HBA unset
 * stops the worker without clearing the pointer, then the resource unset
 * stops it again behind a NULL test that cannot help. */
struct hba {
	struct task_struct *worker_thread;
};

static void hba_unset(struct hba *phba)
{
	kthread_stop(phba->worker_thread);
}

static void hba_unset_resources(struct hba *phba)
{
	if (phba->worker_thread)
		kthread_stop(phba->worker_thread);
}

static void hba_remove(struct hba *phba)
{
	hba_unset(phba);
	hba_unset_resources(phba);
	// CHECK: :[[@LINE-1]]:2: warning: 'hba_unset_resources' (which calls 'kthread_stop') stops 'phba->worker_thread' again after 'hba_unset' (which calls 'kthread_stop') stopped it [kthread-double-stop]
	// CHECK: :[[@LINE-3]]:2: note: the first stop returns once the thread has exited, and its task_struct may then be freed
	// CHECK: :[[@LINE-15]]:2: note: 'hba_unset' stops it here
	// CHECK: :[[@LINE-10]]:3: note: 'hba_unset_resources' stops it again here
	// CHECK: :[[@LINE-5]]:2: note: so this stop may use the freed task_struct: a use-after-free
	// CHECK: :[[@LINE-6]]:2: note: likelihood: certain on any run that takes this path
}
