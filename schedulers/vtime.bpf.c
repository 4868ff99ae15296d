// SPDX-License-Identifier: GPL-2.0-only
/* vtime — weighted fair queuing by virtual time.
 *
 * Policy: each task carries a virtual time (p->scx.dsq_vtime). While it runs,
 * its vtime advances by the time it used scaled by 100/weight, so a nice 0
 * task (weight 100) ages at wall-clock speed and a nice 5 task (weight ~33)
 * three times faster. Runnable tasks wait in one shared queue ordered by
 * vtime and a CPU always takes the task with the lowest vtime, so under
 * contention CPU time is shared in proportion to weight.
 *
 * Two details make the weights hold even for two tasks sharing one CPU:
 *  - the slice is scaled by weight (slice_ns x weight/100, clamped), so
 *    even a strict alternation hands out time in the right proportion;
 *  - when a slice expires the kernel asks for the next task (ops.dispatch)
 *    before it puts the expiring task back in the queue. A plain vtime queue
 *    would therefore always switch, and two tasks would alternate 1:1
 *    whatever their weights. Here dispatch first charges the expiring task
 *    and compares its vtime with the head of the queue: if it is still the
 *    lowest it simply gets a new slice and keeps the CPU.
 *
 * A task that sleeps keeps its vtime, but when it wakes its vtime is raised
 * to at least (current vtime - one slice): a sleeper may bank at most one
 * slice of credit, so it runs promptly after waking without starving the
 * tasks that kept running. New tasks start at the current vtime. A waking
 * task goes straight to an idle CPU if the kernel's default selection finds
 * one. A task is charged for at most twice its slice per run (overruns are
 * the kernel's lateness), and a renice takes effect at once: the time so far
 * is charged at the old weight and the slice cut to the new one.
 *
 * Tunables:
 *   slice_ns      base slice for weight 100 (default 20 ms)
 *   slice_min_ns  lower clamp of the weighted slice (default 2 ms)
 *   slice_max_ns  upper clamp of the weighted slice (default 80 ms)
 *   keep_prev     1 = compare the expiring task with the queue head (default);
 *                 0 = always switch (shows the 1:1 alternation described above)
 *
 * Trade-off: proportional fairness with one shared queue (one lock) and no
 * latency notion beyond the sleeper credit: a waking interactive task still
 * waits for the running task's slice to end.
 *
 * In the recommendation: a candidate where nice values must mean what they
 * say: the fairness half of multitenant, and batch or server mixes of
 * CPU-bound tasks at different nice levels. It has no cgroup weights (the
 * tenants half) and no preemption on wakeup, so desktop and realtime are
 * better served by deadline.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("weighted fair queuing: shared queue ordered by vtime (used time x 100/weight)", 1);
SCXB_PURPOSE("for: CPU shares that follow nice (fairness, batch mixes at several nice levels); cost: no preemption on wakeup, a woken task waits for the running slice");

#define VTIME_DSQ 0

const volatile u64 slice_ns = SCX_SLICE_DFL;
const volatile u64 slice_min_ns = 2000000ULL;
const volatile u64 slice_max_ns = 80000000ULL;
const volatile u32 keep_prev = 1;

SCXB_STAT(enqueued);      /* tasks queued on the shared vtime queue */
SCXB_STAT(direct_idle);   /* wakeups sent straight to an idle CPU */
SCXB_STAT(dispatched);    /* tasks moved from the shared queue to a CPU */
SCXB_STAT(kept_prev);     /* expiring task kept the CPU (still lowest vtime) */
SCXB_STAT(credit_clamped);/* sleepers whose banked credit was cut to one slice */
SCXB_STAT(overrun_capped);/* charges cut to twice the slice (preempted late) */

/* Highest vtime of any task that started running: the system's "now". */
static u64 vtime_now;

struct task_ctx {
	u64 started_at; /* when the task last started (or was last charged) */
	u32 weight;     /* weight the time since started_at is charged at */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

static __always_inline u64 slice_for(u32 weight)
{
	u64 s = scxb_slice(slice_ns) * weight / 100;

	if (s < slice_min_ns)
		s = slice_min_ns;
	if (slice_max_ns && s > slice_max_ns)
		s = slice_max_ns;
	return s;
}

static __always_inline u64 task_slice(const struct task_struct *p)
{
	return slice_for(scxb_weight(p));
}

/* Advance @p's vtime by the time it ran since it was last charged, at the
 * weight it had during that time (see vtime_set_weight), but by at most
 * twice the slice it was given: running longer is the kernel being late to
 * preempt (a delayed tick, an emulated CPU), not the task's choice, and a
 * nice 19 task (weight 1) charged 11 ms of overrun owes 1.1 s of vtime,
 * seconds of waiting behind a few busy tasks. */
static __always_inline void charge(struct task_struct *p, struct task_ctx *tctx, u64 now)
{
	u32 w = tctx->weight ? tctx->weight : scxb_weight(p);

	if (tctx->started_at && scxb_before(tctx->started_at, now)) {
		u64 ran = now - tctx->started_at, cap = 2 * slice_for(w);

		if (ran > cap) {
			ran = cap;
			SCXB_INC(overrun_capped);
		}
		p->scx.dsq_vtime += ran * 100 / w;
	}
	tctx->started_at = now;
	tctx->weight = scxb_weight(p);
}

static __always_inline void advance_now(u64 vt)
{
	if (scxb_before(vtime_now, vt))
		vtime_now = vt;
}

s32 BPF_STRUCT_OPS(vtime_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle) {
		SCXB_INC(direct_idle);
		scxb_insert(p, SCX_DSQ_LOCAL, task_slice(p), 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(vtime_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 vt = p->scx.dsq_vtime;
	u64 floor = vtime_now - scxb_slice(slice_ns);

	/* At most one slice of credit for having slept. Only wakeups are
	 * clamped: a task queued again after its slice or a preemption never
	 * slept, and clamping it would erode its weight whenever slices
	 * overrun (a tick late, a slow VM). */
	if (!(enq_flags & SCX_ENQ_WAKEUP) || scxb_before(vtime_now, scxb_slice(slice_ns)))
		floor = 0;
	if (scxb_before(vt, floor)) {
		vt = floor;
		p->scx.dsq_vtime = vt;
		SCXB_INC(credit_clamped);
	}
	SCXB_INC(enqueued);
	scxb_insert_vtime(p, VTIME_DSQ, task_slice(p), vt, enq_flags);
}

/* vtime of the first task in the shared queue; false if it is empty. */
static __always_inline bool head_vtime(u64 *vt)
{
	struct task_struct *p;

	bpf_for_each(scx_dsq, p, VTIME_DSQ, 0) {
		*vt = p->scx.dsq_vtime;
		return true;
	}
	return false;
}

void BPF_STRUCT_OPS(vtime_dispatch, s32 cpu, struct task_struct *prev)
{
	if (keep_prev && prev && (prev->scx.flags & SCX_TASK_QUEUED)) {
		struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, prev, 0, 0);
		u64 head;

		if (tctx) {
			charge(prev, tctx, scxb_now());
			if (!head_vtime(&head) || !scxb_before(head, prev->scx.dsq_vtime)) {
				/* Still the lowest vtime: a fresh slice, same CPU. */
				prev->scx.slice = task_slice(prev);
				advance_now(prev->scx.dsq_vtime);
				SCXB_INC(kept_prev);
				return;
			}
		}
	}
	if (scxb_move_to_local(VTIME_DSQ))
		SCXB_INC(dispatched);
}

void BPF_STRUCT_OPS(vtime_running, struct task_struct *p)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);

	if (tctx) {
		tctx->started_at = scxb_now();
		tctx->weight = scxb_weight(p);
	}
	advance_now(p->scx.dsq_vtime);
}

/* A renice while running: charge the time so far at the old weight and cut
 * the rest of the slice to what the new weight gets. Without this a task
 * that renices itself to 19 early in a 20 ms slice would be charged the
 * whole slice at weight 1 (2 s of vtime) and then wait seconds to run. */
void BPF_STRUCT_OPS(vtime_set_weight, struct task_struct *p, u32 weight)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	u64 s;

	if (!tctx || !tctx->started_at)
		return;
	charge(p, tctx, scxb_now());
	s = task_slice(p);
	if (p->scx.slice > s)
		p->scx.slice = s;
}

void BPF_STRUCT_OPS(vtime_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);

	if (tctx) {
		charge(p, tctx, scxb_now());
		tctx->started_at = 0;
	}
}

void BPF_STRUCT_OPS(vtime_enable, struct task_struct *p)
{
	p->scx.dsq_vtime = vtime_now;
}

s32 BPF_STRUCT_OPS(vtime_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	if (!bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE))
		return -ENOMEM;
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(vtime_init)
{
	if (slice_max_ns && slice_min_ns > slice_max_ns) {
		scxb_error("slice_min_ns=%llu above slice_max_ns=%llu", slice_min_ns, slice_max_ns);
		return -EINVAL;
	}
	return scx_bpf_create_dsq(VTIME_DSQ, -1);
}

void BPF_STRUCT_OPS(vtime_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops vtime_ops = {
	.select_cpu = (void *)vtime_select_cpu,
	.enqueue = (void *)vtime_enqueue,
	.dispatch = (void *)vtime_dispatch,
	.running = (void *)vtime_running,
	.stopping = (void *)vtime_stopping,
	.set_weight = (void *)vtime_set_weight,
	.enable = (void *)vtime_enable,
	.init_task = (void *)vtime_init_task,
	.init = (void *)vtime_init,
	.exit = (void *)vtime_exit,
	/* The lowest vtime always runs next and sleeper credit is bounded, so
	 * no runnable task waits more than a few slices per competitor; 10 s
	 * allows for TCG's slowdown and flags a real stall quickly. */
	.timeout_ms = 10000,
	.name = "vtime",
};
