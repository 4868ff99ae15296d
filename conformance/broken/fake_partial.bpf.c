// SPDX-License-Identifier: GPL-2.0-only
/* fake_partial — BROKEN on purpose (self-test of the partial probe).
 *
 * Why: the suite is worth the bugs it catches. This scheduler has one seeded
 * defect and `make check` asserts that the partial probe reports it.
 *
 * Policy: a global FIFO like `simple`. Seeded defect: it is built against
 * its own trimmed copy of struct sched_ext_ops that has no `flags` field,
 * so it loads fine when asked for SCX_OPS_SWITCH_PARTIAL yet cannot carry
 * the flag: it claims partial mode but handles every task (switch_all = 1).
 * (libbpf matches struct_ops members to the kernel's by name, so the
 * missing field simply stays 0.)
 */
#define sched_ext_ops sched_ext_ops___kernel
#include "scxb.bpf.h"
#undef sched_ext_ops

SCXB_LICENSE;
SCXB_META("BROKEN (self-test): accepts SWITCH_PARTIAL but cannot carry it (no flags field)", 0);

/* the trimmed local view of the ops: no flags, no timeout_ms */
struct sched_ext_ops {
	s32 (*select_cpu)(struct task_struct *p, s32 prev_cpu, u64 wake_flags);
	void (*enqueue)(struct task_struct *p, u64 enq_flags);
	void (*exit)(struct scx_exit_info *info);
	char name[128];
};

SCXB_STAT(enqueued);

s32 BPF_STRUCT_OPS(fake_partial_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle)
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(fake_partial_enqueue, struct task_struct *p, u64 enq_flags)
{
	SCXB_INC(enqueued);
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(fake_partial_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops fake_partial_ops = {
	.select_cpu = (void *)fake_partial_select_cpu,
	.enqueue = (void *)fake_partial_enqueue,
	.exit = (void *)fake_partial_exit,
	.name = "fake_partial",
};
