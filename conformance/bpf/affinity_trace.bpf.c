// SPDX-License-Identifier: GPL-2.0-only
/* affinity_trace — sched_switch tracer for the affinity probe (not a scheduler).
 *
 * Why: a task sampling sched_getcpu() only sees the moments it runs user
 * code; the kernel's sched_switch tracepoint sees every time a watched task
 * is put on a CPU. At each switch-in of a task whose pid is in `watch`, the
 * CPU must be in the task's own cpumask at that moment (next->cpus_ptr):
 * the check stays right while masks change mid-run.
 */
#include "scxb.bpf.h"

SCXB_LICENSE;

struct aff_stats {
	u64 switches;   /* switch-ins of watched tasks */
	u64 violations; /* ... onto a CPU outside the task's mask */
	u32 bad_pid;
	s32 bad_cpu;
	u64 bad_mask;   /* the 64-CPU word of the mask holding bad_cpu */
	u64 cpu_seen;   /* bit per CPU (< 64) a watched task ran on */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, u32);
	__type(value, u8);
} watch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct aff_stats);
} aff_stats SEC(".maps");

SEC("tp_btf/sched_switch")
int BPF_PROG(scxb_aff_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
	     unsigned int prev_state)
{
	u32 pid = BPF_CORE_READ(next, pid), k = 0, cpu;
	const struct cpumask *mask;
	struct aff_stats *s;
	u64 word = 0;

	if (!bpf_map_lookup_elem(&watch, &pid))
		return 0;
	s = bpf_map_lookup_elem(&aff_stats, &k);
	if (!s)
		return 0;
	cpu = bpf_get_smp_processor_id();
	mask = BPF_CORE_READ(next, cpus_ptr);
	if (bpf_probe_read_kernel(&word, sizeof(word), &mask->bits[(cpu >> 6) & 127]))
		return 0;
	__sync_fetch_and_add(&s->switches, 1);
	if (cpu < 64)
		__sync_fetch_and_or(&s->cpu_seen, 1ULL << cpu);
	if (!((word >> (cpu & 63)) & 1)) {
		if (__sync_fetch_and_add(&s->violations, 1) == 0) {
			s->bad_pid = pid;
			s->bad_cpu = cpu;
			s->bad_mask = word;
		}
	}
	return 0;
}
