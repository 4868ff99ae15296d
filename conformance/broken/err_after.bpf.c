// SPDX-License-Identifier: GPL-2.0-only
/* err_after — BROKEN on purpose (self-test of the fallback probe).
 *
 * Why: the suite is worth the bugs it catches. This scheduler has one seeded
 * defect and `make check` asserts that the fallback probe reports it.
 *
 * Policy: a global FIFO like `simple`. Seeded defect: after error_after
 * enqueues (counted from load, default 300) it calls scx_bpf_error(), as a
 * scheduler with a latent bug does under sustained load; the kernel ejects
 * it with SCX_EXIT_ERROR_BPF. The fallback probe runs every scheduler under
 * load first and reports an exit with its kind and message.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("BROKEN (self-test): scx_bpf_error() after error_after enqueues", 0);

const volatile u64 error_after = 300;
SCXB_STAT(enqueued);

s32 BPF_STRUCT_OPS(err_after_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle)
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(err_after_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (__sync_fetch_and_add(&stat_enqueued, 1) + 1 == error_after)
		scxb_error("err_after: latent bug hit after %llu enqueues", error_after);
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(err_after_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops err_after_ops = {
	.select_cpu = (void *)err_after_select_cpu,
	.enqueue = (void *)err_after_enqueue,
	.exit = (void *)err_after_exit,
	.timeout_ms = 10000,
	.name = "err_after",
};
