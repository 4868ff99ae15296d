// SPDX-License-Identifier: GPL-2.0-only
/* verifier_reject — a scheduler the kernel's verifier must refuse.
 *
 * Used by tests/vm/reliability.t: a scheduler that fails to load has to
 * become a recorded failure (message + the tail of the verifier log), and
 * the run has to go on with the next row. The defect is the classic one:
 * the value of a map lookup is used without the NULL check, which the
 * verifier reports as "invalid mem access 'map_value_or_null'".
 */
#include "scxb.bpf.h"

SCXB_LICENSE;

struct {
	/* a hash map: lookups really may return NULL (for an array map and a
	 * constant in-range key, newer verifiers know the value exists) */
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

void BPF_STRUCT_OPS(reject_enqueue, struct task_struct *p, u64 enq_flags)
{
	u32 key = 0;
	u64 *n = bpf_map_lookup_elem(&counts, &key);

	*n += 1; /* deliberately unchecked: the verifier must reject this */
	scxb_insert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enq_flags);
}

SEC(".struct_ops.link")
struct sched_ext_ops reject_ops = {
	.enqueue = (void *)reject_enqueue,
	.name = "verifier_reject",
};
