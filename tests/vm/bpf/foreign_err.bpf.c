// SPDX-License-Identifier: GPL-2.0-only
/* foreign_err — a scheduler we did not write: errors out after load.
 *
 * Why: most users point scxbench at schedulers that know nothing of our
 * bpf/ headers and record no exit info of their own. The suite must still
 * report how such a scheduler ended (exit kind, reason, message) from what
 * the kernel knows. So this file uses only vmlinux.h and libbpf's headers.
 *
 * Policy: a global FIFO (every task to SCX_DSQ_GLOBAL with the default
 * slice). error_after_ms after its first enqueue it calls scx_bpf_error(),
 * which the kernel turns into an ERROR_BPF exit carrying our message.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char _license[] SEC("license") = "GPL";

const volatile u64 error_after_ms = 2000;

static u64 first_ns;
static bool failed;

SEC("struct_ops/foreign_err_enqueue")
void BPF_PROG(foreign_err_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 now = bpf_ktime_get_ns();

	if (!first_ns)
		first_ns = now;
	if (!failed && now - first_ns > error_after_ms * 1000000ULL) {
		static char fmt[] = "foreign_err: giving up after %llu ms";
		u64 data[1] = { (now - first_ns) / 1000000ULL };

		failed = true;
		scx_bpf_error_bstr(fmt, data, sizeof(data));
	}
	scx_bpf_dsq_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

SEC(".struct_ops.link")
struct sched_ext_ops foreign_err_ops = {
	.enqueue = (void *)foreign_err_enqueue,
	.name = "foreign_err",
};
