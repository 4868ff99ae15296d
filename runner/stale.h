/* SPDX-License-Identifier: GPL-2.0-only */
/* What a killed run leaves behind, and how a new run tells it from the
 * state of a run that is still alive.
 *
 * A run killed by SIGKILL (or the OOM killer) cannot clean up: its cgroup
 * /sys/fs/cgroup/scxbench-PID stays, and so may a temp file of its results
 * (OUT/results.json.tmp.PID, OUT/results.md.tmp.XXXXXX) or a workload's
 * temp dir ($TMPDIR/scxb-stress-ng-XXXXXX). The kernel detaches the BPF
 * scheduler itself (the link dies with the process); scxbench pins nothing.
 *
 * Liveness: a run holds a POSIX read lock on its own cgroup directory from
 * creating it to removing it. The kernel drops the lock when the process
 * dies, however it dies; a POSIX lock belongs to the process, so it is not
 * inherited across fork (a surviving child does not keep a dead run
 * "alive", as an flock would) and a reused PID does not hold it. Group
 * creation is serialized by an flock on /sys/fs/cgroup: between its mkdir
 * and its lock a starting run would look dead to a concurrent sweep.
 */
#ifndef SCXB_STALE_H
#define SCXB_STALE_H

#include <stdbool.h>

/* Take the setup lock (waits up to 10 s); fd, or -1 when it could not be
 * taken: then sweep nothing, another run may be half set up. */
int stale_setup_lock(void);
void stale_setup_unlock(int fd);
/* Lock the run's own group directory for the life of the process; the fd
 * (kept open, close-on-exec) or -1. */
int stale_hold_run_lock(const char *group_path);
/* Under the setup lock, before our own group exists: remove the groups of
 * dead runs (ours by PID included: a dead run had our PID), their temp
 * files in out_dir (may be NULL or not exist yet) and, when no other run is
 * alive, the workloads' temp dirs. Never touches a live run's state. */
void stale_sweep(const char *out_dir);
/* The sweep's result in one line on stderr (nothing when nothing was
 * found); a group that could not be removed gets a warning of its own. */
void stale_log(void);

#endif
