// SPDX-License-Identifier: GPL-2.0-only
/* See cgroup_tree.h. */
#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runner/cgroup_tree.h"
#include "runner/clock.h"
#include "runner/sysfile.h"

static bool populated(const char *path)
{
	char f[512], line[128];
	snprintf(f, sizeof(f), "%s/cgroup.events", path);
	FILE *fp = fopen(f, "re");
	if (!fp)
		return false;
	bool pop = false;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, "populated ", 10))
			pop = line[10] == '1';
	fclose(fp);
	return pop;
}

/* Kill by cgroup.kill (5.14+), else by signalling every listed pid. */
static void kill_members(const char *path)
{
	char f[512];
	snprintf(f, sizeof(f), "%s/cgroup.kill", path);
	if (sysfile_write(f, "1") == 0)
		return;
	snprintf(f, sizeof(f), "%s/cgroup.procs", path);
	FILE *fp = fopen(f, "re");
	int pid;
	if (!fp)
		return;
	while (fscanf(fp, "%d", &pid) == 1)
		kill(pid, SIGKILL);
	fclose(fp);
}

/* Depth-first removal of a cgroup tree. */
static int remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			char sub[512];
			if (e->d_type != DT_DIR || e->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		closedir(d);
	}
	kill_members(path);
	for (int i = 0; i < 500 && populated(path); i++)
		sleep_s(0.01);
	return rmdir(path);
}

int cgroup_kill_remove(const char *path)
{
	if (!path || !path[0])
		return 0;
	return remove_tree(path);
}
