/* SPDX-License-Identifier: GPL-2.0-only */
/* Worker processes for the conformance probes: CPU hogs and wakers whose
 * progress, longest time off the CPU and observed CPUs the probe reads from
 * shared memory, and the kernel's view of a task (schedstat, "ext.enabled").
 *
 * Why one library: a probe judges a scheduler by what its workers saw, so
 * every probe must measure "ran", "waited" and "finished" the same way.
 */
#ifndef SCXB_WORKERS_H
#define SCXB_WORKERS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define WORKERS_MAX 64

/* A worker spins in chunks of chunk_us (wall time, so a chunk that was
 * preempted ends as soon as it runs again), or of chunk_iters loop
 * iterations, and after each chunk records the time; the longest gap
 * between two chunk ends is the longest time it was kept off the CPU
 * (plus one chunk). With sleep_us it sleeps after each
 * chunk (a waker: a stream of wakeups); with yield it calls sched_yield()
 * (a steady stream of enqueues a scheduler sees even when no slice
 * expires); with work_s it exits 0 once it has had that much CPU time
 * (so "they finish" is checkable). Workers close every inherited file
 * descriptor first, so a worker that cannot die (a scheduler starves it)
 * never holds the probe's result pipe open. */
struct worker_stat {
	volatile uint64_t chunks;
	volatile uint64_t first_ns;    /* first chunk end (0: never ran) */
	volatile uint64_t last_ns;     /* latest chunk end */
	volatile uint64_t max_gap_ns;  /* longest time between chunk ends */
	volatile uint64_t samples;     /* sched_getcpu() samples checked */
	volatile uint64_t violations;  /* ... that were outside the own mask */
	volatile int32_t bad_cpu;      /* first violation: CPU */
	volatile uint32_t mask_changes;
	volatile uint64_t bad_mask;    /* first violation: the mask (CPUs 0-63) */
	volatile uint64_t gap_since_ns;/* max_gap measured from this time (reset by workers_reset_gaps) */
};

struct worker_spec {
	const char *comm;      /* task name (PR_SET_NAME), NULL keeps the probe's */
	int nice;
	int policy;            /* SCHED_* to set at start, -1 keeps the inherited */
	uint64_t mask;         /* CPUs (bit per CPU < 64) to pin to at start, 0 keeps */
	double chunk_us;       /* default 1000 */
	uint64_t chunk_iters;  /* > 0: a chunk is this many iterations, not chunk_us */
	double sleep_us;       /* > 0: sleep after each chunk */
	bool yield;            /* sched_yield() after each chunk */
	double work_s;         /* > 0: exit 0 after this much of its own CPU time */
	/* self-changing affinity: cycle through masks[] every period_s, and
	 * check each sched_getcpu() sample against the current own mask */
	uint64_t masks[8];
	int nr_masks;
	double period_s;
	bool check_cpu;
};

struct workers {
	int n;
	pid_t pids[WORKERS_MAX];
	char comm[WORKERS_MAX][16];
	struct worker_stat *st;    /* shared, WORKERS_MAX entries */
	/* run-queue wait from /proc/PID/schedstat, sampled by workers_sample() */
	uint64_t wait0[WORKERS_MAX], wait_prev[WORKERS_MAX], wait_max_delta[WORKERS_MAX];
	uint64_t exec0[WORKERS_MAX], exec_now[WORKERS_MAX];
	bool sampled[WORKERS_MAX];
	uint64_t spawn_ns[WORKERS_MAX];
	double last_sample;
	int exited, failed;    /* reaped by workers_wait_exit; of which exited non-zero */
};

int workers_init(struct workers *g);
/* Start one worker; its index, or -1. */
int workers_start(struct workers *g, const struct worker_spec *w);
/* Sample every worker's schedstat (run-queue wait, CPU time). */
void workers_sample(struct workers *g);
/* Forget gaps so far: max_gap then covers only what follows. */
void workers_reset_gaps(struct workers *g);
/* How long worker i has been off the CPU right now: since its last chunk,
 * or since it was spawned if it never ran (ns). */
uint64_t worker_open_gap_ns(const struct workers *g, int i);
/* Longest gap of worker i, counting an ongoing one up to now (ns). */
uint64_t worker_gap_ns(const struct workers *g, int i);
/* Chunks done by all workers so far (their progress). */
uint64_t workers_chunks(const struct workers *g);
/* Wait up to timeout_s for every worker to exit by itself (work_s); true
 * if all did, with status 0. */
bool workers_wait_exit(struct workers *g, double timeout_s);
/* SIGKILL every worker and reap for up to wait_s; returns how many could
 * not be reaped (a starved task cannot run to die). Unmaps when all are. */
int workers_stop(struct workers *g, double wait_s);

/* ---- any task ------------------------------------------------------------------ */
/* /proc/PID/schedstat: CPU time, run-queue wait (ns), timeslices; 0 or -1 */
int task_schedstat(pid_t pid, uint64_t *exec_ns, uint64_t *wait_ns, uint64_t *slices);
/* /proc/PID/sched "ext.enabled": 1 on sched_ext, 0 not, -1 unknown */
int task_on_ext(pid_t pid);

#endif
