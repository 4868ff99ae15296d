// SPDX-License-Identifier: GPL-2.0-only
/* See workers.h. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/workers.h"
#include "runner/clock.h"
#include "runner/sysfile.h"

static int set_mask(uint64_t mask)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	for (int c = 0; c < 64; c++)
		if (mask >> c & 1)
			CPU_SET(c, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static double thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void worker_main(struct worker_stat *st, const struct worker_spec *w)
{
	close_range(3, ~0U, 0);
	if (w->comm)
		prctl(PR_SET_NAME, w->comm, 0, 0, 0);
	if (w->nice)
		setpriority(PRIO_PROCESS, 0, w->nice);
	if (w->policy >= 0) {
		struct sched_param sp = { 0 };
		sched_setscheduler(0, w->policy, &sp);
	}
	uint64_t cur = w->nr_masks ? w->masks[0] : w->mask;
	if (cur && set_mask(cur) < 0)
		cur = 0;
	uint64_t chunk = (uint64_t)((w->chunk_us > 0 ? w->chunk_us : 1000) * 1000);
	uint64_t period = (uint64_t)(w->period_s * 1e9);
	uint64_t mask_t0 = mono_ns();
	int mi = 0;
	volatile uint64_t x = 0;
	double cpu_end = w->work_s > 0 ? thread_cpu_s() + w->work_s : 0;
	for (;;) {
		uint64_t t0 = mono_ns(), end;
		if (w->chunk_iters) {
			for (uint64_t k = 0; k < w->chunk_iters; k++)
				x += k;
			end = mono_ns();
		} else {
			do {
				for (int k = 0; k < 2000; k++)
					x += (uint64_t)k;
				end = mono_ns();
			} while (end - t0 < chunk);
		}
		uint64_t last = st->last_ns;
		if (last && end - last > st->max_gap_ns)
			st->max_gap_ns = end - last;
		if (!st->first_ns)
			st->first_ns = end;
		st->last_ns = end;
		st->chunks++;
		if (w->check_cpu && cur) {
			int cpu = sched_getcpu();
			st->samples++;
			if (cpu >= 0 && (cpu >= 64 || !(cur >> cpu & 1))) {
				if (!st->violations) {
					st->bad_cpu = cpu;
					st->bad_mask = cur;
				}
				st->violations++;
			}
		}
		if (w->nr_masks > 1 && end - mask_t0 >= period) {
			mi = (mi + 1) % w->nr_masks;
			if (set_mask(w->masks[mi]) == 0) {
				cur = w->masks[mi];
				st->mask_changes++;
			}
			mask_t0 = mono_ns();
		}
		if (w->sleep_us > 0)
			sleep_s(w->sleep_us / 1e6);
		if (w->yield)
			sched_yield();
		if (cpu_end > 0 && thread_cpu_s() >= cpu_end)
			return;
	}
}

int workers_init(struct workers *g)
{
	memset(g, 0, sizeof(*g));
	g->st = mmap(NULL, sizeof(struct worker_stat) * WORKERS_MAX, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g->st == MAP_FAILED) {
		g->st = NULL;
		return -1;
	}
	memset(g->st, 0, sizeof(struct worker_stat) * WORKERS_MAX);
	return 0;
}

int workers_start(struct workers *g, const struct worker_spec *w)
{
	if (!g->st || g->n >= WORKERS_MAX)
		return -1;
	int i = g->n;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		worker_main(&g->st[i], w);
		_exit(0);
	}
	g->pids[i] = pid;
	if (w->policy >= 0) {
		/* also from here, so the policy holds when workers_start returns */
		struct sched_param sp = { 0 };
		sched_setscheduler(pid, w->policy, &sp);
	}
	snprintf(g->comm[i], sizeof(g->comm[i]), "%s", w->comm ? w->comm : "worker");
	g->spawn_ns[i] = mono_ns();
	g->n++;
	return i;
}

int task_schedstat(pid_t pid, uint64_t *exec_ns, uint64_t *wait_ns, uint64_t *slices)
{
	char path[64], line[128];
	unsigned long long e, w, s;
	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	if (sysfile_read_line(path, line, sizeof(line)) < 0 || sscanf(line, "%llu %llu %llu", &e, &w, &s) != 3)
		return -1;
	if (exec_ns)
		*exec_ns = e;
	if (wait_ns)
		*wait_ns = w;
	if (slices)
		*slices = s;
	return 0;
}

void workers_sample(struct workers *g)
{
	for (int i = 0; i < g->n; i++) {
		uint64_t e, w;
		if (g->pids[i] <= 0 || task_schedstat(g->pids[i], &e, &w, NULL) < 0)
			continue;
		if (!g->sampled[i]) {
			g->sampled[i] = true;
			g->exec0[i] = e;
			g->wait0[i] = w;
		} else if (w - g->wait_prev[i] > g->wait_max_delta[i]) {
			g->wait_max_delta[i] = w - g->wait_prev[i];
		}
		g->wait_prev[i] = w;
		g->exec_now[i] = e;
	}
	g->last_sample = mono_s();
}

void workers_reset_gaps(struct workers *g)
{
	uint64_t now = mono_ns();
	for (int i = 0; i < g->n; i++) {
		g->st[i].max_gap_ns = 0;
		if (!g->st[i].last_ns)
			g->spawn_ns[i] = now;
		g->wait_max_delta[i] = 0;
	}
}

uint64_t worker_open_gap_ns(const struct workers *g, int i)
{
	/* the worker may finish a chunk between our reads: read its stamp
	 * first and never let "now - last" wrap */
	uint64_t last = g->st[i].last_ns;
	uint64_t now = mono_ns(), since = last ? last : g->spawn_ns[i];
	return now > since ? now - since : 0;
}

uint64_t worker_gap_ns(const struct workers *g, int i)
{
	uint64_t gap = g->st[i].max_gap_ns, open = worker_open_gap_ns(g, i);
	return open > gap ? open : gap;
}

uint64_t workers_chunks(const struct workers *g)
{
	uint64_t sum = 0;
	for (int i = 0; g->st && i < g->n; i++)
		sum += g->st[i].chunks;
	return sum;
}

bool workers_wait_exit(struct workers *g, double timeout_s)
{
	double end = mono_s() + timeout_s;
	while (g->exited < g->n && mono_s() < end) {
		for (int i = 0; i < g->n; i++) {
			int st;
			if (g->pids[i] <= 0)
				continue;
			if (waitpid(g->pids[i], &st, WNOHANG) == g->pids[i]) {
				g->pids[i] = -g->pids[i];
				g->exited++;
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					g->failed++;
			}
		}
		sleep_s(0.02);
	}
	return g->exited == g->n && g->failed == 0;
}

int workers_stop(struct workers *g, double wait_s)
{
	int left = 0;
	for (int i = 0; i < g->n; i++)
		if (g->pids[i] > 0)
			kill(g->pids[i], SIGKILL);
	double end = mono_s() + wait_s;
	for (;;) {
		left = 0;
		for (int i = 0; i < g->n; i++) {
			if (g->pids[i] <= 0)
				continue;
			pid_t r = waitpid(g->pids[i], NULL, WNOHANG);
			if (r == g->pids[i] || (r < 0 && errno == ECHILD))
				g->pids[i] = -g->pids[i];
			else
				left++;
		}
		if (!left || mono_s() >= end)
			break;
		sleep_s(0.01);
	}
	if (!left && g->st) {
		munmap(g->st, sizeof(struct worker_stat) * WORKERS_MAX);
		g->st = NULL;
	}
	return left;
}

int task_on_ext(pid_t pid)
{
	char path[64], line[256];
	int ret = -1;
	snprintf(path, sizeof(path), "/proc/%d/sched", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "ext.enabled", 11)) {
			char *c = strchr(line, ':');
			ret = c ? atoi(c + 1) != 0 : -1;
			break;
		}
	}
	fclose(f);
	return ret;
}
