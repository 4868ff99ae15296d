// SPDX-License-Identifier: GPL-2.0-only
/* leak_dsq — BROKEN on purpose (self-test of the reload probe).
 *
 * Why: the suite is worth the bugs it catches. This scheduler has one seeded
 * defect and `make check` asserts that the reload probe reports it.
 *
 * Policy: one FIFO DSQ, whose id comes from a small pool of DSQ ids that
 * outlives the scheduler (a map pinned at /sys/fs/bpf/scxb_leak_pool, as a
 * scheduler shares state with its next instance). Seeded defect: ops.exit
 * never returns the id to the pool, so every load leaks one; after
 * pool_size loads ops.init fails and the scheduler can no longer be loaded.
 * (The pin needs bpffs at /sys/fs/bpf; remove the pin to reset the pool.)
 */
#include "scxb.bpf.h"

SCXB_LICENSE;
SCXB_META("BROKEN (self-test): leaks one DSQ id of a pinned pool per load", 0);

#define DSQ_BASE 1000

const volatile u64 pool_size = 16;

struct pool {
	u64 next; /* ids handed out so far (never given back: the defect) */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct pool);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} scxb_leak_pool SEC(".maps");

u64 my_dsq SEC(".bss");
SCXB_STAT(enqueued);

void BPF_STRUCT_OPS(leak_dsq_enqueue, struct task_struct *p, u64 enq_flags)
{
	SCXB_INC(enqueued);
	scxb_insert(p, my_dsq, SCX_SLICE_DFL, enq_flags);
}

void BPF_STRUCT_OPS(leak_dsq_dispatch, s32 cpu, struct task_struct *prev)
{
	scxb_move_to_local(my_dsq);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(leak_dsq_init)
{
	u32 k = 0;
	struct pool *pool = bpf_map_lookup_elem(&scxb_leak_pool, &k);
	u64 id;

	if (!pool)
		return -ENOENT;
	id = __sync_fetch_and_add(&pool->next, 1);
	if (id >= pool_size) {
		scxb_error("leak_dsq: DSQ id pool exhausted: %llu ids taken, none returned", id);
		return -ENOSPC;
	}
	my_dsq = DSQ_BASE + id;
	return scx_bpf_create_dsq(my_dsq, -1);
}

void BPF_STRUCT_OPS(leak_dsq_exit, struct scx_exit_info *ei)
{
	/* the seeded defect: my_dsq's id is not given back to the pool */
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops leak_dsq_ops = {
	.enqueue = (void *)leak_dsq_enqueue,
	.dispatch = (void *)leak_dsq_dispatch,
	.init = (void *)leak_dsq_init,
	.exit = (void *)leak_dsq_exit,
	.timeout_ms = 10000,
	.name = "leak_dsq",
};
