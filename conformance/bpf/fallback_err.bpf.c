// SPDX-License-Identifier: GPL-2.0-only
/* fallback_err — a scheduler that fails on purpose (conformance helper).
 *
 * Policy: a global FIFO like `simple` until user space arms it; then, after
 * error_after further enqueues, it calls scx_bpf_error(). The kernel must
 * then eject it (exit kind ERROR_BPF, our message) and move every task back
 * to the fair class. The fallback probe checks exactly that.
 *
 * Tunables: error_after (enqueues after arming, default 200).
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("conformance helper: scx_bpf_error() after N enqueues once armed", 0);

const volatile u64 error_after = 200;

u64 armed SEC(".bss");   /* set to 1 by user space once attached */
SCXB_STAT(enqueued_armed);

void BPF_STRUCT_OPS(fallback_err_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (armed && __sync_fetch_and_add(&stat_enqueued_armed, 1) + 1 == error_after)
		scxb_error("fallback_err: injected error after %llu enqueues", error_after);
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(fallback_err_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops fallback_err_ops = {
	.enqueue = (void *)fallback_err_enqueue,
	.exit = (void *)fallback_err_exit,
	.timeout_ms = 5000,
	.name = "fallback_err",
};
