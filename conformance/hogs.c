/* See hogs.h. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/hogs.h"
#include "runner/clock.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int hogs_start(struct hogs *h, int n, double work_s, const int *nice_of)
{
	return hogs_start_ex(h, n, work_s, nice_of, false);
}

int hogs_start_ex(struct hogs *h, int n, double work_s, const int *nice_of, bool yield_often)
{
	memset(h, 0, sizeof(*h));
	if (n > HOGS_MAX)
		n = HOGS_MAX;
	h->progress = mmap(NULL, sizeof(uint64_t) * HOGS_MAX, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (h->progress == MAP_FAILED) {
		h->progress = NULL;
		return -1;
	}
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			if (nice_of)
				setpriority(PRIO_PROCESS, 0, nice_of[i]);
			double end = cpu_now() + work_s;
			volatile uint64_t x = 0;
			while (cpu_now() < end) {
				for (int k = 0; k < 10000; k++)
					x += (uint64_t)k;
				h->progress[i]++;
				if (yield_often)
					sched_yield();
			}
			_exit(0);
		}
		h->pids[h->n++] = pid;
	}
	return 0;
}

uint64_t hogs_progress(const struct hogs *h)
{
	uint64_t s = 0;
	for (int i = 0; i < h->n; i++)
		s += h->progress[i];
	return s;
}

bool hogs_wait(struct hogs *h, double timeout_s)
{
	double end = mono_s() + timeout_s;
	while (h->exited < h->n && mono_s() < end) {
		for (int i = 0; i < h->n; i++) {
			int st;
			if (h->pids[i] <= 0)
				continue;
			if (waitpid(h->pids[i], &st, WNOHANG) == h->pids[i]) {
				h->pids[i] = -h->pids[i];
				h->exited++;
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					h->failed++;
			}
		}
		sleep_s(0.02);
	}
	return h->exited == h->n && h->failed == 0;
}

void hogs_stop(struct hogs *h)
{
	for (int i = 0; i < h->n; i++)
		if (h->pids[i] > 0) {
			kill(h->pids[i], SIGKILL);
			waitpid(h->pids[i], NULL, 0);
			h->pids[i] = -h->pids[i];
		}
	if (h->progress)
		munmap((void *)h->progress, sizeof(uint64_t) * HOGS_MAX);
	h->progress = NULL;
}

long long task_cpu_ns(pid_t pid)
{
	char path[64];
	long long ns = -1;
	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &ns) != 1)
		ns = -1;
	fclose(f);
	return ns;
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
