// SPDX-License-Identifier: GPL-2.0-only
/* starve_comm — BROKEN on purpose (self-test of the starvation probe).
 *
 * Why: the suite is worth the bugs it catches. This scheduler has one seeded
 * defect and `make check` asserts that the starvation probe reports it.
 *
 * Policy: a global FIFO like `simple`. Seeded defect: tasks whose comm is
 * starve_comm (default "scxb-lowprio", the starvation probe's low-weight
 * task) are parked in a DSQ that no CPU ever consumes, so they never run —
 * until the watchdog (30 s here) ejects the scheduler.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("BROKEN (self-test): never dispatches tasks whose comm is starve_comm", 0);

#define PARK_DSQ 1

const volatile char starve_comm[16] = "scxb-lowprio";
SCXB_STAT(parked);

static __always_inline bool is_victim(const struct task_struct *p)
{
	char comm[16];

	if (bpf_probe_read_kernel_str(comm, sizeof(comm), p->comm) < 0)
		return false;
	for (int i = 0; i < 16; i++) {
		if (comm[i] != starve_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

s32 BPF_STRUCT_OPS(starve_comm_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu;

	if (is_victim(p))
		return prev_cpu;
	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	if (is_idle)
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(starve_comm_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (is_victim(p)) {
		SCXB_INC(parked);
		scxb_insert(p, PARK_DSQ, SCX_SLICE_DFL, enq_flags); /* the defect */
		return;
	}
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(starve_comm_init)
{
	return scx_bpf_create_dsq(PARK_DSQ, -1);
}

void BPF_STRUCT_OPS(starve_comm_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops starve_comm_ops = {
	.select_cpu = (void *)starve_comm_select_cpu,
	.enqueue = (void *)starve_comm_enqueue,
	.init = (void *)starve_comm_init,
	.exit = (void *)starve_comm_exit,
	.timeout_ms = 30000,
	.name = "starve_comm",
};
