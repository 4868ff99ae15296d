// SPDX-License-Identifier: GPL-2.0-only
/* See cgroup.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "runner/cgroup.h"
#include "runner/clock.h"
#include "runner/stale.h"
#include "runner/sysfile.h"

static char run_path[256];
static int run_kill_fd = -1; /* cgroup.kill of the run group, for signals */
static int run_lock_fd = -1; /* held for the run's life: see stale.h */

bool cgroup_v2_available(void)
{
	return access(CGROUP_ROOT "/cgroup.controllers", R_OK) == 0;
}

const char *cgroup_run_path(void)
{
	return run_path;
}

int cgroup_setup(const char *out_dir, char *err, size_t errlen)
{
	if (!cgroup_v2_available()) {
		snprintf(err, errlen, "cgroup v2 is not mounted at " CGROUP_ROOT " (needed to contain workloads)");
		return -1;
	}
	/* sweep, create and lock under the setup lock, so that no run ever
	 * sees another one's group unlocked while that one lives */
	int setup_fd = stale_setup_lock();
	if (setup_fd >= 0)
		stale_sweep(out_dir);
	snprintf(run_path, sizeof(run_path), CGROUP_ROOT "/scxbench-%d", (int)getpid());
	if (mkdir(run_path, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create cgroup %s: %s", run_path, strerror(errno));
		run_path[0] = '\0';
		stale_setup_unlock(setup_fd);
		return -1;
	}
	run_lock_fd = stale_hold_run_lock(run_path);
	stale_setup_unlock(setup_fd);
	/* the tenants workload sets cpu.weight on grandchildren: enable the
	 * cpu controller down the tree when the kernel allows it */
	sysfile_write(CGROUP_ROOT "/cgroup.subtree_control", "+cpu");
	char f[300];
	snprintf(f, sizeof(f), "%s/cgroup.subtree_control", run_path);
	sysfile_write(f, "+cpu");
	snprintf(f, sizeof(f), "%s/cgroup.kill", run_path);
	run_kill_fd = open(f, O_WRONLY | O_CLOEXEC);
	return 0;
}

int cgroup_create(const char *name, char *buf, size_t len)
{
	if (!run_path[0])
		return -1;
	snprintf(buf, len, "%s/%s", run_path, name);
	/* an item's group holds its processes, so it must stay a leaf: no
	 * controllers in its subtree_control ("no internal processes"); a
	 * workload that needs sub-groups (tenants) makes its own leaf first */
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int cgroup_attach_pid(const char *path, pid_t pid)
{
	char f[600], s[32];
	snprintf(f, sizeof(f), "%s/cgroup.procs", path);
	snprintf(s, sizeof(s), "%d", (int)pid);
	return sysfile_write(f, s);
}

void cgroup_teardown(void)
{
	if (!run_path[0])
		return;
	cgroup_kill_remove(run_path);
	if (run_lock_fd >= 0)
		close(run_lock_fd);
	run_lock_fd = -1;
	if (run_kill_fd >= 0)
		close(run_kill_fd);
	run_kill_fd = -1;
	run_path[0] = '\0';
}

void cgroup_emergency_kill(void)
{
	if (run_kill_fd >= 0) {
		ssize_t r = write(run_kill_fd, "1", 1);
		(void)r;
	}
}
