// SPDX-License-Identifier: GPL-2.0-only
/* plainfifo — a test-only reference: the simplest FIFO scheduler.
 *
 * What it is: the shape of the upstream example scheduler's FIFO mode,
 * written here from the sched_ext API: one shared DSQ that the scheduler
 * creates itself, tasks appended in arrival order with 20 ms slices
 * (SCX_SLICE_DFL), each CPU's dispatch taking the head; select_cpu asks
 * the kernel's default selection for an idle CPU and, when it got one,
 * inserts the task straight into that CPU's local DSQ.
 *
 * Why it exists: the bundled `simple` (schedulers/simple.bpf.c) is the
 * same policy through the kernel's built-in global DSQ and no dispatch
 * callback. It must be no worse than this reference on pipe, wakeup and
 * messaging; this object is what that is measured against, side by side in
 * one run (make bench: the twins row of tests/bench/run.sh). Never a
 * scheduler to use.
 * FIFO ignores nice by design: honours_weights = 0.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("test reference: one shared FIFO DSQ, 20 ms slices, idle CPU direct dispatch", 0);

#define SHARED_DSQ 0

SCXB_STAT(direct_idle); /* wakeups inserted straight into an idle CPU */
SCXB_STAT(enqueued);    /* tasks queued on the shared DSQ */

s32 BPF_STRUCT_OPS(plainfifo_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle) {
		SCXB_INC(direct_idle);
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(plainfifo_enqueue, struct task_struct *p, u64 enq_flags)
{
	SCXB_INC(enqueued);
	scxb_insert(p, SHARED_DSQ, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(plainfifo_dispatch, s32 cpu, struct task_struct *prev)
{
	scxb_move_to_local(SHARED_DSQ);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(plainfifo_init)
{
	return scx_bpf_create_dsq(SHARED_DSQ, -1);
}

void BPF_STRUCT_OPS(plainfifo_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops plainfifo_ops = {
	.select_cpu = (void *)plainfifo_select_cpu,
	.enqueue = (void *)plainfifo_enqueue,
	.dispatch = (void *)plainfifo_dispatch,
	.init = (void *)plainfifo_init,
	.exit = (void *)plainfifo_exit,
	.timeout_ms = 5000,
	.name = "plainfifo",
};
