/* SPDX-License-Identifier: GPL-2.0-only */
/* cgroup v2 management: every workload and probe runs in a cgroup of its
 * own under /sys/fs/cgroup/scxbench-PID, so everything it spawned can be
 * killed at once (cgroup.kill) and accounted (cpu.stat). */
#ifndef SCXB_CGROUP_H
#define SCXB_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "runner/cgroup_tree.h"

bool cgroup_v2_available(void);
/* Create the run's parent cgroup (enables cpu controller for children when
 * possible) and lock it for the run's life; 0 or -1 with err. First removes
 * what killed earlier runs left: their groups, their temp files in out_dir
 * (stale.h; stale_log says what). */
int cgroup_setup(const char *out_dir, char *err, size_t errlen);
/* Create a child cgroup "NAME" under the run's group; returns path in buf. */
int cgroup_create(const char *name, char *buf, size_t len);
int cgroup_attach_pid(const char *path, pid_t pid);
void cgroup_teardown(void);
void cgroup_emergency_kill(void); /* async-signal-safe best effort */
const char *cgroup_run_path(void); /* "" when no cgroup support */

#endif
