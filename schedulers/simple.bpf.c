// SPDX-License-Identifier: GPL-2.0-only
/* simple — one global FIFO queue.
 *
 * Policy: every runnable task is appended to one shared queue (the built-in
 * global DSQ) and CPUs take tasks from its head in arrival order. A waking
 * task goes straight to an idle CPU's local queue when the kernel's default
 * idle-CPU selection finds one, which keeps wakeup latency low on an idle
 * system. Each task runs for at most one slice (the kernel default, 20 ms),
 * then goes to the back of the queue.
 *
 * Tunables: slice_ns (0 = kernel default).
 * Trade-off: minimal and obviously correct, but one queue shared by every CPU
 * contends on one lock and ignores nice: it is the floor every other policy
 * should beat, and the reference for "does sched_ext work at all here".
 *
 * In the recommendation: a baseline, not a pick for any profile. A user
 * picks it to check that sched_ext works on a machine or kernel, or as the
 * smallest starting point for their own scheduler; if it scores as well as
 * the others on a profile, that profile's workloads gain nothing from a
 * policy beyond "any idle CPU, else the shared queue".
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("global FIFO through one shared queue, default idle-CPU selection", 0);
SCXB_PURPOSE("for: a baseline (does sched_ext work here?), the floor every other policy should beat; cost: ignores nice, one queue and lock for all CPUs");

const volatile u64 slice_ns = 0;

SCXB_STAT(enqueued);
SCXB_STAT(direct_idle);

s32 BPF_STRUCT_OPS(simple_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	/* An idle CPU was found and claimed: skip the shared queue. */
	if (is_idle) {
		SCXB_INC(direct_idle);
		scxb_insert(p, SCX_DSQ_LOCAL, scxb_slice(slice_ns), 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(simple_enqueue, struct task_struct *p, u64 enq_flags)
{
	SCXB_INC(enqueued);
	scxb_insert(p, SCX_DSQ_GLOBAL, scxb_slice(slice_ns), enq_flags);
}

void BPF_STRUCT_OPS(simple_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops simple_ops = {
	.select_cpu = (void *)simple_select_cpu,
	.enqueue = (void *)simple_enqueue,
	.exit = (void *)simple_exit,
	.timeout_ms = 5000,
	.name = "simple",
};
