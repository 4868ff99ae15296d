// SPDX-License-Identifier: GPL-2.0-only
/* cyclictest: timer wakeup latency measured by rt-tests' cyclictest.
 *
 * Why: cyclictest is the reference every latency claim is checked against,
 * so scxbench runs the real tool beside its own generators. It always runs
 * with --policy other: a SCHED_FIFO cyclictest (-p) bypasses sched_ext and
 * would measure the kernel's RT class, not the scheduler under test. It runs
 * one thread per CPU (threads=N), interval_us (default 1000), for
 * duration / interval loops (-l, so sub-second durations work), with -h to get
 * a histogram in the --json report, from which percentiles are exact at
 * cyclictest's 1 us resolution.
 *
 * Time bound: 1.5 x the run + 5 s (tool start-up is slow in a TCG VM);
 * killed there, the JSON cyclictest writes on SIGTERM is still used.
 *
 * Arguments: threads=N (CPUs), interval_us=I (1000), hist_max_us=M (100000:
 * samples above it count as overflows).
 */
#include "workloads/cyclictest_json.h"
#include "workloads/wl_args.h"
#include "workloads/wl_exec.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int cyclictest_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "threads", "interval_us", "hist_max_us", NULL };
	char err[512], tool[4096], dir[4096] = "";
	struct wl_args a;
	long threads, interval, hmax;
	int ncpu = p->nr_cpus > 0 ? p->nr_cpus : 1;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "threads", ncpu, 1, 1024, &threads, err, sizeof(err)) ||
	    wl_args_long(&a, "interval_us", 1000, 50, 1000000, &interval, err, sizeof(err)) ||
	    wl_args_long(&a, "hist_max_us", 100000, 100, 10000000, &hmax, err, sizeof(err))) {
		wl_fail(r, "%s", err);
		return 0;
	}
	long loops = (long)(p->duration_s * 1e6 / interval);
	if (loops < 1)
		loops = 1;
	wl_param(r, "threads", json_integer(threads));
	wl_param(r, "interval_us", json_integer(interval));
	wl_param(r, "loops", json_integer(loops));
	wl_param(r, "hist_max_us", json_integer(hmax));
	wl_param(r, "policy", json_string("other"));
	wl_param(r, "duration_s", json_real(p->duration_s));
	if (wl_which("cyclictest", tool, sizeof(tool))) {
		wl_skip(r, "cyclictest is not installed (apt-get install rt-tests)");
		return 0;
	}
	if (wl_mktempdir("scxb-cyclictest", dir, sizeof(dir))) {
		wl_fail(r, "cannot create a temporary directory: %s", strerror(errno));
		return 0;
	}
	char json_path[4200], log[4200], t_s[32], i_s[32], l_s[32], h_s[32];
	snprintf(json_path, sizeof(json_path), "%s/report.json", dir);
	snprintf(log, sizeof(log), "%s/output.log", dir);
	snprintf(t_s, sizeof(t_s), "-t%ld", threads);
	snprintf(i_s, sizeof(i_s), "-i%ld", interval);
	snprintf(l_s, sizeof(l_s), "-l%ld", loops);
	snprintf(h_s, sizeof(h_s), "-h%ld", hmax);
	char jopt[4300];
	snprintf(jopt, sizeof(jopt), "--json=%s", json_path);
	char *argv[] = { "cyclictest", "--policy=other", t_s, i_s, l_s, h_s, "-q", "-m",
			 "--histfile=/dev/null", jopt, NULL };
	json_t *cmd = json_array();
	for (int i = 0; argv[i]; i++)
		json_array_append_new(cmd, json_string(argv[i] == jopt ? "--json=FILE" : argv[i]));
	wl_param(r, "command", cmd);

	uint64_t t0 = mono_ns();
	pid_t pid = wl_spawn(argv, dir, log, err, sizeof(err));
	if (pid < 0) {
		wl_fail(r, "%s", err);
		goto out;
	}
	/* threads start a little late and finish their loops; loading the
	 * tool takes a second or more in a TCG VM: 1.5 x the run + 5 s */
	double bound = p->duration_s * 1.5 + 5;
	struct wl_wait w;
	if (wl_wait_bounded(pid, t0 + (uint64_t)(bound * 1e9), 300000000ull, 0, NULL, NULL, &w)) {
		wl_fail(r, "waiting for cyclictest: %s", strerror(errno));
		goto out;
	}
	char st[64], last[256];
	wl_status_str(w.status, st, sizeof(st));
	wl_file_last_line(log, last, sizeof(last));
	if (w.timed_out) {
		/* cyclictest writes its JSON on SIGTERM too: use it if present */
		wl_detail(r, "stopped_by_time_bound", json_true());
	} else if (!WIFEXITED(w.status) || WEXITSTATUS(w.status) != 0) {
		wl_fail(r, "cyclictest failed (%s): %s", st, last);
		goto out;
	}
	char *text = wl_read_text(json_path, 1 << 26, err, sizeof(err));
	struct cyc_result c;
	if (!text || cyc_json_parse(text, &c, err, sizeof(err))) {
		free(text);
		wl_fail(r, "%s%s", err, w.timed_out ? " (killed at the time bound)" : "");
		goto out;
	}
	free(text);
	wl_metric(r, "min_us", "us", METRIC_LOWER_BETTER, c.min_us);
	wl_metric(r, "avg_us", "us", METRIC_LOWER_BETTER, c.avg_us);
	static const struct {
		const char *name;
		double pct;
	} q[] = { { "p50_us", 50 }, { "p90_us", 90 }, { "p99_us", 99 }, { "p999_us", 99.9 } };
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		wl_metric(r, q[i].name, "us", METRIC_LOWER_BETTER, cyc_percentile(&c, q[i].pct));
	wl_metric(r, "max_us", "us", METRIC_LOWER_BETTER, c.max_us);
	wl_detail(r, "cycles", json_integer((json_int_t)c.cycles));
	wl_detail(r, "overflows", json_integer((json_int_t)c.overflows));
	wl_detail(r, "histogram_us", cyc_hist_json(&c));
	wl_detail(r, "note", json_string("cyclictest --policy other (SCHED_OTHER threads, "
					 "scheduled by the scheduler under test)"));
	cyc_result_free(&c);
out:
	if (dir[0])
		wl_rm_rf(dir);
	return 0;
}

static const struct workload wl_cyclictest = {
	.name = "cyclictest",
	.desc = "rt-tests cyclictest --policy other: timer wakeup latency percentiles",
	.headline = "p99_us",
	.metrics = "min_us avg_us p50_us p90_us p99_us p999_us max_us",
	.order = 110,
	.needs_tool = "cyclictest",
	.takes_arg = true,
	.args = "threads=CPUs,interval_us=1000,hist_max_us=100000",
	.run = cyclictest_run,
};
WORKLOAD_REGISTER(wl_cyclictest);
