/* SPDX-License-Identifier: GPL-2.0-only */
/* What a scheduler's BPF programs cost: the kernel's per-program run
 * statistics (run_cnt, run_time_ns), read before and after a workload
 * repeat (`scxbench run --bpf-stats`).
 *
 * The kernel only counts while run-time statistics are on, which costs two
 * clock reads per program run. bpf_stats_enable() turns them on through
 * libbpf's bpf_enable_stats(): the fd it returns keeps them on until it is
 * closed, and the kernel turns them off by itself when the process dies,
 * so there is no sysctl to write and nothing to restore on any exit path.
 *
 * A repeat's record ("bpf_stats" beside "sched_counters"):
 *   {"programs": {"<prog>": {"runs": N, "ns": T}, ...},
 *    "runs": sum N, "ns": sum T, "ns_per_s": sum T / elapsed seconds}
 */
#ifndef SCXB_BPF_STATS_H
#define SCXB_BPF_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

struct bpf_object;

#define BPF_STATS_MAX_PROGS 64

struct bpf_prog_stat {
	char name[64];
	uint64_t runs, ns;
};

/* Cumulative counters of a set of programs at one moment. */
struct bpf_stats_snap {
	int n;
	struct bpf_prog_stat prog[BPF_STATS_MAX_PROGS];
};

/* Turns the kernel's BPF run-time statistics on while the returned fd is
 * open; -1 with a one-line reason naming --bpf-stats (errno text
 * included) when the kernel refuses (too old, no CAP_SYS_ADMIN). */
int bpf_stats_enable(char *err, size_t errlen);
/* A loaded program's cumulative run count and run time (0 while the
 * statistics are off); -1 if the kernel does not answer. */
int bpf_stats_prog_read(int prog_fd, uint64_t *runs, uint64_t *ns);
/* The struct_ops programs of a loaded object, named as in the object. */
void bpf_stats_snap_obj(struct bpf_object *obj, struct bpf_stats_snap *s);
/* CLOCK_BOOTTIME in ns: the clock of a program's load_time. */
uint64_t bpf_stats_boottime_ns(void);
/* A scheduler some other program loaded (--sched-cmd): every loaded
 * sched_ext_ops struct_ops program loaded at or after since_ns
 * (bpf_stats_boottime_ns() when the attach began), named by the kernel
 * (at most 15 characters). -1 when the kernel cannot be asked. */
int bpf_stats_snap_loaded_since(uint64_t since_ns, struct bpf_stats_snap *s);

/* ---- pure parts, unit tested on the host ---------------------------------- */
/* Appends one program (ignored when full). */
void bpf_stats_snap_add(struct bpf_stats_snap *s, const char *name, uint64_t runs, uint64_t ns);
/* The repeat's record (shape above): after - before per program name (a
 * program missing before counts from 0; a counter that went backwards,
 * a program loaded anew, counts from 0 too); ns_per_s only when
 * elapsed_s > 0. New reference. */
json_t *bpf_stats_delta_json(const struct bpf_stats_snap *before, const struct bpf_stats_snap *after,
			     double elapsed_s);
/* A TAP comment's text for a record: "bpf: P 3.0 us x 44871, ... (N us/s)",
 * the top programs by run time (at most top of them), "bpf: no program
 * ran" when none did. */
void bpf_stats_line(const json_t *rec, int top, char *buf, size_t len);

#endif
