/* rqlat: system-wide run-queue latency, every task, whatever the scheduler.
 *
 * Why: a workload only sees its own latency; a scheduler can look good on
 * the workload's threads while starving everything else on the machine.
 * This tracer measures the time each task spends runnable but not running
 * (enqueue -> on-CPU), for all tasks, the way bcc's runqlat does:
 *
 *   sched_wakeup / sched_wakeup_new  the task became runnable: stamp it.
 *   sched_switch, prev still runnable (preempted, or yielded with state
 *                 TASK_RUNNING)       it waits on a run queue again: stamp
 *                                     it and count a re-queue.
 *   sched_switch, next               it got the CPU: now - stamp goes into
 *                                     the histogram; the stamp is cleared.
 *
 * The stamp lives in task-local storage (freed with the task, no pid reuse
 * races, no cleanup pass). The histogram is a per-CPU array using the
 * suite's log-linear layout (bpf/scxb_rqlat.h), so the hot path is a
 * non-atomic increment on a CPU-local counter. Tracepoints are tp_btf
 * (raw, BTF-typed arguments: no ring buffer, no string formatting).
 * sched_switch's prev_state argument (5.18+) is what __schedule() acted on;
 * re-reading prev->__state here could race with a concurrent wakeup.
 */
/* Not scxb.bpf.h: the tracer uses no sched_ext kfunc and should carry no
 * scheduler globals (its exit-info .data), so it also loads on kernels
 * without sched_ext, under EEVDF alone. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "scxb_rqlat.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, u64); /* ktime when the task last became runnable; 0 = none */
} rq_enq_ts SEC(".maps");

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

static __always_inline void stamp(struct task_struct *p, u64 now)
{
	u64 *ts = bpf_task_storage_get(&rq_enq_ts, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (ts)
		*ts = now;
}

static __always_inline int on_wakeup(struct task_struct *p)
{
	struct rqlat_stats *s = stats();
	if (!p->pid) /* an idle task is never queued */
		return 0;
	stamp(p, bpf_ktime_get_ns());
	if (s)
		s->wakeups++;
	return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(rqlat_wakeup, struct task_struct *p)
{
	return on_wakeup(p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(rqlat_wakeup_new, struct task_struct *p)
{
	return on_wakeup(p);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(rqlat_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	struct rqlat_stats *s = stats();
	u64 now = bpf_ktime_get_ns();
	u32 zero = 0;

	if (!s)
		return 0;
	/* prev stays on the run queue: it waits again from now */
	if (prev->pid && (preempt || prev_state == 0 /* TASK_RUNNING */)) {
		stamp(prev, now);
		s->requeues++;
	}
	if (!next->pid)
		return 0;
	/* no create: a task with no stamp was runnable before we attached */
	u64 *ts = bpf_task_storage_get(&rq_enq_ts, next, 0, 0);
	if (!ts || !*ts || *ts > now) {
		s->untracked++;
		return 0;
	}
	u64 delta = now - *ts;
	*ts = 0;
	u32 idx = rqlat_bucket(delta);
	u64 *cnt = bpf_map_lookup_elem(&rq_hist, &idx);
	if (cnt)
		*cnt += 1;
	s->samples++;
	s->sum_ns += delta;
	u64 *max = bpf_map_lookup_elem(&rq_max, &zero);
	if (max && delta > *max)
		*max = delta;
	return 0;
}
