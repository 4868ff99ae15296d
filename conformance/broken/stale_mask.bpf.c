// SPDX-License-Identifier: GPL-2.0-only
/* stale_mask — BROKEN on purpose (self-test of the affinity probe).
 *
 * Why: the suite is worth the bugs it catches. This scheduler has one seeded
 * defect and `make check` asserts that the affinity probe reports it.
 *
 * Policy: per-CPU FIFO queues; each user task is queued on its "home" CPU,
 * the CPU it was on when it joined sched_ext (ops.enable), and each CPU
 * runs only its own queue (kernel threads share one global queue, so the
 * machine survives the defect long enough to be tested). Seeded defect: ops.set_cpumask ignores the new mask,
 * so a task whose affinity moves it off its home CPU is still queued there
 * — a CPU it may not run on. The kernel refuses to run it there and no
 * other CPU looks at that queue: the task is stuck until the watchdog.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("BROKEN (self-test): queues tasks on the CPU they joined on, ignores set_cpumask", 0);

#define PF_KTHREAD 0x00200000

struct task_ctx {
	s32 home;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

SCXB_STAT(home_queued);
SCXB_STAT(global_queued);

void BPF_STRUCT_OPS(stale_mask_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);

	if (!tctx || tctx->home < 0 || tctx->home >= SCXB_MAX_CPUS) {
		SCXB_INC(global_queued);
		scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
		return;
	}
	SCXB_INC(home_queued);
	scxb_insert(p, tctx->home, SCX_SLICE_DFL, enq_flags);
	scx_bpf_kick_cpu(tctx->home, SCX_KICK_IDLE);
}

void BPF_STRUCT_OPS(stale_mask_dispatch, s32 cpu, struct task_struct *prev)
{
	scxb_move_to_local(cpu);
}

void BPF_STRUCT_OPS(stale_mask_enable, struct task_struct *p)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (tctx)
		tctx->home = (p->flags & PF_KTHREAD) ? -1 : scx_bpf_task_cpu(p);
}

void BPF_STRUCT_OPS(stale_mask_set_cpumask, struct task_struct *p, const struct cpumask *cpumask)
{
	/* the seeded defect: the task's new mask is not looked at */
}

s32 BPF_STRUCT_OPS_SLEEPABLE(stale_mask_init)
{
	u32 n = scx_bpf_nr_cpu_ids(), i;

	if (n > SCXB_MAX_CPUS)
		n = SCXB_MAX_CPUS;
	bpf_for(i, 0, n) {
		s32 r = scx_bpf_create_dsq(i, -1);
		if (r)
			return r;
	}
	return 0;
}

void BPF_STRUCT_OPS(stale_mask_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops stale_mask_ops = {
	.enqueue = (void *)stale_mask_enqueue,
	.dispatch = (void *)stale_mask_dispatch,
	.enable = (void *)stale_mask_enable,
	.set_cpumask = (void *)stale_mask_set_cpumask,
	.init = (void *)stale_mask_init,
	.exit = (void *)stale_mask_exit,
	.timeout_ms = 30000,
	.name = "stale_mask",
};
