/* SPDX-License-Identifier: GPL-2.0-only */
/* Run-queue wait of a changing set of tasks, from /proc/TID/schedstat.
 *
 * Why: for "is this scheduler better for MY job", the time the job's tasks
 * spent runnable but not running is the scheduler's direct cost, and
 * /proc/TID/schedstat (exec ns, run-queue wait ns, timeslices) has it per
 * thread. Tasks come and go while a job runs, so a sampler polls the live
 * set (the threads of a cgroup, or the descendants of a process) and keeps
 * each task's last value; the sum is a lower bound (a task's wait after its
 * last sample is lost when it exits between samples).
 */
#ifndef SCXB_WL_SCHEDSTAT_H
#define SCXB_WL_SCHEDSTAT_H

#include <stdint.h>
#include <sys/types.h>

struct wl_schedstat;

/* Track the threads listed in cgroup_dir/cgroup.threads when cgroup_dir is
 * non-NULL and readable, else the descendants of root (and root). Threads of
 * the calling process are never counted. */
struct wl_schedstat *wl_schedstat_new(const char *cgroup_dir, pid_t root);
void wl_schedstat_sample(struct wl_schedstat *s);
struct wl_schedstat_sum {
	uint64_t wait_ns;    /* run-queue wait, summed over every task seen */
	uint64_t exec_ns;    /* CPU time seen through schedstat */
	uint64_t slices;     /* timeslices (times run on a CPU) */
	uint64_t tasks;      /* distinct tasks seen */
	uint64_t samples;
	int from_cgroup;     /* 1: cgroup.threads, 0: /proc descendants */
	int available;       /* 0: schedstat unreadable (no CONFIG_SCHED_INFO) */
};
void wl_schedstat_sum(const struct wl_schedstat *s, struct wl_schedstat_sum *out);
void wl_schedstat_free(struct wl_schedstat *s);

/* Parse one schedstat line "exec wait slices"; 0 or -1. */
int wl_schedstat_parse(const char *line, uint64_t *exec, uint64_t *wait, uint64_t *slices);

#endif
