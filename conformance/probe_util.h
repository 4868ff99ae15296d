/* Helpers shared by the conformance probes.
 *
 * Why: every probe needs the same few instruments — worker processes whose
 * progress, longest gap between runs and observed CPUs are visible to the
 * probe (shared memory), the kernel's view of a task (schedstat,
 * /proc/PID/sched), new kernel log lines, the set of live BPF objects, and
 * the loaded scheduler's ops as the kernel holds them — and each probe
 * written on its own would get one of them subtly wrong.
 */
#ifndef SCXB_PROBE_UTIL_H
#define SCXB_PROBE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conformance/probe.h"
#include "runner/clock.h"
#include "runner/clock.h"

#define PU_MAX 64

/* ---- worker processes ------------------------------------------------------
 * A worker spins in chunks of chunk_us (wall time, so a chunk that was
 * preempted ends as soon as it runs again) and after each chunk records the
 * time; the longest gap between two chunk ends is the longest time it was
 * kept off the CPU (plus one chunk). With sleep_us it sleeps after each
 * chunk (a waker: a stream of wakeups). Workers close every inherited file
 * descriptor first, so a worker that cannot die (a scheduler starves it)
 * never holds the probe's result pipe open. */
struct pu_stat {
	volatile uint64_t chunks;
	volatile uint64_t first_ns;    /* first chunk end (0: never ran) */
	volatile uint64_t last_ns;     /* latest chunk end */
	volatile uint64_t max_gap_ns;  /* longest time between chunk ends */
	volatile uint64_t samples;     /* sched_getcpu() samples checked */
	volatile uint64_t violations;  /* ... that were outside the own mask */
	volatile int32_t bad_cpu;      /* first violation: CPU */
	volatile uint32_t mask_changes;
	volatile uint64_t bad_mask;    /* first violation: the mask (CPUs 0-63) */
	volatile uint64_t gap_since_ns;/* max_gap measured from this time (reset by pu_reset_gaps) */
};

struct pu_worker {
	const char *comm;      /* task name (PR_SET_NAME), NULL keeps the probe's */
	int nice;
	int policy;            /* SCHED_* to set at start, -1 keeps the inherited */
	uint64_t mask;         /* CPUs (bit per CPU < 64) to pin to at start, 0 keeps */
	double chunk_us;       /* default 1000 */
	double sleep_us;       /* > 0: sleep after each chunk */
	/* self-changing affinity: cycle through masks[] every period_s, and
	 * check each sched_getcpu() sample against the current own mask */
	uint64_t masks[8];
	int nr_masks;
	double period_s;
	bool check_cpu;
};

struct pu_group {
	int n;
	pid_t pids[PU_MAX];
	char comm[PU_MAX][16];
	struct pu_stat *st;    /* shared, PU_MAX entries */
	/* run-queue wait from /proc/PID/schedstat, sampled by pu_sample() */
	uint64_t wait0[PU_MAX], wait_prev[PU_MAX], wait_max_delta[PU_MAX];
	uint64_t exec0[PU_MAX], exec_now[PU_MAX];
	bool sampled[PU_MAX];
	uint64_t spawn_ns[PU_MAX];
	double last_sample;
};

int pu_group_init(struct pu_group *g);
/* Start one worker; its index, or -1. */
int pu_start(struct pu_group *g, const struct pu_worker *w);
/* Sample every worker's schedstat (run-queue wait, CPU time). */
void pu_sample(struct pu_group *g);
/* Forget gaps so far: max_gap then covers only what follows. */
void pu_reset_gaps(struct pu_group *g);
/* How long worker i has been off the CPU right now: since its last chunk,
 * or since it was spawned if it never ran (ns). */
uint64_t pu_open_gap_ns(const struct pu_group *g, int i);
/* Longest gap of worker i, counting an ongoing one up to now (ns). */
uint64_t pu_gap_ns(const struct pu_group *g, int i);
/* SIGKILL every worker and reap for up to wait_s; returns how many could
 * not be reaped (a starved task cannot run to die). Unmaps when all are. */
int pu_stop(struct pu_group *g, double wait_s);

/* /proc/PID/schedstat: CPU time, run-queue wait (ns), timeslices; 0 or -1 */
int pu_schedstat(pid_t pid, uint64_t *exec_ns, uint64_t *wait_ns, uint64_t *slices);
/* /proc/PID/sched "ext.enabled": 1 on sched_ext, 0 not, -1 unknown */
int pu_on_ext(pid_t pid);

/* ---- schedulers ---------------------------------------------------------------- */
/* A spec for one of the probes' own schedulers (conformance/bpf/NAME.bpf.c,
 * built into the binary), to change further and pass to sched_attach. */
void pu_helper_spec(struct sched_spec *spec, const char *name);
/* Is h still the enabled scheduler? If not, fill why with its exit (kind,
 * reason, message when recorded) and return false. */
bool pu_sched_alive(struct sched_handle *h, char *why, size_t len);
/* The loaded scheduler's ops, as the kernel holds them: 1 if op (a member
 * of struct sched_ext_ops, e.g. "cgroup_set_weight") is implemented, 0 if
 * not, -1 if it cannot be told. Works for any loader (BPF object or
 * program): reads the struct_ops map named like root/ops. */
int pu_loaded_ops_has(const char *op);
/* The loaded scheduler's watchdog timeout in ms (0 = kernel default), -1. */
long pu_loaded_ops_timeout_ms(void);
/* 1 if the running kernel's BTF has struct S member M, 0 if not, -1. */
int pu_kernel_has_member(const char *s, const char *m);

/* ---- kernel log ---------------------------------------------------------------- */
/* Start watching /dev/kmsg for new records (-1 when unreadable). */
int pu_kmsg_open(void);
/* What the kernel logged since pu_kmsg_open. */
struct pu_kmsg_report {
	int problems;          /* records at warning level or worse (a sched_ext
				* error exit is logged at error level), or naming
				* WARNING/BUG:/Oops/stall */
	char first[512];       /* the first of them */
	int known;             /* records left out of problems as known kernel-side
				* issues no BPF scheduler can cause (see probe_util.c) */
	char known_first[512];
	char match[512];       /* the first record containing the needle */
	int notices;           /* the kernel's notices about a scheduler's ops
				* (deprecated ops: runner/kmsg.h), reported as
				* their own finding, left out of problems */
	char notice_first[512];
};
/* Read the new records into r (needle may be NULL). Closes fd. Returns
 * r->problems, or -1 when fd < 0. */
int pu_kmsg_read(int fd, const char *needle, struct pu_kmsg_report *r);
/* kernel_log_problems/_first, kernel_log_known/_first and
 * kernel_notices/kernel_notice into diag */
void pu_kmsg_diag(json_t *diag, const struct pu_kmsg_report *r);

/* ---- BPF objects in the kernel ---------------------------------------------- */
/* ids of every loaded BPF program (progs=true) or map; count, or -1 */
int pu_bpf_ids(bool progs, uint32_t *ids, int max);
/* describe (type:name) ids in now[] that are not in before[]; count */
int pu_bpf_new(bool progs, const uint32_t *before, int nb, const uint32_t *now, int nn,
	       char *desc, size_t len);

/* ---- misc ---------------------------------------------------------------------- */
/* Comma list of CPUs in mask, e.g. "0,1". */
const char *pu_mask_str(uint64_t mask, char *buf, size_t len);

#endif
