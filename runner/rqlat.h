/* SPDX-License-Identifier: GPL-2.0-only */
/* System-wide run-queue latency tracer (runner/bpf/rqlat.bpf.c): load,
 * attach, read windows, detach.
 *
 * The runner starts it once per run (attached all the time, or sampled in
 * windows of 0.25-0.5 s for a fraction `duty` of the time: see rqlat.c), calls
 * rqlat_reset() before each repeat, rqlat_tick() while it waits for the
 * repeat (sampling only), and rqlat_read_and_reset() after it, and stores the summary under
 * the repeat's "system" object as "runq_latency". Counters in BPF are never
 * cleared: a window is the difference between two snapshots, so no event
 * between a read and the next reset is lost or double counted.
 */
#ifndef SCXB_RQLAT_H_USER
#define SCXB_RQLAT_H_USER

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "workloads/histogram.h"

struct rqlat;

/* Opens the embedded object, loads and attaches its three tracepoint
 * programs, all the time (duty >= 1) or in sampling windows covering that
 * fraction of the time (0 < duty < 1). NULL with a one-line reason in err
 * on failure (no BPF, no BTF, no permission): the caller warns and runs
 * without it. */
struct rqlat *rqlat_start(double duty, char *err, size_t len);
/* Starts a new window now; expect_s (0: unknown) is how long it will
 * probably last, so that sampling puts a first window inside it. */
void rqlat_reset(struct rqlat *r, double expect_s);
/* Sampling: attaches or detaches when a window is due. Returns the
 * CLOCK_MONOTONIC time (seconds) by which it wants to be called again, 0
 * when nothing is scheduled (always attached, or no repeat under way).
 * Call it often (within a few ms of that time) between rqlat_reset() and
 * rqlat_read_and_reset(). */
double rqlat_tick(struct rqlat *r);
/* Length in seconds of one sampling window at this duty for a repeat of
 * expect_s (0: unknown): 0.5 s, shortened down to 0.25 s so that a repeat
 * shorter than one duty period (which still gets its one window) is traced
 * for about the duty, not more. */
double rqlat_window_s(double duty, double expect_s);
/* Summary of the window since the last reset (then starts a new one):
 * {"count","p50_us","p90_us","p99_us","p999_us","max_us","mean_us",
 *  "requeues","untracked","histogram":{...hist_to_json, ns...}}
 * count: waits measured (each ended by a switch-in); requeues: switch-outs
 * that left the task runnable; untracked: switch-ins whose wait started
 * before the tracer knew the task (tasks already runnable at attach).
 * Plus the tracer's own cost, "tracer_events", "tracer_ns_per_event" and
 * "tracer_cpu_s", when the kernel's BPF run statistics are on (sysctl
 * kernel.bpf_stats_enabled=1, or run --bpf-stats); "tracer_duty", and when sampling
 * "traced_s", the time the programs were attached in the window. New
 * reference, or NULL if the maps cannot be read. */
json_t *rqlat_read_and_reset(struct rqlat *r);
/* Detaches and unloads; NULL is fine. */
void rqlat_stop(struct rqlat *r);

/* ---- pure parts, unit tested on the host ---------------------------------- */
/* Window totals summed over CPUs (current minus baseline). */
struct rqlat_window {
	uint64_t requeues, samples, sum_ns, untracked;
};

/* Fills h from the tracer's bucket counts (RQLAT_BUCKETS of them, already
 * summed over CPUs and differenced) and the window totals. The tracer
 * keeps no exact extremes: min is the lowest non-empty bucket's lower
 * bound, max the highest one's upper bound (within 1/128, like the
 * percentiles, which then always lie between them). */
void rqlat_fill_hist(struct histogram *h, const uint64_t *buckets, const struct rqlat_window *w);
/* The "runq_latency" object for a window (new reference). */
json_t *rqlat_summary_json(const struct histogram *h, const struct rqlat_window *w);

#endif
