/* rqlat: system-wide run-queue latency, every task, whatever the scheduler.
 *
 * Why: a workload only sees its own latency; a scheduler can look good on
 * the workload's threads while starving everything else on the machine.
 * This tracer measures each time a task waits runnable but not running
 * (enqueued -> on a CPU), for all tasks, into one histogram (the suite's
 * log-linear layout, bpf/scxb_rqlat.h) that user space reads.
 *
 * Two methods; user space loads exactly one (runner/rqlat.c picks):
 *
 * "sched_info" (kernels with the scx_bpf_now kfunc, 6.14+): sched_switch
 *   only. The kernel already timestamps every enqueue for its schedstats
 *   (p->sched_info.last_queued, set in enqueue_task() for every class and
 *   when a preempted task stays queued) and accumulates finished waits in
 *   p->sched_info.run_delay (also across migrations, when a waiting task is
 *   dequeued from one CPU and queued on another). At a switch-in, before
 *   the kernel's own sched_info_arrive() runs, this wait is
 *       run_delay - (run_delay after the previous switch-in)
 *     + now - last_queued                      (the still open part)
 *   with now = scx_bpf_now(), the same clock as last_queued (the run
 *   queue's clock, or sched_clock_cpu() outside a scheduler pass). The
 *   result is by construction what /proc/PID/schedstat's run_delay (which
 *   the `cmd` workload reads) adds up. One program and one task-storage
 *   access per context switch: about half the cost of the method below,
 *   which matters because every context switch on the machine pays it.
 *
 * "timestamps" (fallback, any kernel with BTF tracepoints, as bcc's
 *   runqlat): sched_wakeup/sched_wakeup_new stamp the task; sched_switch
 *   stamps prev again if it stays runnable and takes next's stamp.
 *
 * Both count re-queues: a switch-out that leaves prev runnable (preempted,
 * or yielding in TASK_RUNNING), i.e. it waits again. sched_switch's
 * prev_state argument (5.18+) is what __schedule() acted on; re-reading
 * prev->__state here could race with a concurrent wakeup.
 *
 * Per-task state is task-local storage (freed with the task: no pid reuse,
 * no cleanup); counters are per-CPU arrays, so the hot path takes no lock
 * and no atomic. The scheduler tracepoints run with the run-queue lock
 * held; task storage allocates through the BPF memory allocator there
 * (never a direct kmalloc that could wake kswapd and deadlock).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "scxb_rqlat.h"

/* Not scxb.bpf.h: the tracer schedules nothing and should carry no
 * scheduler globals, and it loads on kernels without sched_ext too. */
char _license[] SEC("license") = "GPL";

u64 scx_bpf_now(void) __ksym __weak;

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	/* sched_info: run_delay after the last switch-in, + 1 (0 = unseen);
	 * timestamps: ktime when the task last became runnable (0 = none) */
	__type(value, u64);
} rq_task SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RQLAT_BUCKETS);
	__type(key, u32);
	__type(value, u64);
} rq_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct rqlat_stats);
} rq_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64); /* largest sample since user space zeroed it */
} rq_max SEC(".maps");

static __always_inline struct rqlat_stats *stats(void)
{
	u32 zero = 0;
	return bpf_map_lookup_elem(&rq_stats, &zero);
}

static __always_inline void record(struct rqlat_stats *s, u64 delta)
{
	u32 idx = rqlat_bucket(delta), zero = 0;
	u64 *cnt = bpf_map_lookup_elem(&rq_hist, &idx);
	if (cnt)
		*cnt += 1;
	s->samples++;
	s->sum_ns += delta;
	u64 *max = bpf_map_lookup_elem(&rq_max, &zero);
	if (max && delta > *max)
		*max = delta;
}

static __always_inline bool stays_runnable(bool preempt, struct task_struct *prev,
					   unsigned int prev_state)
{
	/* pid 0: an idle task, never queued */
	return prev->pid && (preempt || prev_state == 0 /* TASK_RUNNING */);
}

/* ---- method "sched_info" -------------------------------------------------- */
SEC("tp_btf/sched_switch")
int BPF_PROG(rqlat_switch_si, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	struct rqlat_stats *s = stats();

	if (!s)
		return 0;
	if (stays_runnable(preempt, prev, prev_state))
		s->requeues++;
	if (!next->pid || !bpf_ksym_exists(scx_bpf_now))
		return 0;
	u64 now = scx_bpf_now();
	u64 queued = next->sched_info.last_queued, delay = next->sched_info.run_delay;
	u64 open = queued && now > queued ? now - queued : 0;
	u64 *base = bpf_task_storage_get(&rq_task, next, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!base) {
		s->untracked++;
		return 0;
	}
	u64 prev_base = *base;
	/* what run_delay will be once the kernel closes this wait */
	*base = delay + open + 1;
	if (prev_base && delay + 1 >= prev_base) {
		record(s, delay + 1 - prev_base + open);
	} else if (!prev_base && !next->sched_info.pcount) {
		record(s, delay + open); /* first run ever: all its delay is this wait */
	} else {
		s->untracked++; /* ran before we attached: this wait's start is unknown */
	}
	return 0;
}

/* ---- method "timestamps" ---------------------------------------------------- */
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
int BPF_PROG(rqlat_switch_ts, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	struct rqlat_stats *s = stats();
	u64 now = bpf_ktime_get_ns();

	if (!s)
		return 0;
	if (stays_runnable(preempt, prev, prev_state)) {
		stamp(prev, now);
		s->requeues++;
	}
	if (!next->pid)
		return 0;
	/* no create: a task with no stamp was runnable before we attached */
	u64 *ts = bpf_task_storage_get(&rq_task, next, 0, 0);
	if (!ts || !*ts || *ts > now) {
		s->untracked++;
		return 0;
	}
	u64 delta = now - *ts;
	*ts = 0;
	record(s, delta);
	return 0;
}
