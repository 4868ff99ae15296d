// SPDX-License-Identifier: GPL-2.0-only
/* slowtwin — a test-only scheduler that is `simple` plus a known cost.
 *
 * Policy: the bundled `simple` (one global FIFO, idle CPUs picked by the
 * kernel's default selection), and every time a task becomes runnable
 * (ops.runnable: once per wakeup or enqueue) it spins for burn_ns of
 * clock time before going on. With burn_ns = 0 it is simple's twin; with
 * burn_ns > 0 every hand-off is slower by a fixed amount, so a pipe
 * ping-pong loses a predictable share of its round trips.
 *
 * What it is for: calibrating scxbench's regression gate. Two rows of one
 * run, base (burn_ns=0) and cand (burn_ns=N), tell how often the gate
 * catches a slowdown of known size (power); base against base tells how
 * often it fires on identical code (false alarms). Never a scheduler to
 * use: it wastes CPU on purpose.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("simple + a fixed spin per runnable task (calibration only)", 0);

const volatile u64 burn_ns = 0;

SCXB_STAT(burns);

struct burn_ctx {
	u64 until;
};

static long burn_step(u64 i, void *data)
{
	struct burn_ctx *c = data;
	return bpf_ktime_get_ns() >= c->until; /* 1 stops the loop */
}

s32 BPF_STRUCT_OPS(slowtwin_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle)
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(slowtwin_runnable, struct task_struct *p, u64 enq_flags)
{
	if (!burn_ns)
		return;
	struct burn_ctx c = { .until = bpf_ktime_get_ns() + burn_ns };
	/* bounded: at most 1M clock reads, whatever burn_ns says */
	bpf_loop(1 << 20, burn_step, &c, 0);
	SCXB_INC(burns);
}

void BPF_STRUCT_OPS(slowtwin_enqueue, struct task_struct *p, u64 enq_flags)
{
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(slowtwin_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops slowtwin_ops = {
	.select_cpu = (void *)slowtwin_select_cpu,
	.runnable = (void *)slowtwin_runnable,
	.enqueue = (void *)slowtwin_enqueue,
	.exit = (void *)slowtwin_exit,
	.timeout_ms = 5000,
	.name = "slowtwin",
};
