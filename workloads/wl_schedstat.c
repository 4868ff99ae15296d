// SPDX-License-Identifier: GPL-2.0-only
/* Run-queue wait of a changing set of tasks; see wl_schedstat.h.
 *
 * Why sampling: schedstat is per live thread and vanishes at exit, so the
 * last value seen of every thread is kept in a table keyed by TID (a TID
 * whose counters go backwards was reused by a new task).
 */
#include "workloads/wl_schedstat.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct task_rec {
	pid_t tid;      /* 0 = empty slot */
	uint64_t exec, wait, slices;
};

struct wl_schedstat {
	char cgroup[4096];
	pid_t root;
	struct task_rec *tab;
	size_t cap, used;
	uint64_t retired_wait, retired_exec, retired_slices, tasks, samples;
	int from_cgroup, available, tried;
};

int wl_schedstat_parse(const char *line, uint64_t *exec, uint64_t *wait, uint64_t *slices)
{
	unsigned long long e, w, s;
	if (sscanf(line, "%llu %llu %llu", &e, &w, &s) != 3)
		return -1;
	*exec = e;
	*wait = w;
	*slices = s;
	return 0;
}

struct wl_schedstat *wl_schedstat_new(const char *cgroup_dir, pid_t root)
{
	struct wl_schedstat *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->root = root;
	s->cap = 1024;
	s->tab = calloc(s->cap, sizeof(*s->tab));
	if (!s->tab) {
		free(s);
		return NULL;
	}
	if (cgroup_dir) {
		char f[4200];
		snprintf(f, sizeof(f), "%s/cgroup.threads", cgroup_dir);
		if (access(f, R_OK) == 0) {
			snprintf(s->cgroup, sizeof(s->cgroup), "%s", cgroup_dir);
			s->from_cgroup = 1;
		}
	}
	return s;
}

static struct task_rec *slot(struct wl_schedstat *s, pid_t tid);

static int grow(struct wl_schedstat *s)
{
	struct task_rec *old = s->tab;
	size_t oldcap = s->cap;
	s->tab = calloc(oldcap * 2, sizeof(*s->tab));
	if (!s->tab) {
		s->tab = old;
		return -1;
	}
	s->cap = oldcap * 2;
	s->used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].tid) {
			*slot(s, old[i].tid) = old[i];
			s->used++;
		}
	free(old);
	return 0;
}

static struct task_rec *slot(struct wl_schedstat *s, pid_t tid)
{
	size_t i = ((size_t)tid * 2654435761u) & (s->cap - 1);
	while (s->tab[i].tid && s->tab[i].tid != tid)
		i = (i + 1) & (s->cap - 1);
	return &s->tab[i];
}

static void record(struct wl_schedstat *s, pid_t tid)
{
	char f[64], buf[128];
	snprintf(f, sizeof(f), "/proc/%d/schedstat", (int)tid);
	int fd = open(f, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	uint64_t e, w, sl;
	if (wl_schedstat_parse(buf, &e, &w, &sl))
		return;
	s->available = 1;
	if (s->used * 2 >= s->cap && grow(s))
		return;
	struct task_rec *r = slot(s, tid);
	if (!r->tid) {
		r->tid = tid;
		s->used++;
		s->tasks++;
	} else if (w < r->wait || e < r->exec) { /* tid reused by a new task */
		s->retired_wait += r->wait;
		s->retired_exec += r->exec;
		s->retired_slices += r->slices;
		s->tasks++;
	}
	r->exec = e;
	r->wait = w;
	r->slices = sl;
}

static int is_number(const char *n)
{
	return *n && strspn(n, "0123456789") == strlen(n);
}

static void sample_cgroup(struct wl_schedstat *s)
{
	char f[4200];
	snprintf(f, sizeof(f), "%s/cgroup.threads", s->cgroup);
	FILE *fp = fopen(f, "re");
	if (!fp)
		return;
	pid_t self = getpid();
	int tid;
	while (fscanf(fp, "%d", &tid) == 1) {
		char st[64];
		snprintf(st, sizeof(st), "/proc/%d/task/%d", (int)self, tid);
		if (tid == self || access(st, F_OK) == 0)
			continue; /* one of our own threads */
		record(s, tid);
	}
	fclose(fp);
}

/* ppid of a process from /proc/PID/stat ("pid (comm) state ppid ..."). */
static pid_t ppid_of(const char *pid)
{
	char f[64], buf[512];
	snprintf(f, sizeof(f), "/proc/%s/stat", pid);
	int fd = open(f, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *rp = strrchr(buf, ')');
	int pp;
	char st;
	if (!rp || sscanf(rp + 1, " %c %d", &st, &pp) != 2)
		return -1;
	return pp;
}

static void record_threads(struct wl_schedstat *s, pid_t pid)
{
	char d[64];
	snprintf(d, sizeof(d), "/proc/%d/task", (int)pid);
	DIR *dir = opendir(d);
	if (!dir)
		return;
	struct dirent *e;
	while ((e = readdir(dir)))
		if (is_number(e->d_name))
			record(s, (pid_t)atoi(e->d_name));
	closedir(dir);
}

static void sample_tree(struct wl_schedstat *s)
{
	/* one pass over /proc for (pid, ppid), then the closure from root */
	size_t n = 0, cap = 1024;
	pid_t(*pp)[2] = malloc(cap * sizeof(*pp));
	DIR *dir = opendir("/proc");
	struct dirent *e;
	while (pp && dir && (e = readdir(dir))) {
		if (!is_number(e->d_name))
			continue;
		pid_t parent = ppid_of(e->d_name);
		if (parent < 0)
			continue;
		if (n == cap) {
			void *np = realloc(pp, cap * 2 * sizeof(*pp));
			if (!np)
				break;
			pp = np;
			cap *= 2;
		}
		pp[n][0] = (pid_t)atoi(e->d_name);
		pp[n][1] = parent;
		n++;
	}
	if (dir)
		closedir(dir);
	if (!pp)
		return;
	pid_t *set = malloc((n + 1) * sizeof(*set));
	size_t ns = 0;
	if (set) {
		set[ns++] = s->root;
		for (size_t k = 0; k < ns; k++) /* breadth-first over children */
			for (size_t i = 0; i < n; i++)
				if (pp[i][1] == set[k] && ns <= n)
					set[ns++] = pp[i][0];
		for (size_t k = 0; k < ns; k++)
			record_threads(s, set[k]);
	}
	free(set);
	free(pp);
}

void wl_schedstat_sample(struct wl_schedstat *s)
{
	if (!s)
		return;
	if (s->from_cgroup)
		sample_cgroup(s);
	else
		sample_tree(s);
	s->samples++;
}

void wl_schedstat_sum(const struct wl_schedstat *s, struct wl_schedstat_sum *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return;
	out->wait_ns = s->retired_wait;
	out->exec_ns = s->retired_exec;
	out->slices = s->retired_slices;
	for (size_t i = 0; i < s->cap; i++)
		if (s->tab[i].tid) {
			out->wait_ns += s->tab[i].wait;
			out->exec_ns += s->tab[i].exec;
			out->slices += s->tab[i].slices;
		}
	out->tasks = s->tasks;
	out->samples = s->samples;
	out->from_cgroup = s->from_cgroup;
	out->available = s->available;
}

void wl_schedstat_free(struct wl_schedstat *s)
{
	if (s)
		free(s->tab);
	free(s);
}
