// SPDX-License-Identifier: GPL-2.0-only
/* central — one CPU makes every scheduling decision.
 *
 * Policy: all runnable tasks wait in one FIFO queue. Only the central CPU
 * (tunable, default CPU 0) takes tasks out of it: in its ops.dispatch it
 * hands a task to every CPU that asked for work, by moving it straight into
 * that CPU's local queue (SCX_DSQ_LOCAL_ON | cpu), and then picks one for
 * itself. Other CPUs never choose: when one runs out of work it raises its
 * "waiting" flag and kicks the central CPU. Wakeups are steered to the
 * central CPU too, so the other CPUs are not disturbed.
 *
 * Tasks get an infinite slice (no tick needed, tickless-friendly); instead a
 * BPF timer checks every timer_interval_ns which CPUs have run their current
 * task for longer than slice_ns while others wait, and preempts them. The
 * timer belongs on the central CPU, but ops.init runs on whatever CPU loads
 * the scheduler, so init starts it unpinned; the central CPU's first
 * ops.dispatch re-arms it pinned to itself (timer_pinned). Should a callback
 * still run elsewhere (stat_timer_off_central), it clears timer_pinned and
 * the next central dispatch pins it again. When the central CPU is
 * interrupted only to serve other CPUs, its own task keeps running until its
 * slice is used.
 *
 * Tasks that cannot move are given only to their own CPU: a task whose
 * affinity excludes a CPU is skipped for it, and a migration-disabled task
 * (p->migration_disabled, older kernels send these to ops.enqueue) is given
 * only to the CPU it is on. Per-CPU kernel threads (ksoftirqd, kworkers) go
 * straight to the head of their own CPU's queue, preempting: the timer
 * itself may depend on them. Everything else is decided by the central CPU,
 * which the counters show: dispatches_central counts tasks handed out on the
 * central CPU, dispatches_other any handed out elsewhere (0 by design).
 *
 * Tunables:
 *   central_cpu        the deciding CPU (default 0; must exist)
 *   slice_ns           time slice enforced by the timer (default 20 ms)
 *   timer_interval_ns  how often the timer checks slices (default 1 ms)
 *
 * Trade-off: the other CPUs run undisturbed with no scheduling work of
 * their own, but every decision is serialized on one CPU, which also loses
 * time to it: throughput and wakeup latency suffer as the load grows.
 *
 * Its cost, measured (2-vCPU TCG VM, four VMs sharing the host's two
 * cores, so only the ratios mean anything; `scxbench run --vm --sched
 * central,simple --workload pipe,wakeup --probe none --tracer-duty 100
 * --repeat 5 --duration 2`): pipe 2050 round trips/s against simple's
 * 6490 (paired change -65%, CI -76..-30%). Per round trip central put 1.88
 * tasks on its queue (stat enqueued) and CPU 1 ran out of work 1.49 times
 * (stat requests), each time kicking CPU 0 and waiting for it to hand a
 * task over and kick back, where simple sent 1.09 wakeups per round trip
 * straight to an idle CPU. The run-queue tracer shows the wait: mean 149
 * us (p50 42) against simple's 46 (p50 11), i.e. about 200 of the 334 us
 * that each round trip takes longer; the rest is the two cross-CPU kicks
 * and the central CPU's own dispatch work. The slice timer is not the
 * cost (414 runs/s, 2.4 preemptions/s). wakeup: p50 94 against 68 us
 * (+37%, CI +31..+43%), every wakeup through the central queue (12160
 * enqueued/s for 10158 wakeups/s); its p99 was too noisy to compare.
 *
 * In the recommendation: rarely the pick for the five profiles, which all
 * load every CPU. A user picks it for machines whose CPUs but one should run
 * long CPU-bound tasks undisturbed (HPC, packet processing, a VM host's vCPU
 * threads), where sparing them scheduling work and ticks matters more than
 * wakeup latency: the batch profile with few, long tasks comes closest.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("one central CPU decides for all and fills their local queues; timer-enforced slices", 0);
SCXB_PURPOSE("shows: one CPU making every decision while the others run undisturbed; cost: every wakeup waits for the central CPU (pipe -65% against simple, see its source)");

#define CENTRAL_DSQ 0
#define PF_KTHREAD 0x00200000
#define CLOCK_MONOTONIC 1

const volatile s32 central_cpu = 0;
const volatile u64 slice_ns = SCX_SLICE_DFL;
const volatile u64 timer_interval_ns = 1000000ULL;

SCXB_STAT(enqueued);           /* tasks put on the central queue */
SCXB_STAT(dispatches_central); /* tasks handed out by the central CPU */
SCXB_STAT(dispatches_other);   /* tasks handed out by any other CPU: 0 */
SCXB_STAT(pinned_dispatches);  /* of those, migration-disabled/1-CPU tasks to their own CPU */
SCXB_STAT(kthread_local);      /* per-CPU kthreads queued on their own CPU */
SCXB_STAT(kept_central);       /* central's own task kept its CPU after serving others */
SCXB_STAT(requests);           /* times a CPU ran out of work and asked */
SCXB_STAT(timer_runs);
SCXB_STAT(timer_preempts);     /* CPUs preempted for running past their slice */
SCXB_STAT(timer_off_central);  /* timer callbacks that ran on another CPU */

static u32 nr_cpus = 1;
static u64 cpu_started_at[SCXB_MAX_CPUS]; /* start of the running task, 0 = idle */
static u32 cpu_waiting[SCXB_MAX_CPUS];    /* 1 = CPU asked the central CPU for work */
static s64 nr_waiting;
u32 timer_pinned; /* the timer runs on the central CPU (not static: clang would shrink it to a bool, which BTF rejects) */

struct central_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct central_timer);
} central_timer SEC(".maps");

static __always_inline u32 cidx(s32 cpu)
{
	return (u32)cpu & (SCXB_MAX_CPUS - 1);
}

static __always_inline bool on_central(void)
{
	return bpf_get_smp_processor_id() == (u32)central_cpu;
}

static int central_timerfn(void *map, int *key, struct bpf_timer *timer);

/* (Re)arm the timer from the central CPU so it stays pinned there. */
static __always_inline void pin_timer(void)
{
	struct bpf_timer *timer;
	u32 key = 0;

	if (timer_pinned || !on_central())
		return;
	timer = bpf_map_lookup_elem(&central_timer, &key);
	if (timer && !bpf_timer_start(timer, timer_interval_ns, BPF_F_TIMER_CPU_PIN))
		timer_pinned = 1;
}

s32 BPF_STRUCT_OPS(central_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	/* Only a hint: if @p may not run there the kernel picks an allowed
	 * CPU. Enqueueing on the central CPU keeps the others undisturbed. */
	return central_cpu;
}

void BPF_STRUCT_OPS(central_enqueue, struct task_struct *p, u64 enq_flags)
{
	if ((p->flags & PF_KTHREAD) && p->nr_cpus_allowed == 1) {
		SCXB_INC(kthread_local);
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_INF, enq_flags | SCX_ENQ_PREEMPT);
		return;
	}
	SCXB_INC(enqueued);
	scxb_insert(p, CENTRAL_DSQ, SCX_SLICE_INF, enq_flags);

	/* Someone is waiting for work: the central CPU must decide now. */
	if (nr_waiting > 0)
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
	else
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_IDLE);
}

/* Hand the first task that may run on @cpu to that CPU's local queue. */
static __always_inline bool dispatch_to(s32 cpu)
{
	struct bpf_iter_scx_dsq it;
	struct task_struct *p;
	bool moved = false;

	if (bpf_iter_scx_dsq_new(&it, CENTRAL_DSQ, 0)) {
		bpf_iter_scx_dsq_destroy(&it);
		return false;
	}
	while ((p = bpf_iter_scx_dsq_next(&it))) {
		bool pinned = false;

		if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
			continue;
		if (scxb_migration_disabled(p)) {
			if (scx_bpf_task_cpu(p) != cpu)
				continue;
			pinned = true;
		} else if (p->nr_cpus_allowed == 1) {
			pinned = true;
		}
		if (scxb_dsq_move(&it, p, SCX_DSQ_LOCAL_ON | (u64)cpu, 0)) {
			if (on_central())
				SCXB_INC(dispatches_central);
			else
				SCXB_INC(dispatches_other);
			if (pinned)
				SCXB_INC(pinned_dispatches);
			moved = true;
			break;
		}
	}
	bpf_iter_scx_dsq_destroy(&it);
	return moved;
}

void BPF_STRUCT_OPS(central_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 i;

	if (cpu != central_cpu) {
		/* Out of work: ask the central CPU, never choose ourselves. */
		if (!__sync_lock_test_and_set(&cpu_waiting[cidx(cpu)], 1))
			__sync_fetch_and_add(&nr_waiting, 1);
		SCXB_INC(requests);
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
		return;
	}

	pin_timer();

	/* Serve every CPU that asked. */
	bpf_for(i, 0, nr_cpus) {
		if ((s32)i == central_cpu || !cpu_waiting[cidx(i)])
			continue;
		if (!dispatch_to(i))
			continue;
		if (__sync_lock_test_and_set(&cpu_waiting[cidx(i)], 0))
			__sync_fetch_and_sub(&nr_waiting, 1);
		scx_bpf_kick_cpu(i, SCX_KICK_IDLE);
	}

	/* Our own task was interrupted only so that we could serve others:
	 * let it finish its slice. */
	if (prev && (prev->scx.flags & SCX_TASK_QUEUED)) {
		u64 st = cpu_started_at[cidx(cpu)];

		if (st && scxb_before(scxb_now(), st + scxb_slice(slice_ns))) {
			prev->scx.slice = SCX_SLICE_INF;
			SCXB_INC(kept_central);
			return;
		}
	}
	/* Then pick for ourselves (the kernel skips tasks that cannot run
	 * here, migration-disabled ones included). */
	if (scxb_move_to_local(CENTRAL_DSQ))
		SCXB_INC(dispatches_central);
}

void BPF_STRUCT_OPS(central_running, struct task_struct *p)
{
	cpu_started_at[cidx(scx_bpf_task_cpu(p))] = scxb_now() | 1;
}

void BPF_STRUCT_OPS(central_stopping, struct task_struct *p, bool runnable)
{
	cpu_started_at[cidx(scx_bpf_task_cpu(p))] = 0;
}

static int central_timerfn(void *map, int *key, struct bpf_timer *timer)
{
	u64 now = scxb_now();
	s32 queued = scx_bpf_dsq_nr_queued(CENTRAL_DSQ);
	u32 i;

	SCXB_INC(timer_runs);
	if (!on_central()) {
		SCXB_INC(timer_off_central);
		timer_pinned = 0; /* central's next dispatch re-pins it */
	}

	bpf_for(i, 0, nr_cpus) {
		u64 st = cpu_started_at[cidx(i)];

		if (!st || scxb_before(now, st + scxb_slice(slice_ns)))
			continue;
		/* Past its slice: preempt only if someone is waiting for it. */
		if (queued <= 0 && scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | i) <= 0)
			continue;
		SCXB_INC(timer_preempts);
		scx_bpf_kick_cpu(i, SCX_KICK_PREEMPT);
	}
	/* CPUs asked for work the central CPU has not handed out yet. */
	if (nr_waiting > 0 && queued > 0)
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);

	bpf_timer_start(timer, timer_interval_ns, timer_pinned ? BPF_F_TIMER_CPU_PIN : 0);
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(central_init)
{
	struct bpf_timer *timer;
	u32 key = 0, n = scx_bpf_nr_cpu_ids();
	s32 ret;

	nr_cpus = n > SCXB_MAX_CPUS ? SCXB_MAX_CPUS : (n ? n : 1);
	if (central_cpu < 0 || (u32)central_cpu >= nr_cpus) {
		scxb_error("central_cpu=%d out of range (0..%u)", central_cpu, nr_cpus - 1);
		return -EINVAL;
	}
	if (timer_interval_ns < 100000) {
		scxb_error("timer_interval_ns=%llu below 100000 (100 us)", timer_interval_ns);
		return -EINVAL;
	}
	ret = scx_bpf_create_dsq(CENTRAL_DSQ, -1);
	if (ret)
		return ret;

	timer = bpf_map_lookup_elem(&central_timer, &key);
	if (!timer)
		return -ESRCH;
	bpf_timer_init(timer, &central_timer, CLOCK_MONOTONIC);
	bpf_timer_set_callback(timer, central_timerfn);
	/* Started here on whatever CPU loads us; the central CPU re-arms it
	 * pinned to itself on its first dispatch. */
	return bpf_timer_start(timer, timer_interval_ns, 0);
}

void BPF_STRUCT_OPS(central_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops central_ops = {
	/* Being the last task on a CPU means nothing here: queue it centrally
	 * like any other, or the CPU would keep it without asking. */
	.flags = SCX_OPS_ENQ_LAST,
	.select_cpu = (void *)central_select_cpu,
	.enqueue = (void *)central_enqueue,
	.dispatch = (void *)central_dispatch,
	.running = (void *)central_running,
	.stopping = (void *)central_stopping,
	.init = (void *)central_init,
	.exit = (void *)central_exit,
	/* Every wait goes through one CPU and a 1 ms timer: allow 15 s (TCG
	 * slowdown) before the watchdog calls it a stall. */
	.timeout_ms = 15000,
	.name = "central",
};
