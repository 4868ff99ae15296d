// SPDX-License-Identifier: GPL-2.0-only
/* rqlat: system-wide run-queue latency, every task, whatever the scheduler.
 *
 * Why: a workload only sees its own latency; a scheduler can look good on
 * the workload's threads while starving everything else on the machine.
 * This tracer measures each time a task waits runnable but not running
 * (enqueued -> on a CPU), for all tasks, into one histogram (the suite's
 * log-linear layout, bpf/scxb_rqlat.h) that user space reads.
 *
 * How, as bcc's runqlat: sched_wakeup/sched_wakeup_new stamp the task
 * with the time it became runnable; sched_switch stamps prev again if it
 * stays runnable (preempted, or yielding in TASK_RUNNING: it waits again,
 * counted as a re-queue) and, for next, puts now - stamp in the histogram.
 *
 * Not the cheaper-looking alternative: reading the kernel's own schedstat
 * (p->sched_info.last_queued/run_delay) at sched_switch alone needs no
 * wakeup hook, but was measured here to be no cheaper under TCG and to
 * disagree with wall time: with rq->clock as "now" EEVDF's skipped clock
 * update after a preempting wakeup made half the waits 0 ns (p50 0 us vs
 * 12 us), and with a fresh clock (scx_bpf_now) the per-CPU sched_clock
 * differences over migrations moved p50/p90 by up to 2x. Wall time from
 * one global clock (bpf_ktime_get_ns) is what a scheduler comparison needs.
 *
 * sched_switch's prev_state argument (5.18+) is what __schedule() acted
 * on; re-reading prev->__state here could race with a concurrent wakeup.
 *
 * Sampling: the runner may attach these programs only in windows (a duty
 * cycle, runner/rqlat.c) because even empty programs on these tracepoints
 * cost a context-switch-bound workload a few percent. A stamp taken before
 * the current window began (a wakeup the tracer saw, then was detached
 * through) would measure the gap as a wait: rq_ctl holds the window's start
 * and such stamps count as untracked.
 *
 * Per-task state is task-local storage (freed with the task: no pid reuse,
 * no cleanup); counters and histogram are one per-CPU record, so the hot
 * path does one map lookup and takes no lock and no atomic. The scheduler tracepoints run with the run-queue lock
 * held; task storage allocates there through the BPF memory allocator
 * (6.4+: no direct kmalloc that could wake kswapd, i.e. take a run-queue
 * lock, from under one).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "scxb_rqlat.h"

/* Not scxb.bpf.h: the tracer schedules nothing and should carry no
 * scheduler globals, and it loads on kernels without sched_ext too. */
char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, u64); /* ktime when the task last became runnable; 0 = none */
} rq_task SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct rqlat_cpu); /* counters + histogram, ~31 KiB per CPU */
} rq_cpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64); /* ktime the current attach window began (0: always attached) */
} rq_ctl SEC(".maps");

static __always_inline struct rqlat_cpu *this_cpu(void)
{
	u32 zero = 0;
	return bpf_map_lookup_elem(&rq_cpu, &zero);
}

static __always_inline bool stays_runnable(bool preempt, struct task_struct *prev,
					   unsigned int prev_state)
{
	/* pid 0: an idle task, never queued */
	return prev->pid && (preempt || prev_state == 0 /* TASK_RUNNING */);
}

static __always_inline void stamp(struct task_struct *p, u64 now)
{
	u64 *ts = bpf_task_storage_get(&rq_task, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (ts)
		*ts = now;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(rqlat_wakeup, struct task_struct *p)
{
	if (p->pid)
		stamp(p, bpf_ktime_get_ns());
	return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(rqlat_wakeup_new, struct task_struct *p)
{
	if (p->pid)
		stamp(p, bpf_ktime_get_ns());
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(rqlat_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	struct rqlat_cpu *c = this_cpu();
	u64 now = bpf_ktime_get_ns();

	if (!c)
		return 0;
	if (stays_runnable(preempt, prev, prev_state)) {
		stamp(prev, now);
		c->requeues++;
	}
	if (!next->pid)
		return 0;
	/* no create: a task with no stamp was runnable before we attached */
	u64 *ts = bpf_task_storage_get(&rq_task, next, 0, 0);
	u32 zero = 0;
	u64 *win = bpf_map_lookup_elem(&rq_ctl, &zero);
	if (!ts || !*ts || *ts > now || (win && *ts < *win)) {
		c->untracked++;
		return 0;
	}
	u64 delta = now - *ts;
	*ts = 0;
	u32 idx = rqlat_bucket(delta);
	if (idx < RQLAT_BUCKETS) /* always; the verifier wants to see it */
		c->hist[idx]++;
	c->samples++;
	c->sum_ns += delta;
	return 0;
}
