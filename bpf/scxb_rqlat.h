/* SPDX-License-Identifier: GPL-2.0-only */
/* Layout shared by the run-queue latency tracer (runner/bpf/rqlat.bpf.c)
 * and its reader (runner/rqlat.c).
 *
 * Why shared: the BPF side buckets every latency with exactly the same
 * log-linear layout as workloads/histogram.h (HIST_SUB_BITS = 7, relative
 * error <= 1/128), so user space copies bucket counts straight into a
 * struct histogram and gets the suite's usual percentiles and JSON. Only
 * plain C types, so it compiles for the BPF target and the host alike.
 *
 * One per-CPU record holds the counters and the whole histogram, so the
 * hot path does a single map lookup and a window is read with one syscall.
 * A per-CPU map value is limited to 32 KiB (PCPU_MIN_UNIT_SIZE), which sets
 * the range: values (nanoseconds) up to 2^(RQLAT_MAX_MSB+1) - 1 (~137 s,
 * beyond sched_ext's 30 s watchdog) get their own bucket; anything longer
 * is clamped into the last one. There is no separate exact maximum (it
 * could not be windowed without a write from user space): the reported
 * max is the top of the highest non-empty bucket, within 1/128 like every
 * percentile.
 */
#ifndef SCXB_RQLAT_H
#define SCXB_RQLAT_H

#define RQLAT_SUB_BITS 7
#define RQLAT_SUB_COUNT (1u << RQLAT_SUB_BITS)
#define RQLAT_MAX_MSB 36
/* row 0: values 0..127 exactly; rows 1..(MAX_MSB - SUB_BITS + 1): one per power of two */
#define RQLAT_ROWS (RQLAT_MAX_MSB - RQLAT_SUB_BITS + 2)
#define RQLAT_BUCKETS (RQLAT_ROWS * RQLAT_SUB_COUNT)

/* One CPU's record. All counters are monotonic: user space reads a window
 * as the difference of two snapshots and never writes them, so no event
 * is lost between a read and a reset. */
struct rqlat_cpu {
	unsigned long long requeues;  /* switch-outs that left the task runnable (preempted/yielded) */
	unsigned long long samples;   /* switch-ins with a known enqueue time = histogram count */
	unsigned long long sum_ns;    /* sum of the sampled latencies */
	unsigned long long untracked; /* switch-ins whose wait began before the tracer saw the task */
	unsigned long long hist[RQLAT_BUCKETS];
};

/* Index of the bucket for v; identical to hist_bucket_of() below the clamp.
 * Binary search for the leading bit: BPF has no count-leading-zeros, and
 * the verifier needs a bounded, loop-free computation. */
static inline unsigned int rqlat_bucket(unsigned long long v)
{
	unsigned int msb = 0;
	unsigned long long x = v;

	if (v < RQLAT_SUB_COUNT)
		return (unsigned int)v;
	if (x >> 32) { x >>= 32; msb += 32; }
	if (x >> 16) { x >>= 16; msb += 16; }
	if (x >> 8) { x >>= 8; msb += 8; }
	if (x >> 4) { x >>= 4; msb += 4; }
	if (x >> 2) { x >>= 2; msb += 2; }
	if (x >> 1) { msb += 1; }
	if (msb > RQLAT_MAX_MSB)
		return RQLAT_BUCKETS - 1;
	return (msb - RQLAT_SUB_BITS + 1) * RQLAT_SUB_COUNT +
	       ((unsigned int)(v >> (msb - RQLAT_SUB_BITS)) & (RQLAT_SUB_COUNT - 1));
}

#endif
