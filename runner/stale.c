// SPDX-License-Identifier: GPL-2.0-only
/* See stale.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "runner/cgroup_tree.h"
#include "runner/clock.h"
#include "runner/log.h"
#include "runner/stale.h"

#define SETUP_WAIT_MS 10000
/* A report temp file (mkstemp, no PID in its name) is written in one go:
 * one untouched this long has no writer left. */
#define TMP_FILE_AGE_S 600

static struct {
	int groups, files, dirs, failed;
	int live;             /* other runs seen alive */
	char first[300];      /* first group removed, for the message */
	char fail_msg[600];   /* first failure */
} sw;

int stale_setup_lock(void)
{
	int fd = open(CGROUP_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (int waited = 0; waited < SETUP_WAIT_MS; waited += 10) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK)
			break;
		sleep_s(0.01);
	}
	close(fd);
	return -1;
}

void stale_setup_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* drops the flock */
}

int stale_hold_run_lock(const char *group_path)
{
	int fd = open(group_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* PID is a scxbench process: the fallback when the group's lock says
 * nothing (a run of a version without the lock, a kernel without locks on
 * cgroupfs). Errs towards "alive": such state is only left for later. */
static bool pid_is_scxbench(int pid)
{
	char f[64], comm[64] = "";
	snprintf(f, sizeof(f), "/proc/%d/comm", pid);
	FILE *fp = fopen(f, "re");
	if (!fp)
		return false;
	if (!fgets(comm, sizeof(comm), fp))
		comm[0] = '\0';
	fclose(fp);
	comm[strcspn(comm, "\n")] = '\0';
	return !strcmp(comm, "scxbench");
}

/* Someone other than us holds a lock on the directory (the run it belongs
 * to is alive). */
static bool dir_locked(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int r = fcntl(fd, F_GETLK, &fl);
	close(fd);
	return r == 0 && fl.l_type != F_UNLCK;
}

static bool run_alive(int pid)
{
	char path[128];
	if (pid == getpid())
		return true;
	snprintf(path, sizeof(path), CGROUP_ROOT "/scxbench-%d", pid);
	return dir_locked(path) || pid_is_scxbench(pid);
}

/* "PREFIX<digits>" exactly: the digits' value, else -1 */
static int pid_suffix(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) || !name[n])
		return -1;
	for (const char *p = name + n; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	long v = strtol(name + n, NULL, 10);
	return v > 0 && v < (1L << 22) + 1 ? (int)v : -1;
}

static void failed(const char *what, const char *path)
{
	if (!sw.failed++)
		snprintf(sw.fail_msg, sizeof(sw.fail_msg), "cannot remove stale %s %s: %s", what, path,
			 strerror(errno));
}

static void sweep_groups(void)
{
	DIR *d = opendir(CGROUP_ROOT);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		int pid = pid_suffix(e->d_name, "scxbench-");
		char path[512];
		if (pid < 0)
			continue;
		snprintf(path, sizeof(path), CGROUP_ROOT "/%s", e->d_name);
		/* ours does not exist yet: a group with our PID is a dead run's */
		if (pid != getpid() && run_alive(pid)) {
			sw.live++;
			continue;
		}
		if (cgroup_kill_remove(path) == 0) {
			if (!sw.groups++)
				snprintf(sw.first, sizeof(sw.first), "%s", e->d_name);
		} else {
			failed("cgroup", path);
		}
	}
	closedir(d);
}

/* Temp files of our results and reports ("results.json.tmp.PID" from
 * write_file_atomic, "results.md.tmp.XXXXXX" from the report writers) in
 * the run's own output directory; other files there are the user's. */
static void sweep_out_dir(const char *out_dir)
{
	DIR *d = out_dir ? opendir(out_dir) : NULL;
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *t = strstr(e->d_name, ".tmp.");
		char path[4200];
		struct stat st;
		if (!t || (strncmp(e->d_name, "results", 7) && strncmp(e->d_name, "report", 6)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", out_dir, e->d_name);
		if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		/* a mkstemp suffix (6 characters) may be all digits too: such a
		 * name must also be old, whatever the PID it reads as */
		int pid = pid_suffix(t, ".tmp.");
		bool old = time(NULL) - st.st_mtime >= TMP_FILE_AGE_S;
		if (pid > 0 ? run_alive(pid) || (strlen(t + 5) == 6 && !old) : !old)
			continue;
		if (unlink(path) == 0)
			sw.files++;
		else
			failed("temp file", path);
	}
	closedir(d);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 ? -1 : 0;
}

/* The workloads' mkdtemp dirs (wl_mktempdir: $TMPDIR/PREFIX-XXXXXX) carry
 * no PID: only when no other run is alive are they surely stale. */
static void sweep_tmp_dirs(void)
{
	static const char *const prefixes[] = { "scxb-cmd-", "scxb-cyclictest-", "scxb-stress-ng-", NULL };
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	DIR *d = opendir(tmp);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[4200];
		struct stat st;
		for (int i = 0; prefixes[i]; i++) {
			size_t n = strlen(prefixes[i]);
			if (strncmp(e->d_name, prefixes[i], n) || strlen(e->d_name + n) != 6)
				continue;
			snprintf(path, sizeof(path), "%s/%s", tmp, e->d_name);
			if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
				break;
			if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == 0)
				sw.dirs++;
			else
				failed("temp dir", path);
			break;
		}
	}
	closedir(d);
}

void stale_sweep(const char *out_dir)
{
	sweep_groups();
	sweep_out_dir(out_dir);
	if (!sw.live)
		sweep_tmp_dirs();
}

void stale_log(void)
{
	char msg[512] = "";
	size_t n = 0;
	if (sw.groups)
		n += snprintf(msg + n, sizeof(msg) - n, ", %d stale cgroup(s) (%s%s)", sw.groups, sw.first,
			      sw.groups > 1 ? ", ..." : "");
	if (sw.files && n < sizeof(msg))
		n += snprintf(msg + n, sizeof(msg) - n, ", %d stale temp file(s)", sw.files);
	if (sw.dirs && n < sizeof(msg))
		n += snprintf(msg + n, sizeof(msg) - n, ", %d stale temp dir(s)", sw.dirs);
	if (n)
		log_info("removed %s left by killed earlier runs", msg + 2);
	if (sw.failed)
		log_warn("%s%s", sw.fail_msg, sw.failed > 1 ? " (and more)" : "");
}
