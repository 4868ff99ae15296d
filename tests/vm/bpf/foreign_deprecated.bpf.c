// SPDX-License-Identifier: GPL-2.0-only
/* foreign_deprecated — a scheduler we did not write, using a deprecated op.
 *
 * Why: the kernel logs a deprecation notice at every load of a scheduler
 * implementing ops.cpu_release ("ops->cpu_acquire/release() are
 * deprecated, use sched_switch TP instead"). That is a finding about the
 * scheduler, to be reported under its own name, not a failure of the
 * reload probe that happens to load it 50 times. Only vmlinux.h and
 * libbpf's headers.
 *
 * Policy: a global FIFO; cpu_release does nothing (the tasks it would have
 * to re-enqueue are re-enqueued by the kernel anyway).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "GPL";

SEC("struct_ops/foreign_deprecated_enqueue")
void BPF_PROG(foreign_deprecated_enqueue, struct task_struct *p, u64 enq_flags)
{
	scx_bpf_dsq_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

SEC("struct_ops/foreign_deprecated_cpu_release")
void BPF_PROG(foreign_deprecated_cpu_release, s32 cpu, struct scx_cpu_release_args *args)
{
}

SEC(".struct_ops.link")
struct sched_ext_ops foreign_deprecated_ops = {
	.enqueue = (void *)foreign_deprecated_enqueue,
	.cpu_release = (void *)foreign_deprecated_cpu_release,
	.name = "foreign_deprecated",
};
