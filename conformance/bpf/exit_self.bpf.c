// SPDX-License-Identifier: GPL-2.0-only
/* exit_self — a scheduler that unregisters itself (conformance helper).
 *
 * Why: a scheduler may decide to leave (scx_bpf_exit(): SCX_EXIT_UNREG_BPF
 * with its own exit code and message), and whoever runs it must be able to
 * tell that from a crash: the exit probe checks that the kind, the code and
 * the message come back exactly as the scheduler gave them.
 *
 * Policy: a global FIFO like `simple`; once user space sets armed = 1, the
 * next enqueue calls scx_bpf_exit(exit_code_req, "... nonce %llu").
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("conformance helper: scx_bpf_exit(code, msg) once armed", 0);

u64 armed SEC(".bss");
u64 exit_code_req SEC(".bss");
u64 nonce SEC(".bss");
SCXB_STAT(exit_calls);

void BPF_STRUCT_OPS(exit_self_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (armed == 1 && __sync_val_compare_and_swap(&armed, 1, 2) == 1) {
		SCXB_INC(exit_calls);
		scxb_exit(exit_code_req, "exit_self: leaving on request, nonce %llu", nonce);
	}
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(exit_self_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops exit_self_ops = {
	.enqueue = (void *)exit_self_enqueue,
	.exit = (void *)exit_self_exit,
	.timeout_ms = 5000,
	.name = "exit_self",
};
