// SPDX-License-Identifier: GPL-2.0-only
/* noweight — BROKEN on purpose (self-test of the weights probe).
 *
 * Why: the suite is worth the bugs it catches. This scheduler has one seeded
 * defect and `make check` asserts that the weights probe reports it.
 *
 * Policy: a global FIFO like `simple`, round robin whatever the nice level.
 * Seeded defect: its metadata claims it honours weights
 * (SCXB_META(..., 1)), so the weights probe checks it instead of skipping,
 * and a nice 0 and a nice 6 task sharing a CPU get 1:1 instead of ~3.8:1.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("BROKEN (self-test): round robin that claims to honour weights", 1);

SCXB_STAT(enqueued);

s32 BPF_STRUCT_OPS(noweight_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle)
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(noweight_enqueue, struct task_struct *p, u64 enq_flags)
{
	SCXB_INC(enqueued);
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(noweight_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops noweight_ops = {
	.select_cpu = (void *)noweight_select_cpu,
	.enqueue = (void *)noweight_enqueue,
	.exit = (void *)noweight_exit,
	.timeout_ms = 10000,
	.name = "noweight",
};
