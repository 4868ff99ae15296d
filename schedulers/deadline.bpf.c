// SPDX-License-Identifier: GPL-2.0-only
/* deadline — earliest deadline first, deadlines from weight and run time.
 *
 * Policy: when a task becomes runnable it gets a deadline
 *
 *     deadline = now + clamp(min(avg_run, slice) x 100/weight, dl_min_ns, dl_max_ns)
 *
 * where avg_run is a moving average of how long the task runs between
 * waking up and going to sleep again (preemptions and slice ends do not
 * split that burst; while a burst is longer than the average, the burst
 * counts). A short task that sleeps often (an interactive thread, a
 * periodic timer) has a small avg_run and gets a near deadline; a CPU hog
 * never sleeps, its burst grows past a slice and its deadline is a full
 * slice away; a higher weight (lower nice) brings the deadline closer.
 * Among hogs this works like a virtual deadline: a nice 0 hog's deadline is
 * 20 ms out, a nice 5 hog's ~60 ms, so the first runs three slices for each
 * of the second's and CPU time follows the weights. Runnable tasks
 * wait in one shared queue ordered by deadline and a CPU always takes the
 * earliest. When a waking task's deadline is earlier than that of a task
 * running on some CPU by more than dl_min_ns, that CPU is preempted, so a
 * short task does not wait for a hog's slice to end. (A running task counts
 * as due at the later of its deadline and its start + relative deadline,
 * so one that started late under overload stays preemptible.)
 *
 * Which CPU is preempted matters as much as whether: the CPU the wakeup
 * runs on if its task qualifies (no inter-processor interrupt, and a timer
 * wakeup then runs where the timer fired), otherwise the one running the
 * latest deadline. After a sync wakeup (the waker announces it is about to
 * sleep, as pipe and Unix socket writers do) only the waker's own CPU
 * may be preempted: the waker's CPU takes the wakee from the queue as soon
 * as the waker sleeps, where kicking another CPU would split the pair so
 * that every later hand-off between the two crosses CPUs.
 *
 * No task waits forever: a relative deadline is at most dl_max_ns, so any
 * task that becomes runnable after (its deadline - dl_min_ns) is queued
 * behind it; the backlog ahead of a task is finite and only shrinks once its
 * deadline has passed. A task that starts running after its deadline counts
 * as a deadline miss (stat_misses, stat_miss_ns_total for the total
 * lateness).
 *
 * A task preempted by a higher scheduling class (slice left) keeps its
 * deadline; one whose slice ran out, or that was preempted here for an
 * earlier deadline, gets a new one. As in vtime, the expiring task is
 * compared with the queue head in ops.dispatch (which runs before the task
 * is queued again) and keeps its CPU if its new deadline is still earliest.
 *
 * Tunables:
 *   slice_ns    time slice (default 20 ms)
 *   dl_min_ns   nearest relative deadline (default 1 ms)
 *   dl_max_ns   farthest relative deadline: the starvation bound (default 200 ms)
 *   preempt     1 = preempt a running task with a later deadline (default)
 *
 * Trade-off: good wakeup latency for short sleepers under CPU-bound load,
 * paid for by more preemptions and context switches; weights hold only
 * approximately (deadlines are counted in whole slices, and dl_max_ns caps
 * how far a very low weight can push them); a sync wakee whose waker keeps
 * running after all waits for it to sleep, its slice to end or another CPU
 * to become free.
 *
 * Its bookkeeping has a price where there is nothing to preempt. In the
 * wakeup workload (a messenger wakes 2 x CPUs short workers; no hogs)
 * deadline's five callbacks ran 7.3 us of BPF per recorded wakeup against
 * simple's two, 1.6 us (2 vCPUs under TCG, `scxbench run --sched
 * deadline,simple --workload wakeup --duration 3 --repeat 3 --bpf-stats`;
 * per call: dispatch 2.2 us, mostly the move from the shared queue that
 * simple's built-in global queue does outside BPF, select_cpu 1.6 against
 * 1.0, enqueue 1.0 against 0.4, running 0.9, stopping 0.5). So its wakeup
 * p99 against simple's scatters around parity: 0.76x in one `run --all`,
 * 1.25x and 1.07x (CI 0.67..1.64) in two `make bench` runs, 1.24x on smt4.
 *
 * In the recommendation: the candidate for desktop and realtime, where an
 * interactive or periodic task must run soon after it wakes while hogs keep
 * every CPU busy. Measured (TCG, 2026-12-07, 3 rounds): `scxbench run --vm
 * --all` recommends it for desktop, score 1.36 [1.14, 1.60] against EEVDF,
 * P(best) 1.00 (interactive p50 half EEVDF's, missed periods a quarter,
 * wakeup p99 -22%); on smt4 (`--topology smt4`, the desktop and realtime
 * workloads, every bundled scheduler) 1.19 [1.02, 1.57], P(best) 1.00.
 * Realtime stays EEVDF's: deadline scores 0.83 [0.70, 0.98] there, the
 * best BPF row, and 0.88 on smt4, behind EEVDF and layered; its periodic
 * lateness p99 was 1.8x EEVDF's on 2 vCPUs and 1.6x on smt4, not yet
 * explained. For pure throughput (batch, server) the extra preemptions
 * cost, and for exact shares (multitenant) vtime holds weights more
 * closely.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("earliest deadline first: deadline = wakeup + f(avg run time, weight), bounded", 1);
SCXB_PURPOSE("for: desktop and realtime (a short sleeper gets a near deadline and preempts hogs); cost: extra preemptions where only throughput counts, and 4.6x simple's BPF time per wakeup (run --bpf-stats; wakeup p99 0.8-1.25x simple's)");

#define EDF_DSQ 0

const volatile u64 slice_ns = SCX_SLICE_DFL;
const volatile u64 dl_min_ns = 1000000ULL;
const volatile u64 dl_max_ns = 200000000ULL;
const volatile u32 preempt = 1;

SCXB_STAT(enqueued);      /* tasks queued by deadline */
SCXB_STAT(direct_idle);   /* wakeups sent straight to an idle CPU */
SCXB_STAT(dispatched);    /* tasks moved from the queue to a CPU */
SCXB_STAT(kept_prev);     /* expiring task kept the CPU (earliest deadline) */
SCXB_STAT(preemptions);   /* running tasks preempted by an earlier deadline */
SCXB_STAT(preempt_remote);/* ... of them on another CPU than the wakeup's (an IPI) */
SCXB_STAT(sync_no_kick);  /* sync wakeups queued without preempting (the waker sleeps soon) */
SCXB_STAT(misses);        /* tasks that started after their deadline */
SCXB_STAT(miss_ns_total); /* sum of lateness over the misses */

struct task_ctx {
	u64 deadline;   /* absolute, ns (scxb_now clock) */
	u64 avg_run;    /* moving average of the run time between wakeup and sleep, ns */
	u64 burst;      /* run time since the task last woke up, ns */
	u64 started_at; /* start of the current stint on a CPU, 0 if not running */
	s32 sync_waker; /* CPU of a waker that said it is about to sleep (SCX_WAKE_SYNC), else -1 */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

/* Deadline of the task running on each CPU (0 = idle/unknown). */
static u64 cpu_deadline[SCXB_MAX_CPUS];
static u32 nr_cpus = 1;

/* The run time the task is expected to need before it sleeps: its average,
 * or the current burst if that is longer already (a task that stops
 * sleeping becomes a hog at once, not after several samples), at most one
 * slice. Scaled by 100/weight like a virtual deadline, so among hogs a
 * heavier task's deadlines come around more often, in proportion. */
static __always_inline u64 rel_deadline(const struct task_struct *p, const struct task_ctx *tctx)
{
	u64 need = tctx->burst > tctx->avg_run ? tctx->burst : tctx->avg_run;
	u64 rel;

	if (need > scxb_slice(slice_ns))
		need = scxb_slice(slice_ns);
	rel = need * 100 / scxb_weight(p);

	if (rel < dl_min_ns)
		rel = dl_min_ns;
	if (rel > dl_max_ns)
		rel = dl_max_ns;
	return rel;
}

s32 BPF_STRUCT_OPS(deadline_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (tctx)
		tctx->sync_waker = (wake_flags & SCX_WAKE_SYNC) ? (s32)bpf_get_smp_processor_id() : -1;
	if (is_idle) {
		if (tctx)
			tctx->deadline = scxb_now() + rel_deadline(p, tctx);
		SCXB_INC(direct_idle);
		scxb_insert(p, SCX_DSQ_LOCAL, scxb_slice(slice_ns), 0);
	}
	return cpu;
}

/* CPU @cpu runs a task due more than dl_min_ns after @dl (the hysteresis
 * keeps near-equal tasks from preempting each other in turn) and may run @p. */
static __always_inline bool preemptible_for(const struct task_struct *p, s32 cpu, u64 dl)
{
	u64 cdl;

	if (cpu < 0 || (u32)cpu >= nr_cpus)
		return false;
	cdl = cpu_deadline[cpu & (SCXB_MAX_CPUS - 1)];
	return cdl && scxb_before(dl + dl_min_ns, cdl) && bpf_cpumask_test_cpu(cpu, p->cpus_ptr);
}

static __always_inline void kick_preempt(s32 cpu, bool remote)
{
	SCXB_INC(preemptions);
	if (remote)
		SCXB_INC(preempt_remote);
	/* Claim it so a burst of wakeups does not kick it repeatedly. */
	cpu_deadline[cpu & (SCXB_MAX_CPUS - 1)] = 0;
	scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
}

/* Make room for waking task @p (deadline @dl) by preempting a running task
 * with a later deadline, choosing the victim by what the kick costs:
 *  - the CPU this wakeup runs on, if it qualifies: no inter-processor
 *    interrupt, and @p starts where the event that woke it happened (the
 *    timer of a periodic task, the waker's cache);
 *  - after a sync wakeup (the waker is about to sleep, as pipe and socket
 *    writers do) nothing else: the waker's CPU frees up in a moment, and
 *    kicking another CPU would pull one of the pair away and make every
 *    later hand-off between them cross CPUs;
 *  - otherwise the CPU running the latest deadline. */
static __always_inline void maybe_preempt(const struct task_struct *p, u64 dl, s32 sync_waker)
{
	s32 here = bpf_get_smp_processor_id(), victim = -1;
	u64 latest = dl + dl_min_ns;
	u32 i;

	if (sync_waker >= 0) {
		if (sync_waker == here && preemptible_for(p, here, dl))
			kick_preempt(here, false);
		else
			SCXB_INC(sync_no_kick);
		return;
	}
	if (preemptible_for(p, here, dl)) {
		kick_preempt(here, false);
		return;
	}
	bpf_for(i, 0, nr_cpus) {
		u64 cdl = cpu_deadline[i & (SCXB_MAX_CPUS - 1)];

		if (!cdl || !scxb_before(latest, cdl))
			continue;
		if (!bpf_cpumask_test_cpu(i, p->cpus_ptr))
			continue;
		latest = cdl;
		victim = i;
	}
	if (victim >= 0)
		kick_preempt(victim, true);
}

void BPF_STRUCT_OPS(deadline_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	u64 now = scxb_now(), dl, sl;

	if (!tctx) {
		/* Not set up (cannot happen after init_task): run it soon. */
		scxb_insert_vtime(p, EDF_DSQ, scxb_slice(slice_ns), now, enq_flags);
		return;
	}
	/* It woke up, used its slice, or never had a deadline: a new one from
	 * now. (Preempted with slice left, it keeps the deadline it had.) */
	if ((enq_flags & SCX_ENQ_WAKEUP) || p->scx.slice == 0 || !tctx->deadline)
		tctx->deadline = now + rel_deadline(p, tctx);
	dl = tctx->deadline;

	/* A wakeup gets a fresh slice; a preempted task what it had left. */
	sl = scxb_slice(slice_ns);
	if (!(enq_flags & SCX_ENQ_WAKEUP) && p->scx.slice > 0 && p->scx.slice < sl)
		sl = p->scx.slice;
	SCXB_INC(enqueued);
	scxb_insert_vtime(p, EDF_DSQ, sl, dl, enq_flags);

	if (preempt && (enq_flags & SCX_ENQ_WAKEUP))
		maybe_preempt(p, dl, tctx->sync_waker);
	tctx->sync_waker = -1;
}

/* The queue head's deadline is earlier than @dl (false if the queue is
 * empty). */
static __always_inline bool queued_earlier(u64 dl)
{
	struct task_struct *p;

	bpf_for_each(scx_dsq, p, EDF_DSQ, 0) {
		return scxb_before(p->scx.dsq_vtime, dl);
	}
	return false;
}

void BPF_STRUCT_OPS(deadline_dispatch, s32 cpu, struct task_struct *prev)
{
	if (prev && (prev->scx.flags & SCX_TASK_QUEUED)) {
		struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, prev, 0, 0);
		u64 now = scxb_now();

		if (tctx) {
			/* Count the stint that just ended in the burst so the
			 * new deadline reflects it. */
			if (tctx->started_at && scxb_before(tctx->started_at, now)) {
				tctx->burst += now - tctx->started_at;
				tctx->started_at = now;
			}
			u64 dl = now + rel_deadline(prev, tctx);

			/* Still the earliest: a fresh slice, same CPU. */
			if (!queued_earlier(dl)) {
				tctx->deadline = dl;
				cpu_deadline[cpu & (SCXB_MAX_CPUS - 1)] = dl;
				prev->scx.slice = scxb_slice(slice_ns);
				SCXB_INC(kept_prev);
				return;
			}
		}
	}
	if (scxb_move_to_local(EDF_DSQ))
		SCXB_INC(dispatched);
}

void BPF_STRUCT_OPS(deadline_running, struct task_struct *p)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	s32 cpu = scx_bpf_task_cpu(p);
	u64 now = scxb_now(), dl;

	if (!tctx)
		return;
	tctx->started_at = now;
	/* Only the wakeup that set it may use it (see deadline_select_cpu). */
	tctx->sync_waker = -1;
	if (tctx->deadline && scxb_before(tctx->deadline, now)) {
		SCXB_INC(misses);
		SCXB_ADD(miss_ns_total, now - tctx->deadline);
	}
	/* For preemption a running task counts as due no earlier than its
	 * relative deadline from now: a hog that started late (its deadline
	 * already past, as under overload) must not become unpreemptible. */
	dl = now + rel_deadline(p, tctx);
	if (tctx->deadline && scxb_before(dl, tctx->deadline))
		dl = tctx->deadline;
	cpu_deadline[cpu & (SCXB_MAX_CPUS - 1)] = dl;
}

void BPF_STRUCT_OPS(deadline_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	s32 cpu = scx_bpf_task_cpu(p);
	u64 now = scxb_now();

	cpu_deadline[cpu & (SCXB_MAX_CPUS - 1)] = 0;
	if (!tctx)
		return;
	if (tctx->started_at && scxb_before(tctx->started_at, now))
		tctx->burst += now - tctx->started_at;
	tctx->started_at = 0;
	/* Going to sleep: the burst is over, fold it into the average.
	 * Preemptions and slice ends do not end a burst: a hog that gets
	 * preempted often is still a hog. */
	if (!runnable) {
		tctx->avg_run = (3 * tctx->avg_run + tctx->burst) / 4;
		tctx->burst = 0;
	}
}

s32 BPF_STRUCT_OPS(deadline_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	struct task_ctx *tctx;

	tctx = bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!tctx)
		return -ENOMEM;
	/* Unknown tasks start in the middle: neither favoured nor last. */
	tctx->avg_run = scxb_slice(slice_ns) / 4;
	tctx->sync_waker = -1;
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(deadline_init)
{
	u32 n = scx_bpf_nr_cpu_ids();

	nr_cpus = n > SCXB_MAX_CPUS ? SCXB_MAX_CPUS : (n ? n : 1);
	if (!dl_min_ns || dl_min_ns > dl_max_ns) {
		scxb_error("need 0 < dl_min_ns <= dl_max_ns (got %llu, %llu)", dl_min_ns, dl_max_ns);
		return -EINVAL;
	}
	return scx_bpf_create_dsq(EDF_DSQ, -1);
}

void BPF_STRUCT_OPS(deadline_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops deadline_ops = {
	.select_cpu = (void *)deadline_select_cpu,
	.enqueue = (void *)deadline_enqueue,
	.dispatch = (void *)deadline_dispatch,
	.running = (void *)deadline_running,
	.stopping = (void *)deadline_stopping,
	.init_task = (void *)deadline_init_task,
	.init = (void *)deadline_init,
	.exit = (void *)deadline_exit,
	/* dl_max_ns (200 ms) bounds every wait; 10 s leaves room for TCG. */
	.timeout_ms = 10000,
	.name = "deadline",
};
