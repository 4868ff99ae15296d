// SPDX-License-Identifier: GPL-2.0-only
/* Host unit tests for the adapters' parsers: stress-ng's YAML report,
 * cyclictest's JSON report, /proc/TID/schedstat lines, workload arguments.
 *
 * Why: these read other programs' output, which changes across versions
 * and can be cut short by a kill; each must return the right numbers for
 * real output (fixtures recorded from stress-ng 0.15.06 and rt-tests 2.4 on
 * the dev machine; expected values computed independently with Python) and a
 * clear error, never a crash, for malformed input.
 */
#include "tests/unit/tap.h"
#include "workloads/cyclictest_json.h"
#include "workloads/stressng_yaml.h"
#include "workloads/wl_args.h"
#include "workloads/wl_exec.h"
#include "workloads/wl_schedstat.h"

#include <stdlib.h>

static char fixdir[512];

static char *fixture(const char *name)
{
	char path[1024], err[256] = "";
	snprintf(path, sizeof(path), "%s/%s", fixdir, name);
	char *t = wl_read_text(path, 1 << 22, err, sizeof(err));
	if (!t)
		printf("# %s\n", err);
	return t;
}

static json_t *find_stressor(json_t *list, const char *name)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "stressor")), name))
			return e;
	return NULL;
}

static void test_stressng(void)
{
	char err[256] = "";
	char *t = fixture("stressng_cpu_pipe_switch.yaml");
	ok(t != NULL, "stress-ng fixture readable");
	json_t *doc = sng_yaml_to_json(t, err, sizeof(err));
	ok(doc != NULL, "generic subset parse (%s)", err);
	json_t *si = json_object_get(doc, "system-info");
	is_int(json_integer_value(json_object_get(si, "cpus")), 2, "system-info.cpus is an integer");
	is_str(json_string_value(json_object_get(si, "stress-ng-version")), "0.15.06", "version string");
	is_str(json_string_value(json_object_get(si, "version")), "#1 SMP PREEMPT_DYNAMIC @0",
	       "single-quoted scalar unquoted");
	json_decref(doc);

	json_t *list = sng_yaml_stressors(t, err, sizeof(err));
	ok(list != NULL, "stressors parsed (%s)", err);
	is_int(json_array_size(list), 3, "three stressors");
	json_t *cpu = find_stressor(list, "cpu"), *pipe = find_stressor(list, "pipe"),
	       *sw = find_stressor(list, "switch");
	ok(cpu && pipe && sw, "cpu, pipe and switch present, in order");
	is_near(json_real_value(json_object_get(cpu, "bogo_ops_per_s_real")), 808.060333, 1e-6, "cpu bogo-ops/s");
	is_near(json_real_value(json_object_get(pipe, "bogo_ops_per_s_real")), 713433.723548, 1e-6, "pipe bogo-ops/s");
	is_near(json_real_value(json_object_get(sw, "bogo_ops_per_s_real")), 193241.813521, 1e-6, "switch bogo-ops/s");
	ok(json_object_get(cpu, "bogo_ops") && json_object_get(cpu, "wall_s") &&
	   json_object_get(cpu, "user_s") && json_object_get(cpu, "sys_s") &&
	   json_object_get(cpu, "bogo_ops_per_s_cpu"), "cpu has all fields");
	json_decref(list);
	free(t);

	/* hand-written subset corner cases */
	const char *ok_yaml =
		"---\nroot:\n  - a: 1\n    b: 'it''s'\n  - a: \"x\\ty\"\n    nested:\n      deep: -2.5e3\n"
		"list:\n- plain\n- 3\n...\nignored: after end\n";
	doc = sng_yaml_to_json(ok_yaml, err, sizeof(err));
	ok(doc != NULL, "corner-case document parses (%s)", err);
	json_t *root = json_object_get(doc, "root");
	is_int(json_array_size(root), 2, "sequence of two mappings");
	is_str(json_string_value(json_object_get(json_array_get(root, 0), "b")), "it's", "'' escape");
	is_str(json_string_value(json_object_get(json_array_get(root, 1), "a")), "x\ty", "\\t escape");
	is_near(json_number_value(json_object_get(json_object_get(json_array_get(root, 1), "nested"), "deep")),
		-2500, 0, "nested mapping in an item, float");
	is_int(json_array_size(json_object_get(doc, "list")), 2, "sequence at the key's indent");
	ok(!json_object_get(doc, "ignored"), "nothing read after '...'");
	json_decref(doc);

	static const struct {
		const char *file, *want;
	} bad[] = {
		{ "stressng_bad_tab.yaml", "tab" },
		{ "stressng_bad_truncated.yaml", "metrics" },
		{ "stressng_bad_number.yaml", "not a number" },
		{ "stressng_bad_flow.yaml", "line 2" },
		{ "stressng_bad_indent.yaml", "indentation" },
		{ "stressng_bad_quote.yaml", "line 3" },
		{ "stressng_bad_noname.yaml", "no stressor name" },
		{ "stressng_bad_binary.yaml", "line" },
		{ "stressng_empty.yaml", "empty" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = fixture(bad[i].file);
		err[0] = 0;
		list = sng_yaml_stressors(t ? t : "", err, sizeof(err));
		ok(!list && strstr(err, bad[i].want), "%s rejected: %s", bad[i].file, err);
		json_decref(list);
		free(t);
	}
	err[0] = 0;
	json_t *none = sng_yaml_stressors(NULL, err, sizeof(err));
	ok(!none && err[0], "NULL text rejected: %s", err);
}

static void test_cyclictest(void)
{
	char err[256] = "";
	struct cyc_result c;
	char *t = fixture("cyclictest_t2_hist.json");
	is_int(cyc_json_parse(t, &c, err, sizeof(err)), 0, "2-thread report with histogram (%s)", err);
	is_int(c.threads, 2, "threads");
	is_int(c.cycles, 600, "cycles summed");
	is_near(c.min_us, 40, 0, "min over threads");
	is_near(c.max_us, 1666, 0, "max over threads");
	is_near(c.avg_us, 91.15, 1e-9, "cycle-weighted avg");
	is_int(c.hist_samples, 600, "histogram samples");
	is_int(c.overflows, 0, "no overflows");
	is_int(c.nhist, 51, "threads' buckets merged");
	is_near(cyc_percentile(&c, 50), 79, 0, "p50 exact");
	is_near(cyc_percentile(&c, 90), 90, 0, "p90 exact");
	is_near(cyc_percentile(&c, 99), 307, 0, "p99 exact");
	is_near(cyc_percentile(&c, 99.9), 1666, 0, "p99.9 exact");
	is_near(cyc_percentile(&c, 100), 1666, 0, "p100 = max");
	json_t *h = cyc_hist_json(&c);
	is_int(json_object_size(h), 51, "histogram JSON");
	json_decref(h);
	cyc_result_free(&c);
	free(t);

	t = fixture("cyclictest_t1_overflow.json");
	is_int(cyc_json_parse(t, &c, err, sizeof(err)), 0, "report with overflows (%s)", err);
	is_int(c.overflows, 149, "overflows = cycles - histogram samples");
	is_near(cyc_percentile(&c, 1), 72, 0, "p1 inside the histogram");
	is_near(cyc_percentile(&c, 50), 2468, 0, "p50 among overflows = max");
	cyc_result_free(&c);
	free(t);

	t = fixture("cyclictest_t1_nohist.json");
	is_int(cyc_json_parse(t, &c, err, sizeof(err)), 0, "report without -h (%s)", err);
	is_int(c.cycles, 200, "cycles");
	is_near(c.avg_us, 75.83, 1e-9, "avg");
	is_int(c.overflows, 200, "without -h every sample counts as overflow (documented)");
	cyc_result_free(&c);
	free(t);

	static const struct {
		const char *file, *want;
	} bad[] = {
		{ "cyclictest_ns.json", "-N" },
		{ "cyclictest_bad_truncated.json", "line" },
		{ "cyclictest_bad_nothread.json", "thread" },
		{ "cyclictest_bad_histcount.json", "samples" },
		{ "cyclictest_bad_histkey.json", "x12" },
		{ "cyclictest_bad_minmax.json", "inconsistent" },
		{ "cyclictest_bad_cycles.json", "cycles" },
		{ "cyclictest_bad_array.json", "not an object" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = fixture(bad[i].file);
		err[0] = 0;
		int rc = cyc_json_parse(t ? t : "", &c, err, sizeof(err));
		ok(rc == -1 && strstr(err, bad[i].want), "%s rejected: %s", bad[i].file, err);
		ok(c.hist == NULL && c.cycles == 0, "%s: result left empty", bad[i].file);
		free(t);
	}
	err[0] = 0;
	int rc = cyc_json_parse("", &c, err, sizeof(err));
	ok(rc == -1 && err[0], "empty text rejected: %s", err);
	err[0] = 0;
	rc = cyc_json_parse(NULL, &c, err, sizeof(err));
	ok(rc == -1 && err[0], "NULL text rejected: %s", err);
	is_near(cyc_percentile(&c, 50), -1, 0, "percentile of an empty result is -1");
}

static void test_schedstat_and_args(void)
{
	uint64_t e, w, s;
	is_int(wl_schedstat_parse("123 456 7\n", &e, &w, &s), 0, "schedstat line");
	ok(e == 123 && w == 456 && s == 7, "schedstat fields");
	is_int(wl_schedstat_parse("garbage", &e, &w, &s), -1, "bad schedstat rejected");
	is_int(wl_schedstat_parse("", &e, &w, &s), -1, "empty schedstat rejected");

	static const char *const keys[] = { "workers", "rate", "list", NULL };
	struct wl_args a;
	char err[256] = "";
	long v;
	double d;
	long list[8];
	is_int(wl_args_parse("workers=8,rate=0.5,list=1/2/3", keys, &a, err, sizeof(err)), 0, "args parse");
	is_int(wl_args_long(&a, "workers", 1, 1, 100, &v, err, sizeof(err)), 0, "int arg");
	is_int(v, 8, "workers=8");
	is_int(wl_args_double(&a, "rate", 1, 0, 1, &d, err, sizeof(err)), 0, "double arg");
	is_near(d, 0.5, 0, "rate=0.5");
	is_int(wl_args_long_list(wl_args_get(&a, "list"), 0, 9, list, 8, err, sizeof(err)), 3, "list of 3");
	ok(list[0] == 1 && list[2] == 3, "list values");
	is_int(wl_args_long(&a, "absent", 42, 0, 100, &v, err, sizeof(err)), 0, "absent key");
	is_int(v, 42, "default used");
	int rc = wl_args_parse("wrkers=8", keys, &a, err, sizeof(err));
	ok(rc == -1 && strstr(err, "wrkers"), "typo rejected: %s", err);
	rc = wl_args_parse("workers", keys, &a, err, sizeof(err));
	ok(rc == -1, "missing '=' rejected: %s", err);
	wl_args_parse("workers=0x", keys, &a, err, sizeof(err));
	rc = wl_args_long(&a, "workers", 1, 1, 100, &v, err, sizeof(err));
	ok(rc == -1, "bad int rejected: %s", err);
	wl_args_parse("workers=1000", keys, &a, err, sizeof(err));
	rc = wl_args_long(&a, "workers", 1, 1, 100, &v, err, sizeof(err));
	ok(rc == -1, "out of range rejected: %s", err);
	rc = wl_args_long_list("1//2", 0, 9, list, 8, err, sizeof(err));
	ok(rc == -1, "bad list rejected: %s", err);
	is_int(wl_args_parse(NULL, keys, &a, err, sizeof(err)), 0, "no args is fine");
}

int main(void)
{
	/* fixtures sit beside tests/unit: derive from this file's path */
	snprintf(fixdir, sizeof(fixdir), "%s", __FILE__);
	char *slash = strstr(fixdir, "unit/test_parsers.c");
	if (slash)
		strcpy(slash, "fixtures/workloads");
	else
		snprintf(fixdir, sizeof(fixdir), "tests/fixtures/workloads");
	const char *env = getenv("SCXB_FIXTURES");
	if (env)
		snprintf(fixdir, sizeof(fixdir), "%s/workloads", env);
	test_stressng();
	test_cyclictest();
	test_schedstat_and_args();
	return done_testing();
}
