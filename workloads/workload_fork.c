// SPDX-License-Identifier: GPL-2.0-only
/* fork: a fork/exit storm.
 *
 * Why: process creation exercises the scheduler's task-creation paths
 * (placement of a new task, sched_ext's init_task/enable/exit callbacks,
 * wakeup of the waiting parent) far more often than any steady workload.
 * One forker thread per CPU loops fork() -> child _exit(0) -> waitpid();
 * each cycle's time (fork call to child reaped) goes into a histogram.
 *
 * Arguments: forkers=N (default CPUs).
 */
#include "workloads/histogram.h"
#include "workloads/wl_args.h"
#include "workloads/wl_metrics.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct forker {
	pthread_t tid;
	uint64_t end_ns;
	struct histogram *h;
	int err;
};

static void *forker_main(void *arg)
{
	struct forker *f = arg;
	uint64_t now = mono_ns();
	while (now < f->end_ns) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			if (errno == EAGAIN) { /* pid/task limit: back off, go on */
				wl_sleep_ns(1000000);
				now = mono_ns();
				continue;
			}
			f->err = errno;
			break;
		}
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		uint64_t t = mono_ns();
		hist_add(f->h, t - now);
		now = t;
	}
	return NULL;
}

static int fork_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "forkers", NULL };
	char err[256];
	struct wl_args a;
	long n;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "forkers", p->nr_cpus > 0 ? p->nr_cpus : 1, 1, 256, &n, err,
			 sizeof(err))) {
		wl_fail(r, "%s", err);
		return 0;
	}
	wl_param(r, "forkers", json_integer(n));
	wl_param(r, "duration_s", json_real(p->duration_s));
	struct forker *f = calloc((size_t)n, sizeof(*f));
	struct histogram *all = malloc(sizeof(*all));
	if (!f || !all) {
		wl_fail(r, "out of memory");
		goto out;
	}
	hist_init(all);
	uint64_t t0 = mono_ns(), end = t0 + (uint64_t)(p->duration_s * 1e9);
	long started = 0;
	for (; started < n; started++) {
		f[started].end_ns = end;
		f[started].h = malloc(sizeof(struct histogram));
		if (!f[started].h)
			break;
		hist_init(f[started].h);
		if (pthread_create(&f[started].tid, NULL, forker_main, &f[started])) {
			free(f[started].h);
			break;
		}
	}
	int ferr = 0;
	for (long i = 0; i < started; i++) {
		pthread_join(f[i].tid, NULL);
		hist_merge(all, f[i].h);
		if (f[i].err)
			ferr = f[i].err;
		free(f[i].h);
	}
	double secs = (mono_ns() - t0) / 1e9;
	if (started < n)
		wl_fail(r, "could only start %ld of %ld forkers", started, n);
	else if (ferr)
		wl_fail(r, "fork: %s", strerror(ferr));
	else if (all->count == 0)
		wl_fail(r, "no process created in %.2f s", secs);
	else {
		wl_metric(r, "forks_per_s", "1/s", METRIC_HIGHER_BETTER, all->count / secs);
		wl_latency_metrics(r, "spawn_", all, "spawn_ns");
		wl_detail(r, "processes", json_integer((json_int_t)all->count));
		wl_detail(r, "note", json_string("spawn_*: fork() call to the exited child reaped"));
	}
out:
	free(all);
	free(f);
	return 0;
}

static const struct workload wl_fork = {
	.name = "fork",
	.desc = "fork/exit storm from one forker per CPU: processes created per second",
	.headline = "forks_per_s",
	.metrics = "forks_per_s spawn_p50_us spawn_p90_us spawn_p99_us spawn_p999_us spawn_max_us",
	.order = 80,
	.takes_arg = true,
	.args = "forkers=CPUs",
	.run = fork_run,
};
WORKLOAD_REGISTER(wl_fork);
