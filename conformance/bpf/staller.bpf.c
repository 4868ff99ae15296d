// SPDX-License-Identifier: GPL-2.0-only
/* staller — a scheduler that stops dispatching one task (conformance helper).
 *
 * Why: the kernel's watchdog is sched_ext's last line of defence — a task
 * left runnable longer than ops.timeout_ms must eject the scheduler with
 * SCX_EXIT_ERROR_STALL and every task must go back to the fair class. The
 * watchdog probe needs a scheduler that stalls a task on demand, so it can
 * check exactly that with a short timeout.
 *
 * Policy: a global FIFO like `simple`, except that the task whose pid user
 * space writes into stall_pid is parked in a DSQ no CPU ever consumes.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("conformance helper: parks the task named by stall_pid in a DSQ nobody consumes", 0);

#define STALL_DSQ 1

u64 stall_pid SEC(".bss"); /* written by user space once attached */
SCXB_STAT(stalled);

static __always_inline bool is_victim(const struct task_struct *p)
{
	return stall_pid && (u64)p->pid == stall_pid;
}

s32 BPF_STRUCT_OPS(staller_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu;

	if (is_victim(p))
		return prev_cpu;
	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	if (is_idle)
		scxb_insert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(staller_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (is_victim(p)) {
		SCXB_INC(stalled);
		scxb_insert(p, STALL_DSQ, SCX_SLICE_DFL, enq_flags);
		return;
	}
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(staller_init)
{
	return scx_bpf_create_dsq(STALL_DSQ, -1);
}

void BPF_STRUCT_OPS(staller_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops staller_ops = {
	.select_cpu = (void *)staller_select_cpu,
	.enqueue = (void *)staller_enqueue,
	.init = (void *)staller_init,
	.exit = (void *)staller_exit,
	.timeout_ms = 3000,
	.name = "staller",
};
