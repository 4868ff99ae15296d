// SPDX-License-Identifier: GPL-2.0-only
/* fifo — per-CPU FIFO queues with locality and work stealing.
 *
 * Policy: every CPU owns a FIFO queue (a user DSQ whose id is the CPU
 * number). A runnable task is appended to the queue of the CPU it last ran
 * on, so it keeps its cache and the queues never share a lock in the common
 * case. A waking task first tries its previous CPU if that CPU is idle, then
 * any idle CPU (the kernel's default selection); either way it is queued on
 * the CPU it will run on. A CPU takes work from its own queue first; when
 * that is empty it steals the oldest task it may run from another CPU's
 * queue, scanning from its neighbour onwards, so no CPU idles while work
 * waits. When a task is queued on a busy CPU while another CPU is idle, the
 * idle CPU is woken so it can steal. Nice values are ignored: every slice is
 * the same length and order is arrival order.
 *
 * Tunables:
 *   slice_ns  time slice (default 20 ms, the kernel default)
 *   steal     1 = idle CPUs steal from other queues (default), 0 = never
 *             (pure per-CPU queues: shows what stealing buys)
 *
 * Trade-off: scales past one global lock and keeps tasks cache-warm, but a
 * task may wait behind a long queue on its own CPU until an idle CPU steals
 * it, and FIFO order ignores priorities entirely.
 *
 * In the recommendation: a candidate for batch and server (throughput) on
 * machines with many CPUs, where one shared queue's lock and cache misses
 * cost more than queueing order. Not for desktop or realtime (a waking task
 * waits behind its CPU's queue) nor multitenant (nice and cgroup weights
 * are ignored, by design: its metadata says so, and the weights probe
 * reports its split without failing it).
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("per-CPU FIFO queues, tasks stay on their last CPU, idle CPUs steal work", 0);
SCXB_PURPOSE("for: batch and server throughput on many CPUs (per-CPU queues, no shared lock); cost: ignores nice and cgroup weights, a woken task waits behind its CPU's queue");

const volatile u64 slice_ns = SCX_SLICE_DFL;
const volatile u32 steal = 1;

SCXB_STAT(enqueued);    /* tasks appended to a per-CPU queue */
SCXB_STAT(direct_idle); /* wakeups sent straight to an idle CPU */
SCXB_STAT(local);       /* dispatches from the CPU's own queue */
SCXB_STAT(steals);      /* dispatches taken from another CPU's queue */
SCXB_STAT(idle_kicks);  /* idle CPUs woken to steal */

static u32 nr_cpus = 1; /* set in ops.init */

s32 BPF_STRUCT_OPS(fifo_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu;

	/* Locality first: the previous CPU, if it is idle right now. */
	if (scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
		SCXB_INC(direct_idle);
		scxb_insert(p, SCX_DSQ_LOCAL, scxb_slice(slice_ns), 0);
		return prev_cpu;
	}
	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	if (is_idle) {
		SCXB_INC(direct_idle);
		scxb_insert(p, SCX_DSQ_LOCAL, scxb_slice(slice_ns), 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(fifo_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 cpu = scx_bpf_task_cpu(p);
	s32 idle;

	SCXB_INC(enqueued);
	scxb_insert(p, (u64)cpu, scxb_slice(slice_ns), enq_flags);

	/* The owner of the queue is busy (it is not idle, or select_cpu would
	 * have used it): wake an idle CPU, if any, so it steals this task. */
	if (!steal)
		return;
	idle = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
	if (idle >= 0) {
		SCXB_INC(idle_kicks);
		scx_bpf_kick_cpu(idle, SCX_KICK_IDLE);
	}
}

void BPF_STRUCT_OPS(fifo_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 i;

	if (scxb_move_to_local((u64)cpu)) {
		SCXB_INC(local);
		return;
	}
	if (!steal)
		return;

	/* Own queue empty: steal from the neighbours, nearest first. */
	bpf_for(i, 1, nr_cpus) {
		u32 victim = ((u32)cpu + i) % nr_cpus;

		if (scx_bpf_dsq_nr_queued(victim) <= 0)
			continue;
		if (scxb_move_to_local(victim)) {
			SCXB_INC(steals);
			return;
		}
	}
}

s32 BPF_STRUCT_OPS_SLEEPABLE(fifo_init)
{
	u32 n = scx_bpf_nr_cpu_ids();
	s32 ret;
	u32 i;

	if (n > SCXB_MAX_CPUS) {
		scxb_error("%u CPUs, built for at most %d", n, SCXB_MAX_CPUS);
		return -E2BIG;
	}
	nr_cpus = n ? n : 1;
	bpf_for(i, 0, nr_cpus) {
		ret = scx_bpf_create_dsq(i, -1);
		if (ret) {
			scxb_error("cannot create the queue of CPU %u: %d", i, ret);
			return ret;
		}
	}
	return 0;
}

void BPF_STRUCT_OPS(fifo_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops fifo_ops = {
	.select_cpu = (void *)fifo_select_cpu,
	.enqueue = (void *)fifo_enqueue,
	.dispatch = (void *)fifo_dispatch,
	.init = (void *)fifo_init,
	.exit = (void *)fifo_exit,
	/* A task waits at most (queue length x slice) plus stealing delay;
	 * 10 s leaves room for TCG's 100x slowdown and still catches a real
	 * stall long before the kernel's 30 s maximum. */
	.timeout_ms = 10000,
	.name = "fifo",
};
