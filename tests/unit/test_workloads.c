// SPDX-License-Identifier: GPL-2.0-only
/* Host unit tests for the workload generators and adapters.
 *
 * Why: the host kernel has no sched_ext, but every generator runs under
 * the normal scheduler, so each one is run here for real, briefly, through
 * the registry exactly as the runner calls it (workload_find()->run), and
 * its result checked for plausibility: status ok, every advertised metric
 * present with a unit and direction, non-zero rates, ordered percentiles,
 * fairness shares summing to 100%, the run bounded in time, and no child
 * process left behind. Also the registry, the result JSON round trip, bad
 * arguments and a missing external tool (skip with the reason).
 */
#include "runner/clock.h"
#include "tests/unit/tap.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int ncpu;

/* This suite shares small machines with other work. A time bound or a
 * share that other processes' load can break is asserted strictly only when
 * the machine is not already busy (1-minute load below the CPU count); the
 * load is printed either way. */
static double load1(void)
{
	double l = 0;
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = 0;
		fclose(f);
	}
	return l;
}

static int busy(void)
{
	double l = load1();
	if (l >= ncpu)
		printf("# machine busy (load %.2f on %d CPUs): timing checks relaxed\n", l, ncpu);
	return l >= ncpu;
}

static double metric(const struct wl_result *r, const char *name)
{
	size_t i;
	json_t *m;
	json_array_foreach(r->metrics, i, m)
		if (!strcmp(json_string_value(json_object_get(m, "name")), name))
			return json_number_value(json_object_get(m, "value"));
	return NAN;
}

static double detail_num(const struct wl_result *r, const char *key)
{
	json_t *v = json_object_get(r->detail, key);
	return v ? json_number_value(v) : NAN;
}

/* Run spec for dur seconds; checks common properties. Caller frees r. */
static void run(const char *spec, double dur, const char *cgroup, struct wl_result *r,
		double *elapsed)
{
	const struct workload *w = workload_find(spec);
	wl_result_init(r);
	if (!ok(w != NULL, "%s: found in the registry", spec))
		return;
	const char *c = strchr(spec, ':');
	struct wl_params p = { .duration_s = dur, .nr_cpus = ncpu, .arg = c ? c + 1 : NULL,
			       .cgroup = cgroup };
	uint64_t t0 = mono_ns();
	is_int(w->run(&p, r), 0, "%s: run returns 0", spec);
	*elapsed = (mono_ns() - t0) / 1e9;
	errno = 0;
	pid_t left = waitpid(-1, NULL, WNOHANG);
	ok(left == -1 && errno == ECHILD, "%s: no child process left behind", spec);
	printf("# %s: %s %s (%.2f s)\n", spec, r->status == WL_OK ? "ok" : r->status == WL_SKIP ? "skip" : "fail",
	       r->reason, *elapsed);
}

/* status ok, advertised metrics present and valid, bounded time */
static void check_ok(const char *spec, const struct wl_result *r, double dur, double elapsed,
		     double bound)
{
	const struct workload *w = workload_find(spec);
	int relaxed = busy();
	ok(r->status == WL_OK || (relaxed && r->status == WL_FAIL && strstr(r->reason, "did not finish")),
	   "%s: status ok%s (%.200s)", spec, relaxed ? " (or stopped at its bound: machine busy)" : "",
	   r->reason);
	ok(elapsed <= bound || (relaxed && elapsed <= 3 * bound), "%s: finished in %.2f s (bound %.2f s for %.2f s)", spec, elapsed,
	   bound, dur);
	int bad = 0;
	size_t i;
	json_t *m;
	json_array_foreach(r->metrics, i, m) {
		const char *dir = json_string_value(json_object_get(m, "dir"));
		const char *unit = json_string_value(json_object_get(m, "unit"));
		if (!unit || !*unit || !dir || (strcmp(dir, "lower") && strcmp(dir, "higher") &&
						 strcmp(dir, "none")) ||
		    !json_is_number(json_object_get(m, "value")))
			bad++;
	}
	is_int(bad, 0, "%s: every metric has a unit, a direction and a value", spec);
	if (w && strncmp(w->metrics, "STRESSOR", 8) && r->status == WL_OK) {
		char list[512], *save = NULL;
		snprintf(list, sizeof(list), "%s", w->metrics);
		int missing = 0;
		for (char *n = strtok_r(list, " ", &save); n; n = strtok_r(NULL, " ", &save))
			if (isnan(metric(r, n))) {
				printf("#   missing metric %s\n", n);
				missing++;
			}
		is_int(missing, 0, "%s: every advertised metric reported", spec);
	}
	ok(json_object_size(r->params) > 0, "%s: parameters recorded", spec);
}

static void check_pcts(const char *spec, const struct wl_result *r, const char *prefix)
{
	static const char *q[] = { "p50_us", "p90_us", "p99_us", "p999_us", "max_us" };
	double prev = 0;
	int ordered = 1;
	char n[96];
	for (int i = 0; i < 5; i++) {
		snprintf(n, sizeof(n), "%s%s", prefix, q[i]);
		double v = metric(r, n);
		if (!(v >= prev))
			ordered = 0;
		prev = v;
	}
	ok(ordered, "%s: %s percentiles ordered p50 <= p90 <= p99 <= p99.9 <= max", spec, prefix);
}

static void test_registry(void)
{
	size_t n = workload_count();
	ok(n >= 12, "registry holds %zu workloads", n);
	int sorted = 1, complete = 1;
	for (size_t i = 0; i < n; i++) {
		const struct workload *w = workload_at(i);
		if (i && workload_at(i - 1)->order > w->order)
			sorted = 0;
		if (!w->name || !w->desc || !w->metrics || !w->run || !*w->desc || !*w->metrics)
			complete = 0;
		printf("# %3d %-12s %s\n", w->order, w->name, w->desc);
	}
	ok(sorted, "sorted by order");
	ok(complete, "every workload has name, desc, metrics and run");
	ok(workload_at(n) == NULL, "workload_at past the end is NULL");
	ok(workload_find("wakeup:workers=2") == workload_find("wakeup"), "find matches the name before ':'");
	ok(workload_find("cmd:make -j8 a:b") && !strcmp(workload_find("cmd:make -j8 a:b")->name, "cmd"),
	   "cmd with ':' in its argument");
	ok(workload_find("stress-ng:cpu") != NULL, "stress-ng found");
	ok(!workload_find("wake") && !workload_find("wakeupx") && !workload_find("") &&
	   !workload_find(NULL), "no prefix or unknown matches");
	static const char *names[] = { "wakeup", "pipe", "messaging", "cpu", "fairness",
				       "interactive", "periodic", "fork", "tenants", "stress-ng",
				       "cyclictest", "cmd" };
	int all = 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		all &= workload_find(names[i]) != NULL;
	ok(all, "all twelve workloads registered");
}

static void test_result_json(void)
{
	struct wl_result r, b;
	wl_result_init(&r);
	wl_metric(&r, "a_us", "us", METRIC_LOWER_BETTER, 1.5);
	wl_metric(&r, "b", "1/s", METRIC_HIGHER_BETTER, 1e6);
	wl_metric(&r, "c", "count", METRIC_NEUTRAL, 3);
	wl_metric(&r, "nan", "us", METRIC_LOWER_BETTER, NAN);
	wl_param(&r, "workers", json_integer(4));
	wl_detail(&r, "x", json_string("y"));
	is_int(json_array_size(r.metrics), 3, "non-finite metric not reported as a number");
	ok(json_array_size(json_object_get(r.detail, "invalid_metrics")) == 1, "...but named in detail.invalid_metrics");
	json_t *j = wl_result_to_json(&r);
	char *txt = json_dumps(j, JSON_COMPACT);
	json_error_t je;
	json_t *back = json_loads(txt, 0, &je);
	char err[256] = "";
	is_int(wl_result_from_json(back, &b, err, sizeof(err)), 0, "result JSON round trip (%s)", err);
	ok(json_equal(r.metrics, b.metrics) && json_equal(r.params, b.params) &&
	   json_equal(r.detail, b.detail) && b.status == WL_OK, "round trip preserves everything");
	is_str(json_string_value(json_object_get(json_array_get(b.metrics, 0), "dir")), "lower", "dir lower");
	is_str(metric_dir_name(METRIC_HIGHER_BETTER), "higher", "metric_dir_name higher");
	is_str(metric_dir_name(METRIC_NEUTRAL), "none", "metric_dir_name none");
	wl_result_free(&b);
	free(txt);
	json_decref(j);
	json_decref(back);
	wl_skip(&r, "because %d", 42);
	j = wl_result_to_json(&r);
	wl_result_from_json(j, &b, err, sizeof(err));
	ok(b.status == WL_SKIP && !strcmp(b.reason, "because 42"), "skip status and reason round trip");
	wl_result_free(&b);
	json_decref(j);
	static const char *bad[] = { "[]", "{}", "{\"status\":\"maybe\"}",
		"{\"status\":\"ok\",\"metrics\":[{\"name\":\"a\"}]}",
		"{\"status\":\"ok\",\"metrics\":[{\"name\":\"a\",\"unit\":\"s\",\"dir\":\"up\",\"value\":1}]}",
		"{\"status\":\"ok\",\"params\":[]}" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *x = json_loads(bad[i], 0, &je);
		err[0] = 0;
		int rc = wl_result_from_json(x, &b, err, sizeof(err));
		ok(rc == -1 && err[0] && json_array_size(b.metrics) == 0, "malformed result %zu rejected: %s", i, err);
		wl_result_free(&b);
		json_decref(x);
	}
	wl_result_free(&r);
}

static void test_generators(void)
{
	struct wl_result r;
	double el, d = 0.5, bound = 1.5 * d + 0.15;

	run("wakeup", d, NULL, &r, &el);
	check_ok("wakeup", &r, d, el, bound);
	check_pcts("wakeup", &r, "");
	ok(metric(&r, "wakeups_per_s") > 100, "wakeup: wakeups/s %.0f", metric(&r, "wakeups_per_s"));
	ok(metric(&r, "p50_us") > 0, "wakeup: p50 > 0");
	wl_result_free(&r);

	run("pipe", d, NULL, &r, &el);
	check_ok("pipe", &r, d, el, bound);
	check_pcts("pipe", &r, "roundtrip_");
	ok(metric(&r, "roundtrips_per_s") > 1000, "pipe: round trips/s %.0f", metric(&r, "roundtrips_per_s"));
	is_near(metric(&r, "usecs_per_op") * metric(&r, "roundtrips_per_s"), 1e6, 1, "pipe: us/op = 1e6 / ops/s");
	ok(!json_object_get(r.params, "headline"), "pipe unpinned: the declared headline (roundtrips_per_s) stands");
	wl_result_free(&r);

	run("pipe:cpu=0", d, NULL, &r, &el);
	check_ok("pipe:cpu=0", &r, d, el, bound);
	ok(metric(&r, "roundtrips_per_s") > 1000 && json_integer_value(json_object_get(r.params, "cpu")) == 0,
	   "pipe:cpu=0: %.0f round trips/s, pinned to CPU 0 (params.cpu)", metric(&r, "roundtrips_per_s"));
	ok(!strcmp(json_string_value(json_object_get(r.params, "headline")) ?: "", "roundtrip_p10_us"),
	   "pipe:cpu=0: its headline is the round trip's 10th percentile (params.headline)");
	ok(metric(&r, "roundtrip_p10_us") > 0 && metric(&r, "roundtrip_p10_us") <= metric(&r, "roundtrip_p50_us"),
	   "pipe:cpu=0: p10 %.1f us <= p50 %.1f us", metric(&r, "roundtrip_p10_us"), metric(&r, "roundtrip_p50_us"));
	{
		const struct workload *w = workload_find("pipe");
		ok(workload_is_headline(w, "roundtrips_per_s", NULL) && !workload_is_headline(w, "roundtrip_p10_us", NULL) &&
		   workload_is_headline(w, "roundtrip_p10_us", "roundtrip_p10_us") &&
		   !workload_is_headline(w, "roundtrips_per_s", "roundtrip_p10_us"),
		   "a result's params.headline replaces the workload's declared headline, for that result only");
	}
	wl_result_free(&r);

	run("messaging:groups=1,fds=4,loops=20", d, NULL, &r, &el);
	check_ok("messaging:groups=1,fds=4,loops=20", &r, d, el, bound);
	ok(metric(&r, "round_ms") > 0 && metric(&r, "messages_per_s") > 0, "messaging: round %.2f ms, %.0f msg/s",
	   metric(&r, "round_ms"), metric(&r, "messages_per_s"));
	ok(detail_num(&r, "rounds") >= 1, "messaging: %g rounds", detail_num(&r, "rounds"));
	wl_result_free(&r);

	run("cpu", d, NULL, &r, &el);
	check_ok("cpu", &r, d, el, bound);
	if (r.status == WL_OK) {
		ok(metric(&r, "completion_s") > 0 && metric(&r, "completion_s") < bound,
		   "cpu: completion %.3f s", metric(&r, "completion_s"));
		ok(metric(&r, "efficiency") > 0.2 && (metric(&r, "efficiency") < 2 || busy()),
		   "cpu: efficiency %.2f plausible", metric(&r, "efficiency"));
	}
	wl_result_free(&r);

	run("fairness", d, NULL, &r, &el);
	check_ok("fairness", &r, d, el, bound);
	is_near(detail_num(&r, "shares_sum_pct"), 100, 0.01, "fairness: measured shares sum to 100%%");
	double exp_sum = 0;
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(r.detail, "hogs"), i, h)
		exp_sum += json_number_value(json_object_get(h, "expected_pct"));
	is_near(exp_sum, 100, 0.01, "fairness: expected shares sum to 100%%");
	ok(metric(&r, "jain_index") > 0 && metric(&r, "jain_index") <= 1.0000001, "fairness: Jain %.3f in (0, 1]",
	   metric(&r, "jain_index"));
	ok(metric(&r, "utilization") > 0.3 || (busy() && metric(&r, "utilization") > 0),
	   "fairness: utilization %.2f", metric(&r, "utilization"));
	wl_result_free(&r);

	run("interactive", d, NULL, &r, &el);
	check_ok("interactive", &r, d, el, bound);
	check_pcts("interactive", &r, "");
	ok(detail_num(&r, "periods") >= 30, "interactive: %g periods", detail_num(&r, "periods"));
	ok(metric(&r, "missed_ratio") >= 0 && metric(&r, "missed_ratio") <= 1, "interactive: missed ratio in [0,1]");
	ok(detail_num(&r, "wake_cpu_changes") >= 0, "interactive: wake CPU changes recorded");
	wl_result_free(&r);

	/* cpu=N pins the periodic task (not the hogs): it never wakes elsewhere */
	run("interactive:cpu=0,hogs=1", d, NULL, &r, &el);
	check_ok("interactive:cpu=0", &r, d, el, bound);
	ok(json_integer_value(json_object_get(r.params, "cpu")) == 0, "interactive:cpu=0: cpu recorded in params");
	ok(detail_num(&r, "periods") >= 30 && detail_num(&r, "wake_cpu_changes") == 0,
	   "interactive:cpu=0: %g periods, woke on another CPU %g times (want 0)", detail_num(&r, "periods"),
	   detail_num(&r, "wake_cpu_changes"));
	wl_result_free(&r);

	run("periodic", d, NULL, &r, &el);
	check_ok("periodic", &r, d, el, bound);
	check_pcts("periodic", &r, "lateness_");
	ok(detail_num(&r, "jobs") > 10, "periodic: %g jobs", detail_num(&r, "jobs"));
	ok(metric(&r, "miss_ratio") >= 0 && metric(&r, "miss_ratio") <= 1, "periodic: miss ratio in [0,1]");
	ok(metric(&r, "response_p50_pct") > 0 && metric(&r, "response_p50_pct") <= metric(&r, "response_p99_pct"),
	   "periodic: response p50 %.1f%% <= p99 %.1f%%", metric(&r, "response_p50_pct"),
	   metric(&r, "response_p99_pct"));
	wl_result_free(&r);

	run("fork", d, NULL, &r, &el);
	check_ok("fork", &r, d, el, bound);
	check_pcts("fork", &r, "spawn_");
	ok(metric(&r, "forks_per_s") > 10, "fork: %.0f forks/s", metric(&r, "forks_per_s"));
	wl_result_free(&r);

	run("tenants", d, NULL, &r, &el);
	ok(r.status == WL_SKIP && strstr(r.reason, "cgroup"), "tenants without a cgroup: skip (%.200s)", r.reason);
	wl_result_free(&r);
	run("tenants", d, "/nonexistent/cgroup", &r, &el);
	ok(r.status == WL_SKIP && r.reason[0], "tenants with an unusable cgroup: skip (%.200s)", r.reason);
	wl_result_free(&r);
}

static void test_adapters(void)
{
	struct wl_result r;
	double el;

	run("stress-ng:cpu=1", 0.5, NULL, &r, &el);
	check_ok("stress-ng:cpu=1", &r, 0.5, el, 1.8); /* --timeout is whole seconds */
	ok(metric(&r, "cpu_bogo_ops_per_s") > 0, "stress-ng: cpu bogo-ops/s %.1f", metric(&r, "cpu_bogo_ops_per_s"));
	ok(json_object_get(r.detail, "note") != NULL, "stress-ng: relative-only note");
	wl_result_free(&r);

	run("cyclictest", 0.5, NULL, &r, &el);
	check_ok("cyclictest", &r, 0.5, el, 1.5 * 0.5 + 0.4);
	check_pcts("cyclictest", &r, "");
	ok(metric(&r, "min_us") <= metric(&r, "avg_us") && metric(&r, "avg_us") <= metric(&r, "max_us"),
	   "cyclictest: min <= avg <= max");
	ok(detail_num(&r, "cycles") > 100, "cyclictest: %g cycles", detail_num(&r, "cycles"));
	wl_result_free(&r);

	run("cmd:i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done & sleep 0.05; wait", 1, NULL, &r, &el);
	check_ok("cmd:", &r, 1, el, 1.6);
	ok(metric(&r, "wall_s") > 0.04 && metric(&r, "wall_s") < 1.5, "cmd: wall %.3f s", metric(&r, "wall_s"));
	ok(metric(&r, "cpu_s") > 0, "cmd: cpu %.3f s", metric(&r, "cpu_s"));
	ok(metric(&r, "runq_wait_s") >= 0 && detail_num(&r, "tasks_seen") >= 1, "cmd: run-queue wait %.6f s over %g tasks",
	   metric(&r, "runq_wait_s"), detail_num(&r, "tasks_seen"));
	ok(metric(&r, "voluntary_ctxsw") >= 1, "cmd: voluntary context switches %.0f", metric(&r, "voluntary_ctxsw"));
	wl_result_free(&r);

	run("cmd:exit 3", 1, NULL, &r, &el);
	ok(r.status == WL_FAIL && strstr(r.reason, "exit 3"), "cmd: non-zero exit fails (%.200s)", r.reason);
	ok(!isnan(metric(&r, "wall_s")), "cmd: metrics still reported on failure");
	wl_result_free(&r);
	run("cmd:sleep 5", 0.4, NULL, &r, &el);
	ok(r.status == WL_FAIL && strstr(r.reason, "did not finish"), "cmd: killed at the bound (%.200s)", r.reason);
	ok(el < 0.4 * 1.5 + 0.7, "cmd: returned in %.2f s", el);
	wl_result_free(&r);
	run("cmd", 1, NULL, &r, &el);
	ok(r.status == WL_SKIP && strstr(r.reason, "no command"), "cmd without a command: skip");
	wl_result_free(&r);

	/* a missing external tool: skip with the reason, never a crash */
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	run("stress-ng:cpu", 0.5, NULL, &r, &el);
	ok(r.status == WL_SKIP && strstr(r.reason, "not installed"), "stress-ng missing: skip (%.200s)", r.reason);
	wl_result_free(&r);
	run("cyclictest", 0.5, NULL, &r, &el);
	ok(r.status == WL_SKIP && strstr(r.reason, "not installed"), "cyclictest missing: skip (%.200s)", r.reason);
	wl_result_free(&r);
	if (path) {
		setenv("PATH", path, 1);
		free(path);
	}
}

static void test_bad_args(void)
{
	static const char *specs[] = { "wakeup:workers=0", "wakeup:bogus=1", "pipe:x=1", "pipe:cpu=-2", "pipe:cpu=1000",
		"messaging:fds=1000", "cpu:threads_per_cpu=abc", "fairness:nices=0/50",
		"interactive:run_ms=20", "interactive:cpu=-2", "interactive:cpu=1000", "periodic:util=2", "fork:forkers=-1",
		"tenants:weights=100", "cyclictest:interval_us=1", "stress-ng:cpu;ls" };
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct wl_result r;
		double el;
		run(specs[i], 0.5, NULL, &r, &el);
		ok(r.status == WL_FAIL && r.reason[0] && el < 0.2, "%s: fails at once (%.200s)", specs[i], r.reason);
		wl_result_free(&r);
	}
}

/* Every key `scxbench list` shows for a workload is one it parses: given a
 * bad value it fails on that value, not with "unknown argument". */
static void test_listed_args(void)
{
	for (size_t i = 0; i < workload_count(); i++) {
		const struct workload *w = workload_at(i);
		if (!w->takes_arg) {
			ok(!w->args, "%s: takes no argument and lists none", w->name);
			continue;
		}
		if (!ok(w->args && *w->args, "%s: lists what its argument may hold", w->name))
			continue;
		if (!(w->args[0] >= 'a' && w->args[0] <= 'z') || !strchr(w->args, '='))
			continue; /* free text (a command, stressor names) */
		char keys[256];
		snprintf(keys, sizeof(keys), "%.*s", (int)strcspn(w->args, " "), w->args);
		int n = 0;
		for (char *save = NULL, *kv = strtok_r(keys, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
			char spec[300];
			snprintf(spec, sizeof(spec), "%s:%.*s=@", w->name, (int)strcspn(kv, "="), kv);
			struct wl_result r;
			double el;
			run(spec, 0.5, NULL, &r, &el);
			ok(r.status == WL_FAIL && r.reason[0] && !strstr(r.reason, "unknown argument"),
			   "%s: a listed key, its bad value refused (%.200s)", spec, r.reason);
			wl_result_free(&r);
			n++;
		}
		ok(n >= 1, "%s: %d listed keys checked", w->name, n);
	}
}

int main(void)
{
	ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_registry();
	test_result_json();
	test_bad_args();
	test_listed_args();
	test_generators();
	test_adapters();
	return done_testing();
}
