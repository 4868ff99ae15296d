// SPDX-License-Identifier: GPL-2.0-only
/* plainvtime — a test-only reference: the simplest vtime scheduler.
 *
 * What it is: the shape most sched_ext tutorials and the upstream example
 * scheduler's vtime mode share, written here from the sched_ext API:
 *  - one shared DSQ ordered by p->scx.dsq_vtime, and each CPU's dispatch
 *    takes its head;
 *  - every slice is 20 ms (SCX_SLICE_DFL), whatever the task's weight;
 *  - when a task stops running its vtime grows by the time it used
 *    (20 ms minus what is left of its slice) x 100/weight;
 *  - a waking task's vtime is raised to at least (now - one slice), so a
 *    sleeper banks at most one slice of credit; new tasks start at "now",
 *    the highest vtime any task started running with;
 *  - select_cpu asks the kernel's default selection for an idle CPU and,
 *    when it got one, inserts the task straight into that CPU's local DSQ.
 * Nothing else: no weighted slices, no comparison with the expiring task.
 *
 * Why it exists: the bundled `vtime` (schedulers/vtime.bpf.c) adds weighted
 * slices, keep-the-expiring-task-if-still-lowest, overrun caps and renice
 * handling to this shape. Its claim is to cost nothing for them on pipe,
 * wakeup and messaging, and to win on weights and fairness. This object is
 * what that claim is measured against, side by side in one run (make
 * bench: the twins row of tests/bench/run.sh). Never a scheduler to use.
 *
 * It declares honours_weights = 0: the charging is weighted, but two tasks
 * sharing one CPU alternate 1:1 here (when a slice expires the kernel asks
 * dispatch for the next task before the expiring one is queued again), so
 * the weights probe measures its split without failing it.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("test reference: one shared vtime DSQ, 20 ms slices, idle CPU direct dispatch", 0);

#define SHARED_DSQ 0

SCXB_STAT(direct_idle); /* wakeups inserted straight into an idle CPU */
SCXB_STAT(enqueued);    /* tasks queued on the shared DSQ */

static u64 vtime_now;

s32 BPF_STRUCT_OPS(plainvtime_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle) {
		SCXB_INC(direct_idle);
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(plainvtime_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 vt = p->scx.dsq_vtime;

	if (scxb_before(vt, vtime_now - SCX_SLICE_DFL))
		vt = vtime_now - SCX_SLICE_DFL;
	SCXB_INC(enqueued);
	scxb_insert_vtime(p, SHARED_DSQ, SCX_SLICE_DFL, vt, enq_flags);
}

void BPF_STRUCT_OPS(plainvtime_dispatch, s32 cpu, struct task_struct *prev)
{
	scxb_move_to_local(SHARED_DSQ);
}

void BPF_STRUCT_OPS(plainvtime_running, struct task_struct *p)
{
	if (scxb_before(vtime_now, p->scx.dsq_vtime))
		vtime_now = p->scx.dsq_vtime;
}

void BPF_STRUCT_OPS(plainvtime_stopping, struct task_struct *p, bool runnable)
{
	/* the slice only shrinks from 20 ms; the guard keeps a kernel refill
	 * (bypass) from turning into a huge unsigned charge */
	u64 used = p->scx.slice < SCX_SLICE_DFL ? SCX_SLICE_DFL - p->scx.slice : 0;

	p->scx.dsq_vtime += used * 100 / scxb_weight(p);
}

void BPF_STRUCT_OPS(plainvtime_enable, struct task_struct *p)
{
	p->scx.dsq_vtime = vtime_now;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(plainvtime_init)
{
	return scx_bpf_create_dsq(SHARED_DSQ, -1);
}

void BPF_STRUCT_OPS(plainvtime_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops plainvtime_ops = {
	.select_cpu = (void *)plainvtime_select_cpu,
	.enqueue = (void *)plainvtime_enqueue,
	.dispatch = (void *)plainvtime_dispatch,
	.running = (void *)plainvtime_running,
	.stopping = (void *)plainvtime_stopping,
	.enable = (void *)plainvtime_enable,
	.init = (void *)plainvtime_init,
	.exit = (void *)plainvtime_exit,
	.timeout_ms = 10000,
	.name = "plainvtime",
};
