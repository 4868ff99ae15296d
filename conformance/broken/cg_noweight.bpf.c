// SPDX-License-Identifier: GPL-2.0-only
/* cg_noweight — BROKEN on purpose (self-test of the cgroup probe).
 *
 * Why: the suite is worth the bugs it catches. This scheduler has one seeded
 * defect and `make check` asserts that the cgroup probe reports it.
 *
 * Policy: a global FIFO like `simple`. Seeded defect: it implements
 * ops.cgroup_init and ops.cgroup_set_weight — telling the kernel it takes
 * charge of cgroup CPU weights — and then ignores the weights, so cgroups
 * of cpu.weight 100 and 400 split the CPUs 1:1.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("BROKEN (self-test): takes cgroup weights (cgroup_set_weight) and ignores them", 0);

SCXB_STAT(weight_updates);

s32 BPF_STRUCT_OPS(cg_noweight_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle)
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(cg_noweight_enqueue, struct task_struct *p, u64 enq_flags)
{
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

s32 BPF_STRUCT_OPS(cg_noweight_cgroup_init, struct cgroup *cgrp, struct scx_cgroup_init_args *args)
{
	return 0; /* the weight in args is dropped: the defect */
}

void BPF_STRUCT_OPS(cg_noweight_cgroup_set_weight, struct cgroup *cgrp, u32 weight)
{
	SCXB_INC(weight_updates); /* ... and so is every update */
}

void BPF_STRUCT_OPS(cg_noweight_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops cg_noweight_ops = {
	.select_cpu = (void *)cg_noweight_select_cpu,
	.enqueue = (void *)cg_noweight_enqueue,
	.cgroup_init = (void *)cg_noweight_cgroup_init,
	.cgroup_set_weight = (void *)cg_noweight_cgroup_set_weight,
	.exit = (void *)cg_noweight_exit,
	.timeout_ms = 10000,
	.name = "cg_noweight",
};
