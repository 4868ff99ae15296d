/* SPDX-License-Identifier: GPL-2.0-only */
/* Removing a cgroup tree with everything running in it: the run's own
 * groups at the end, a workload's or probe's group after it, and what a
 * killed run left behind (stale.h). */
#ifndef SCXB_CGROUP_TREE_H
#define SCXB_CGROUP_TREE_H

#define CGROUP_ROOT "/sys/fs/cgroup"

/* Kill every process in path and below, and remove the groups (waits until
 * each is empty, bounded); 0, or rmdir's -1. Nothing for "" or NULL. */
int cgroup_kill_remove(const char *path);

#endif
