// SPDX-License-Identifier: GPL-2.0-only
/* fairness: CPU hogs at mixed nice levels; does each get its weight's share?
 *
 * Why: weight (nice) is the contract between user space and a fair-share
 * scheduler. Hogs (default 2 x CPUs processes, nice levels cycling through
 * 0 and 5) spin together; after a warm-up, each one's CPU time over the
 * window is compared with its expected share: the hogs' total CPU time split
 * by the kernel's nice-to-weight table, no hog above one CPU (water-filling).
 * ratio = measured / expected per hog; Jain's index over the ratios (1 =
 * everyone got exactly their due) and the worst |ratio - 1| summarise it.
 * A scheduler that ignores weights scores low here by design.
 *
 * Arguments: hogs=N (default 2 x CPUs), nices=A/B/... (default 0/5).
 */
#include "workloads/wl_args.h"
#include "workloads/wl_proc.h"
#include "workloads/wl_share.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HOGS 512

static int fairness_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "hogs", "nices", NULL };
	char err[256];
	struct wl_args a;
	long nhogs, nices[40];
	int ncpu = p->nr_cpus > 0 ? p->nr_cpus : 1;
	int nn = 2;
	nices[0] = 0;
	nices[1] = 5;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "hogs", 2L * ncpu, 2, MAX_HOGS, &nhogs, err, sizeof(err)) ||
	    (wl_args_get(&a, "nices") &&
	     (nn = wl_args_long_list(wl_args_get(&a, "nices"), -20, 19, nices, 40, err,
				     sizeof(err))) < 0)) {
		wl_fail(r, "%s", err);
		return 0;
	}
	json_t *jn = json_array();
	for (int i = 0; i < nn; i++)
		json_array_append_new(jn, json_integer(nices[i]));
	wl_param(r, "hogs", json_integer(nhogs));
	wl_param(r, "nices", jn);
	wl_param(r, "duration_s", json_real(p->duration_s));

	pid_t pid[MAX_HOGS] = { 0 };
	double w[MAX_HOGS], cap[MAX_HOGS], got[MAX_HOGS], want[MAX_HOGS], ratio[MAX_HOGS];
	uint64_t c0[MAX_HOGS];
	struct wl_gate g;
	if (wl_gate_init(&g)) {
		wl_fail(r, "pipe: %s", strerror(errno));
		return 0;
	}
	for (long i = 0; i < nhogs; i++) {
		int nice = (int)nices[i % nn];
		pid[i] = wl_hog_spawn(&g, nice, SCHED_OTHER);
		if (pid[i] < 0) {
			wl_fail(r, "cannot start hog %ld at nice %d: %s", i, nice, strerror(errno));
			pid[i] = 0;
			goto out;
		}
		w[i] = wl_nice_weight(nice);
	}
	uint64_t dur = (uint64_t)(p->duration_s * 1e9);
	uint64_t warm = dur / 5 < 500000000ull ? dur / 5 : 500000000ull;
	wl_gate_open(&g);
	wl_sleep_ns(warm);
	uint64_t t0 = mono_ns();
	for (long i = 0; i < nhogs; i++)
		c0[i] = wl_proc_cpu_ns(pid[i]);
	wl_sleep_until(t0 + dur - warm);
	uint64_t t1 = mono_ns();
	double total = 0, window = (double)(t1 - t0);
	for (long i = 0; i < nhogs; i++) {
		got[i] = (double)(wl_proc_cpu_ns(pid[i]) - c0[i]);
		total += got[i];
		cap[i] = window;
	}
	wl_kill_reap(pid, (int)nhogs);
	if (total <= 0) {
		wl_fail(r, "hogs received no CPU time");
		goto out;
	}
	wl_waterfill(w, cap, (size_t)nhogs, total, want);
	double worst = 0, sum_pct = 0;
	json_t *per = json_array();
	for (long i = 0; i < nhogs; i++) {
		ratio[i] = want[i] > 0 ? got[i] / want[i] : 0;
		if (fabs(ratio[i] - 1) > worst)
			worst = fabs(ratio[i] - 1);
		sum_pct += 100 * got[i] / total;
		json_array_append_new(per, json_pack("{s:i, s:i, s:f, s:f, s:f}",
			"nice", (int)nices[i % nn], "weight", (int)w[i],
			"expected_pct", 100 * want[i] / total, "measured_pct", 100 * got[i] / total,
			"cpu_s", got[i] / 1e9));
	}
	wl_metric(r, "jain_index", "ratio", METRIC_HIGHER_BETTER, wl_jain(ratio, (size_t)nhogs));
	wl_metric(r, "worst_rel_error", "ratio", METRIC_LOWER_BETTER, worst);
	wl_metric(r, "utilization", "ratio", METRIC_HIGHER_BETTER, total / (window * ncpu));
	wl_detail(r, "hogs", per);
	wl_detail(r, "shares_sum_pct", json_real(sum_pct));
	wl_detail(r, "window_s", json_real(window / 1e9));
	wl_detail(r, "note", json_string("shares are of the hogs' total CPU time; expected by "
					 "nice weight, capped at one CPU per hog (water-filling)"));
out:
	wl_kill_reap(pid, (int)nhogs);
	wl_gate_close(&g);
	return 0;
}

static const struct workload wl_fairness = {
	.name = "fairness",
	.desc = "CPU hogs at mixed nice levels: CPU share vs weight share (Jain's index)",
	.headline = "jain_index",
	.metrics = "jain_index worst_rel_error utilization",
	.order = 50,
	.takes_arg = true,
	.args = "hogs=2xCPUs,nices=0/5",
	.run = fairness_run,
};
WORKLOAD_REGISTER(wl_fairness);
