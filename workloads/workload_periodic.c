// SPDX-License-Identifier: GPL-2.0-only
/* periodic: rt-app style periodic tasks at a chosen total utilisation.
 *
 * Why: media, control loops and games are periodic tasks with implicit
 * deadlines (each job must finish before the next period starts). A
 * scheduler can keep the CPUs busy and fair on average and still make such
 * tasks miss deadlines. N threads (default 2 x CPUs) with periods cycling
 * through 5/10/20/40 ms each run util x CPUs / N of a CPU: job k is released
 * at t0 + k x period (all tasks released together at t0, the worst case),
 * burns its runtime of thread CPU time, and should finish by its deadline
 * (the next release). lateness = max(0, finish - deadline) (tardiness, so
 * most values are 0 when things go well); a late job makes the next start
 * late, and a job whose deadline passed before it could start is dropped and
 * counted as missed. response_pct = (finish - release) / period.
 *
 * Arguments: tasks=N (2 x CPUs), util=U (0.5: fraction of all CPUs),
 * periods=A/B/... in ms (5/10/20/40).
 */
#include "workloads/histogram.h"
#include "workloads/wl_args.h"
#include "workloads/wl_metrics.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TASKS 256

struct ptask {
	pthread_t tid;
	uint64_t period, runtime, t0, end;
	uint64_t jobs, missed, dropped;
	struct histogram *late;  /* ns */
	struct histogram *resp;  /* response / period, in ppm */
};

static void *ptask_main(void *arg)
{
	struct ptask *t = arg;
	uint64_t rel = t->t0;
	while (rel + t->period <= t->end) {
		uint64_t dl = rel + t->period;
		wl_sleep_until(rel);
		wl_spin_cpu_ns(t->runtime);
		uint64_t done = mono_ns();
		t->jobs++;
		hist_add(t->late, done > dl ? done - dl : 0);
		hist_add(t->resp, (done - rel) * 1000000ull / t->period);
		if (done > dl)
			t->missed++;
		rel = dl;
		while (rel + t->period <= done && rel + t->period <= t->end) {
			rel += t->period; /* its deadline passed before it could start */
			t->jobs++;
			t->missed++;
			t->dropped++;
		}
	}
	return NULL;
}

static int periodic_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "tasks", "util", "periods", NULL };
	char err[256];
	struct wl_args a;
	long ntasks, periods[32] = { 5, 10, 20, 40 };
	int np = 4;
	double util;
	int ncpu = p->nr_cpus > 0 ? p->nr_cpus : 1;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "tasks", 2L * ncpu, 1, MAX_TASKS, &ntasks, err, sizeof(err)) ||
	    wl_args_double(&a, "util", 0.5, 0.01, 1.0, &util, err, sizeof(err)) ||
	    (wl_args_get(&a, "periods") &&
	     (np = wl_args_long_list(wl_args_get(&a, "periods"), 1, 10000, periods, 32, err,
				     sizeof(err))) < 0)) {
		wl_fail(r, "%s", err);
		return 0;
	}
	double per_task = util * ncpu / ntasks; /* fraction of one CPU */
	if (per_task > 1) {
		wl_fail(r, "util %.2f over %ld tasks needs %.2f CPU per task (> 1)", util, ntasks,
			per_task);
		return 0;
	}
	json_t *jp = json_array();
	for (int i = 0; i < np; i++)
		json_array_append_new(jp, json_integer(periods[i]));
	wl_param(r, "tasks", json_integer(ntasks));
	wl_param(r, "util", json_real(util));
	wl_param(r, "periods_ms", jp);
	wl_param(r, "task_util", json_real(per_task));
	wl_param(r, "duration_s", json_real(p->duration_s));

	struct ptask *t = calloc((size_t)ntasks, sizeof(*t));
	struct histogram *late = malloc(sizeof(*late)), *resp = malloc(sizeof(*resp));
	long started = 0;
	if (!t || !late || !resp) {
		wl_fail(r, "out of memory");
		goto out;
	}
	hist_init(late);
	hist_init(resp);
	uint64_t t0 = mono_ns() + 20000000ull, end = t0 + (uint64_t)(p->duration_s * 1e9);
	for (; started < ntasks; started++) {
		struct ptask *k = &t[started];
		k->period = (uint64_t)periods[started % np] * 1000000ull;
		k->runtime = (uint64_t)(per_task * (double)k->period);
		k->t0 = t0;
		k->end = end;
		k->late = malloc(sizeof(struct histogram));
		k->resp = malloc(sizeof(struct histogram));
		if (!k->late || !k->resp)
			break;
		hist_init(k->late);
		hist_init(k->resp);
		if (pthread_create(&k->tid, NULL, ptask_main, k))
			break;
	}
	uint64_t jobs = 0, missed = 0, dropped = 0;
	json_t *per = json_array();
	for (long i = 0; i < started; i++) {
		pthread_join(t[i].tid, NULL);
		hist_merge(late, t[i].late);
		hist_merge(resp, t[i].resp);
		jobs += t[i].jobs;
		missed += t[i].missed;
		dropped += t[i].dropped;
		json_array_append_new(per, json_pack("{s:f, s:f, s:I, s:I}",
			"period_ms", t[i].period / 1e6, "runtime_ms", t[i].runtime / 1e6,
			"jobs", (json_int_t)t[i].jobs, "missed", (json_int_t)t[i].missed));
	}
	if (started < ntasks) {
		json_decref(per);
		wl_fail(r, "could only start %ld of %ld tasks", started, ntasks);
		goto out;
	}
	if (jobs == 0) {
		json_decref(per);
		wl_fail(r, "duration too short for one period");
		goto out;
	}
	wl_metric(r, "miss_ratio", "ratio", METRIC_LOWER_BETTER, (double)missed / jobs);
	wl_latency_metrics(r, "lateness_", late, "lateness_ns");
	wl_metric(r, "response_p50_pct", "%", METRIC_LOWER_BETTER, hist_percentile(resp, 50) / 1e4);
	wl_metric(r, "response_p99_pct", "%", METRIC_LOWER_BETTER, hist_percentile(resp, 99) / 1e4);
	wl_detail(r, "response_ppm_of_period", hist_to_json(resp));
	wl_detail(r, "jobs", json_integer((json_int_t)jobs));
	wl_detail(r, "missed", json_integer((json_int_t)missed));
	wl_detail(r, "dropped", json_integer((json_int_t)dropped));
	wl_detail(r, "tasks", per);
	wl_detail(r, "note", json_string("lateness = max(0, finish - deadline); deadline = next "
					 "release; response_pct = (finish - release) / period"));
out:
	for (long i = 0; t && i < ntasks; i++) {
		free(t[i].late);
		free(t[i].resp);
	}
	free(t);
	free(late);
	free(resp);
	return 0;
}

static const struct workload wl_periodic = {
	.name = "periodic",
	.desc = "rt-app style periodic tasks at 50% utilisation: deadline misses and lateness",
	.headline = "lateness_p99_us",
	.metrics = "miss_ratio lateness_p50_us lateness_p90_us lateness_p99_us lateness_p999_us "
		   "lateness_max_us response_p50_pct response_p99_pct",
	.order = 70,
	.takes_arg = true,
	.args = "tasks=2xCPUs,util=0.5,periods=5/10/20/40 (ms)",
	.run = periodic_run,
};
WORKLOAD_REGISTER(wl_periodic);
