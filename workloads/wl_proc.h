/* SPDX-License-Identifier: GPL-2.0-only */
/* Child processes for generators: CPU hogs, bounded waits, CPU-time reads.
 *
 * Why: several workloads (fairness, interactive, tenants, messaging) need
 * helper processes that start together, are measured by CPU time received,
 * and never outlive the workload even if it crashes (PR_SET_PDEATHSIG, plus
 * the runner's cgroup kill). One place gets those details right.
 */
#ifndef SCXB_WL_PROC_H
#define SCXB_WL_PROC_H

#include <stdint.h>
#include <sys/types.h>

/* A start gate: children block in wl_gate_wait() until wl_gate_open(). */
struct wl_gate {
	int fd[2];
};
int wl_gate_init(struct wl_gate *g);
void wl_gate_wait(struct wl_gate *g);  /* in the child */
void wl_gate_open(struct wl_gate *g);  /* in the parent */
void wl_gate_close(struct wl_gate *g); /* parent cleanup (opens it too) */

/* Fork a CPU hog that waits at the gate and then spins until killed.
 * nice is applied by the parent after the fork (so a failure is reported
 * here, as -1 with errno); policy is SCHED_OTHER or SCHED_BATCH. */
pid_t wl_hog_spawn(struct wl_gate *g, int nice, int policy);

/* SIGKILL and reap every pid > 0 in pids[n]. */
void wl_kill_reap(pid_t *pids, int n);

/* CPU time consumed so far by process pid (all its threads), in ns;
 * 0 when unavailable. */
uint64_t wl_proc_cpu_ns(pid_t pid);

/* waitpid(pid) with a deadline (CLOCK_MONOTONIC ns). Returns the pid when
 * reaped (status filled), 0 on timeout, -1 on error. */
pid_t wl_wait_until(pid_t pid, int *status, uint64_t deadline_ns);

/* Number of online CPUs, at least 1. */
int wl_online_cpus(void);
/* Pin the calling task (and what it forks later) to one CPU; cpu < 0
 * leaves it unpinned. Returns 0, or -1 with errno set. */
int wl_pin_self(long cpu);

#endif

/* Interrupt blocking system calls of this process at deadline_ns: a
 * SIGALRM (handler installed without SA_RESTART) makes them fail with
 * EINTR, so a generator blocked on a starved peer still returns in time.
 * wl_alarm_cancel() disarms it and restores the previous handler. */
void wl_alarm_at(uint64_t deadline_ns);
void wl_alarm_cancel(void);
/* Non-zero once the alarm fired. */
int wl_alarm_fired(void);
