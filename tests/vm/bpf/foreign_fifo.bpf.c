// SPDX-License-Identifier: GPL-2.0-only
/* foreign_fifo — a scheduler we did not write: FIFO, ignores nice.
 *
 * Why: FIFO policies (scx_prev, scx_pair, scx_userland) ignore task weights
 * by design. The weights probe must fail such a scheduler when nobody said
 * so (the schedulers people run honour nice), and pass it once the user
 * declares it (--sched-opt foreign_fifo.ignores=weights). Uses only
 * vmlinux.h and libbpf's headers, like any scheduler from elsewhere.
 *
 * Policy: every task goes to the global DSQ in arrival order with the
 * default slice; nice is not looked at.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "GPL";

SEC("struct_ops/foreign_fifo_enqueue")
void BPF_PROG(foreign_fifo_enqueue, struct task_struct *p, u64 enq_flags)
{
	scx_bpf_dsq_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

SEC(".struct_ops.link")
struct sched_ext_ops foreign_fifo_ops = {
	.enqueue = (void *)foreign_fifo_enqueue,
	.name = "foreign_fifo",
};
