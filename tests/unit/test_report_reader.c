// SPDX-License-Identifier: GPL-2.0-only
/* Tests of the results reader and the JSON schema.
 *
 * Why: every report trusts the reader. It must rebuild the same model from
 * results.json and from the results.jsonl stream, keep what is complete of
 * an interrupted run, refuse malformed, wrongly typed and newer-schema input
 * with one line naming the file (exit 2 at the CLI, never a crash), and
 * everything the suite writes must validate against
 * reports/schema/results-v1.schema.json.
 */
#include <fnmatch.h>
#include <jansson.h>
#include <math.h>
#include <sys/wait.h>

#include "reports/commands.h"
#include "reports/results_reader.h"
#include "reports/schema_check.h"
#include "tests/unit/report_test_util.h"
#include "tests/unit/tap.h"
#include "workloads/workload.h"

#define SCHEMA "reports/schema/results-v1.schema.json"

static json_t *schema;

static int same_model(const struct run_results *a, const struct run_results *b, char *why, size_t wl)
{
	if (a->nscheds != b->nscheds || a->nresults != b->nresults || a->nprobes != b->nprobes) {
		snprintf(why, wl, "counts differ");
		return 0;
	}
	if (strcmp(a->kernel, b->kernel) || a->cpus != b->cpus || strcmp(a->started, b->started) ||
	    strcmp(a->finished, b->finished)) {
		snprintf(why, wl, "provenance differs");
		return 0;
	}
	for (size_t i = 0; i < a->nscheds; i++)
		if (strcmp(a->scheds[i].name, b->scheds[i].name) || strcmp(a->scheds[i].status, b->scheds[i].status)) {
			snprintf(why, wl, "scheduler %zu differs", i);
			return 0;
		}
	for (size_t i = 0; i < a->nresults; i++) {
		const struct rr_result *x = &a->results[i], *y = &b->results[i];
		if (strcmp(x->scheduler, y->scheduler) || strcmp(x->workload, y->workload) ||
		    strcmp(x->status, y->status) || strcmp(x->reason, y->reason) || x->nmetrics != y->nmetrics ||
		    json_array_size(x->repeats) != json_array_size(y->repeats)) {
			snprintf(why, wl, "result %zu (%.60s/%.60s) differs", i, x->scheduler, x->workload);
			return 0;
		}
		for (size_t k = 0; k < x->nmetrics; k++) {
			const struct rr_metric *m = &x->metrics[k], *n = rr_metric_find(y, m->name);
			if (!n || n->n != m->n || n->dir != m->dir || strcmp(n->unit, m->unit) ||
			    memcmp(n->values, m->values, m->n * sizeof(double)) || n->s.median != m->s.median ||
			    n->s.ci_lo != m->s.ci_lo || n->s.ci_hi != m->s.ci_hi || n->s.noisy != m->s.noisy) {
				snprintf(why, wl, "metric %.60s/%.60s/%.60s differs", x->scheduler, x->workload, m->name);
				return 0;
			}
		}
	}
	for (size_t i = 0; i < a->nprobes; i++)
		if (strcmp(a->probes[i].probe, b->probes[i].probe) || strcmp(a->probes[i].status, b->probes[i].status) ||
		    strcmp(a->probes[i].reason, b->probes[i].reason)) {
			snprintf(why, wl, "probe %zu differs", i);
			return 0;
		}
	return 1;
}

static void test_json_and_jsonl(void)
{
	char err[1024] = "", why[256] = "";
	struct run_results *a = rr_load(FIX("run-a.json"), err, sizeof(err));
	ok(a != NULL, "run-a.json loads (%.60s)", err);
	struct run_results *b = rr_load(FIX("run-a.jsonl"), err, sizeof(err));
	ok(b != NULL, "run-a.jsonl loads (%.60s)", err);
	if (!a || !b)
		return;
	is_int(a->nscheds, 4, "4 scheduler rows");
	is_int(a->nresults, 48, "48 result rows (4 schedulers x 12 workloads)");
	is_int(a->nprobes, 5, "5 probe verdicts");
	ok(!a->from_jsonl && b->from_jsonl, "format sniffed");
	ok(b->complete && !b->truncated && !b->warning[0], "complete jsonl: no warning");
	ok(same_model(a, b, why, sizeof(why)), "json and jsonl give the same model %.60s", why);
	is_str(rr_baseline(a), "eevdf", "baseline row");
	const struct rr_result *r = rr_find(a, "vtime", "wakeup");
	const struct rr_metric *m = rr_metric_find(r, "p99_us");
	ok(m && m->n == 5 && m->dir == RR_DIR_LOWER && !strcmp(m->unit, "us"), "vtime/wakeup/p99_us typed");
	/* summaries recomputed equal the ones stored by the fixture generator */
	const json_t *stored = json_object_get(json_object_get(json_array_get(json_object_get(a->doc, "results"),
									      (size_t)(r - a->results)),
								"metrics"), "p99_us");
	ok(m && fabs(json_number_value(json_object_get(stored, "ci_lo")) - m->s.ci_lo) < 1e-9 &&
		   fabs(json_number_value(json_object_get(stored, "median")) - m->s.median) < 1e-9,
	   "recomputed median/CI equal the stored summary");
	const struct rr_probe *fp;
	is_int(rr_failed_probes(a, "vtime", &fp), 0, "vtime failed no probe in run A");
	const char *wls[16];
	is_int(rr_workloads(a, wls, 16), 12, "12 workloads in plan order");
	is_str(wls[0], "wakeup", "first workload");
	is_str(wls[11], "cmd:make -j2", "last workload: the command, recorded with its argument");

	/* the directory form finds results.json */
	const char *dir = rt_tmp("rundir");
	mkdir(dir, 0755);
	char p[600];
	snprintf(p, sizeof(p), "%.60s/results.jsonl", dir);
	size_t len;
	char *data = rt_slurp(FIX("run-a.jsonl"), &len);
	rt_write(p, data, len);
	free(data);
	struct run_results *c = rr_load(dir, err, sizeof(err));
	ok(c && c->from_jsonl && c->nresults == 48, "a run directory with only results.jsonl loads");
	rr_free(c);

	/* schema: fixture and the document rebuilt from jsonl */
	ok(!schema_validate(schema, schema, a->doc, err, sizeof(err)), "run-a.json validates (%.60s)", err);
	ok(!schema_validate(schema, schema, b->doc, err, sizeof(err)), "doc rebuilt from jsonl validates (%.60s)", err);
	rr_free(a);
	rr_free(b);
}

/* The fixtures carry what the workloads emit: every workload is registered
 * (by the name before ':'), every metric is one it declares (`scxbench
 * list`; STRESSOR_ stands for the stressor), and the workload's rows all
 * agree on each metric's unit and direction. */
static void test_fixture_matches_workloads(void)
{
	char err[1024] = "";
	struct run_results *a = rr_load(FIX("run-a.json"), err, sizeof(err));
	if (!a) {
		ok(0, "run-a.json loads (%.60s)", err);
		return;
	}
	size_t bad = 0, checked = 0;
	for (size_t i = 0; i < a->nresults; i++) {
		const struct rr_result *res = &a->results[i];
		const struct workload *w = workload_find(res->workload);
		if (!w) {
			printf("# %s: no such workload\n", res->workload);
			bad++;
			continue;
		}
		for (size_t k = 0; k < res->nmetrics; k++, checked++) {
			const struct rr_metric *m = &res->metrics[k];
			char decl[512];
			int found = 0;
			snprintf(decl, sizeof(decl), "%s", w->metrics);
			for (char *save = NULL, *t = strtok_r(decl, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
				char glob[128];
				if (!strncmp(t, "STRESSOR_", 9))
					snprintf(glob, sizeof(glob), "*_%s", t + 9);
				else
					snprintf(glob, sizeof(glob), "%s", t);
				found |= !fnmatch(glob, m->name, 0);
			}
			const struct rr_metric *first = rr_metric_find(rr_find(a, "eevdf", res->workload), m->name);
			if (!found || !first || first->dir != m->dir || strcmp(first->unit, m->unit)) {
				printf("# %s/%s/%s: %s\n", res->scheduler, res->workload, m->name,
				       !found ? "not declared by the workload" : "unit or direction differs between rows");
				bad++;
			}
		}
	}
	ok(checked > 150 && bad == 0, "every fixture metric (%zu) is one its workload declares (%zu bad)", checked, bad);
	rr_free(a);
}

static void test_flat_header(void)
{
	/* provenance flattened into the header line is accepted too */
	const char *txt =
		"{\"type\":\"header\",\"schema_version\":1,\"kernel\":\"6.14.0\",\"cpus\":4,\"started\":\"2025-01-01T00:00:00Z\"}\n"
		"{\"type\":\"scheduler\",\"name\":\"eevdf\",\"kind\":\"eevdf\",\"status\":\"ok\"}\n"
		"{\"type\":\"repeat\",\"scheduler\":\"eevdf\",\"workload\":\"cpu\",\"repeat\":0,\"status\":\"ok\","
		"\"metrics\":[{\"name\":\"completion_s\",\"unit\":\"s\",\"dir\":\"lower\",\"value\":2.75}]}\n"
		"{\"type\":\"footer\",\"finished\":\"2025-01-01T00:01:00Z\"}\n";
	const char *p = rt_tmp("flat.jsonl");
	rt_write(p, txt, strlen(txt));
	char err[1024] = "";
	struct run_results *r = rr_load(p, err, sizeof(err));
	ok(r && !strcmp(r->kernel, "6.14.0") && r->cpus == 4 && r->complete &&
		   rr_metric_find(rr_find(r, "eevdf", "cpu"), "completion_s"),
	   "flattened header jsonl loads (%.100s)", err);
	rr_free(r);
}

static void test_truncated(void)
{
	char err[1024] = "";
	struct run_results *t = rr_load(FIX("run-a-truncated.jsonl"), err, sizeof(err));
	ok(t != NULL, "truncated jsonl still loads (%.60s)", err);
	if (!t)
		return;
	ok(t->truncated && !t->complete, "truncation detected");
	ok(strstr(t->warning, "incomplete") && strstr(t->warning, "run-a-truncated.jsonl"),
	   "warning names the file: %.60s", t->warning);
	size_t reps = 0;
	for (size_t i = 0; i < t->nresults; i++)
		reps += json_array_size(t->results[i].repeats);
	is_int(reps, 40, "the 40 complete repeat lines are kept");
	ok(!schema_validate(schema, schema, t->doc, err, sizeof(err)), "partial doc validates (%.60s)", err);
	rr_free(t);

	/* no footer, no truncation: warned as interrupted */
	size_t len;
	char *data = rt_slurp(FIX("run-a.jsonl"), &len);
	char *lastnl = data + len - 1;
	while (lastnl > data && lastnl[-1] != '\n')
		lastnl--;
	const char *p = rt_tmp("nofooter.jsonl");
	rt_write(p, data, (size_t)(lastnl - data));
	free(data);
	t = rr_load(p, err, sizeof(err));
	ok(t && !t->complete && !t->truncated && strstr(t->warning, "no footer"), "missing footer warned");
	rr_free(t);
}

struct bad_case {
	const char *name, *content, *expect;
};

static void test_malformed(void)
{
	size_t len;
	char *good = rt_slurp(FIX("run-a.json"), &len);
	char *half = strndup(good, len / 2);
	static char newer[256], wrongtype[4096];
	snprintf(newer, sizeof(newer), "{\"schema_version\": 2, \"provenance\": {}, \"schedulers\": [], \"results\": []}");
	snprintf(wrongtype, sizeof(wrongtype),
		 "{\"schema_version\":1,\"provenance\":{\"kernel\":\"k\",\"cpus\":2,\"started\":\"2025-01-01T00:00:00Z\"},"
		 "\"schedulers\":[{\"name\":\"eevdf\",\"kind\":\"eevdf\",\"status\":\"ok\"}],\"results\":[{\"scheduler\":\"eevdf\","
		 "\"workload\":\"w\",\"status\":\"ok\",\"metrics\":{\"x\":{\"unit\":\"us\",\"dir\":\"lower\",\"values\":[1,\"2\"]}},"
		 "\"repeats\":[]}],\"probes\":[]}");
	struct bad_case cases[] = {
		{ "truncated.json", half, "truncated" },
		{ "newer.json", newer, "newer than this scxbench" },
		{ "wrongtype.json", wrongtype, "values[1]: expected a number" },
		{ "empty.json", "", "empty file" },
		{ "notjson.json", "hello world\n", "invalid JSON" },
		{ "array.json", "[1,2,3]", "top level" },
		{ "nover.json", "{\"a\":1}", "schema_version" },
		{ "strver.json", "{\"schema_version\":\"1\"}", "expected an integer" },
		{ "zerover.json", "{\"schema_version\":0}", "not valid" },
		{ "noprov.json", "{\"schema_version\":1,\"schedulers\":[],\"results\":[]}", "provenance" },
		{ "schedtype.json",
		  "{\"schema_version\":1,\"provenance\":{\"kernel\":\"k\"},\"schedulers\":{},\"results\":[]}",
		  "schedulers: expected an array" },
		{ "badstatus.json",
		  "{\"schema_version\":1,\"provenance\":{\"kernel\":\"k\"},\"schedulers\":[],\"results\":[{\"scheduler\":\"a\","
		  "\"workload\":\"b\",\"status\":\"great\"}]}",
		  "not ok|fail|skip|timeout" },
		{ "probestatus.json",
		  "{\"schema_version\":1,\"provenance\":{\"kernel\":\"k\"},\"schedulers\":[],\"results\":[],\"probes\":"
		  "[{\"scheduler\":\"a\",\"probe\":\"b\",\"status\":7}]}",
		  "status: expected a string" },
		{ "kerneltype.json", "{\"schema_version\":1,\"provenance\":{\"kernel\":5},\"schedulers\":[],\"results\":[]}",
		  "kernel: expected a string" },
		{ "badmid.jsonl",
		  "{\"type\":\"header\",\"schema_version\":1,\"kernel\":\"k\",\"cpus\":2,\"started\":\"x\"}\n{oops\n"
		  "{\"type\":\"footer\",\"finished\":\"y\"}\n",
		  "line 2" },
		{ "noheader.jsonl", "{\"type\":\"probe\",\"scheduler\":\"a\",\"probe\":\"b\",\"status\":\"pass\"}\n",
		  "expected \"header\"" },
		{ "newer.jsonl", "{\"type\":\"header\",\"schema_version\":3,\"kernel\":\"k\"}\n", "newer" },
		{ "binary.json", "{\"schema_version\":1\0\1\2}", "NUL" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = rt_tmp(cases[i].name);
		size_t clen = !strcmp(cases[i].name, "binary.json") ? 24 : strlen(cases[i].content);
		rt_write(p, cases[i].content, clen);
		char err[1024] = "";
		struct run_results *r = rr_load(p, err, sizeof(err));
		ok(r == NULL && strstr(err, cases[i].name) && strstr(err, cases[i].expect) && !strchr(err, '\n'),
		   "%.60s: one-line error naming the file: %.60s", cases[i].name, err);
		rr_free(r);
		/* and at the CLI: exit 2, exactly one line on stderr */
		char *out = NULL, *errs = NULL;
		char *argv[] = { "report", (char *)p, "--format", "md", NULL };
		int rc = rt_run(cmd_report, argv, &out, &errs);
		ok(rc == 2 && errs && rt_count(errs, "\n") == 1 && strstr(errs, cases[i].name),
		   "%.60s: scxbench report exits 2 with one line", cases[i].name);
		free(out);
		free(errs);
	}
	char err[1024] = "";
	ok(!rr_load("tests/fixtures/reports/does-not-exist.json", err, sizeof(err)) &&
		   strstr(err, "does-not-exist.json") && strstr(err, "cannot open"),
	   "missing file: %.60s", err);
	char *argv[] = { "compare", FIX("run-a.json"), (char *)rt_tmp("newer.json"), NULL };
	char *errs = NULL;
	is_int(rt_run(cmd_compare, argv, NULL, &errs), 2, "compare with a bad CAND exits 2");
	free(errs);
	char *argv2[] = { "recommend", (char *)rt_tmp("truncated.json"), NULL };
	is_int(rt_run(cmd_recommend, argv2, NULL, &errs), 2, "recommend with a truncated file exits 2");
	free(errs);
	free(good);
	free(half);
}

static void test_schema(void)
{
	static const char *const fixtures[] = { "run-a.json", "run-b-slow.json", "run-a-noise.json",
						"run-failed-probe.json", "run-3rep.json" };
	char err[1024];
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		char p[256];
		snprintf(p, sizeof(p), FIX("%.60s"), fixtures[i]);
		json_error_t je;
		json_t *d = json_load_file(p, 0, &je);
		ok(d && !schema_validate(schema, schema, d, err, sizeof(err)), "%.60s validates against the schema (%.60s)",
		   fixtures[i], d ? err : je.text);
		json_decref(d);
	}
	/* every jsonl line validates as $defs/jsonl_line */
	const json_t *line_schema = json_object_get(json_object_get(schema, "$defs"), "jsonl_line");
	size_t len;
	char *data = rt_slurp(FIX("run-a.jsonl"), &len);
	int bad = 0, n = 0;
	for (char *l = strtok(data, "\n"); l; l = strtok(NULL, "\n"), n++) {
		json_t *o = json_loads(l, 0, NULL);
		if (!o || schema_validate(schema, line_schema, o, err, sizeof(err)))
			bad++;
		json_decref(o);
	}
	free(data);
	ok(n > 100 && !bad, "all %d jsonl lines validate as jsonl_line (%d bad)", n, bad);

	/* negative: the validator catches what the schema forbids */
	json_t *d = json_load_file(FIX("run-a.json"), 0, NULL);
	json_t *res0 = json_array_get(json_object_get(d, "results"), 0);
	json_object_set_new(res0, "status", json_string("bogus"));
	ok(schema_validate(schema, schema, d, err, sizeof(err)) && strstr(err, "/results/0/status"),
	   "invalid status rejected with its path: %.60s", err);
	json_object_set_new(res0, "status", json_string("ok"));
	json_object_set_new(json_object_get(json_object_get(res0, "metrics"), "p50_us"), "dir", json_string("up"));
	ok(schema_validate(schema, schema, d, err, sizeof(err)) && strstr(err, "dir"), "invalid dir rejected: %.60s", err);
	json_decref(d);
	d = json_load_file(FIX("run-a.json"), 0, NULL);
	json_object_set_new(d, "schema_version", json_integer(2));
	ok(schema_validate(schema, schema, d, err, sizeof(err)), "schema_version 2 rejected by schema v1");
	json_object_set_new(d, "schema_version", json_integer(1));
	json_object_set_new(json_array_get(json_object_get(d, "probes"), 0), "diag",
			    json_pack("{s:[i]}", "nested", 1));
	ok(schema_validate(schema, schema, d, err, sizeof(err)), "nested probe diag rejected (TAP needs flat)");
	json_decref(d);
	/* keywords outside the validator's subset are refused, not ignored */
	json_t *s2 = json_pack("{s:s, s:i}", "type", "array", "maxItems", 1);
	json_t *arr = json_pack("[i]", 1);
	ok(schema_validate(s2, s2, arr, err, sizeof(err)) && strstr(err, "not supported"),
	   "unsupported keyword reported: %.60s", err);
	json_decref(s2);
	json_decref(arr);
}

/* Never a crash: cut and corrupt the inputs at many places; each load must
 * give either a model or a one-line error (run under ASan in development). */
static void test_mutations(void)
{
	static const char *const inputs[] = { FIX("run-a.jsonl"), FIX("run-failed-probe.json") };
	uint64_t st = 42;
	int loaded = 0, refused = 0, badmsg = 0, reported = 0;
	for (size_t in = 0; in < 2; in++) {
		size_t len = 0;
		char *data = rt_slurp(inputs[in], &len);
		char p[600];
		snprintf(p, sizeof(p), "%.500s", rt_tmp(in ? "mut.json" : "mut.jsonl"));
		for (int k = 0; k < 150; k++) {
			char *m = malloc(len + 1);
			memcpy(m, data, len);
			size_t n = len;
			if (k < 50) {
				n = (size_t)(stats_rand_next(&st) % len); /* truncation */
			} else {
				for (int j = 0; j < 1 + k % 4; j++) /* byte corruption */
					m[stats_rand_next(&st) % len] = "{}[]\":,0x-\n"[stats_rand_next(&st) % 12];
			}
			rt_write(p, m, n);
			free(m);
			char err[1024] = "";
			struct run_results *r = rr_load(p, err, sizeof(err));
			if (r) {
				loaded++;
				/* and the reports cope with whatever survived */
				char outp[600];
				snprintf(outp, sizeof(outp), "%.500s", rt_tmp("mut.html"));
				char *argv[] = { "report", p, "--format", "html", "-o", outp, NULL };
				char *e = NULL;
				reported += rt_run(cmd_report, argv, NULL, &e) == 0;
				free(e);
				rr_free(r);
			} else {
				refused++;
				int b = !err[0] || strchr(err, '\n') || !strstr(err, in ? "mut.json" : "mut.jsonl");
				if (b && badmsg < 3)
					printf("# bad message: %s\n", err);
				badmsg += b;
			}
		}
		free(data);
	}
	ok(loaded + refused == 300 && badmsg == 0 && reported == loaded,
	   "300 cut/corrupted inputs: %d loaded (reports written), %d refused with one line, %d bad messages",
	   loaded, refused, badmsg);
}

static void test_output_targets(void)
{
	/* -o through a symlink keeps the link and writes the target */
	char target[600], link[600];
	snprintf(target, sizeof(target), "%.500s", rt_tmp("target.md"));
	snprintf(link, sizeof(link), "%.500s", rt_tmp("link.md"));
	rt_write(target, "old", 3);
	unlink(link);
	ok(symlink(target, link) == 0, "symlink created");
	char *argv[] = { "report", FIX("run-a.json"), "--format", "md", "-o", link, NULL };
	is_int(rt_run(cmd_report, argv, NULL, NULL), 0, "report -o SYMLINK exits 0");
	struct stat st;
	char *t = rt_slurp(target, NULL);
	ok(!lstat(link, &st) && S_ISLNK(st.st_mode) && t && strstr(t, "# scxbench results"),
	   "the symlink survives and its target holds the report");
	free(t);
	/* a FIFO (like a device) is written in place, not replaced */
	char fifo[600];
	snprintf(fifo, sizeof(fifo), "%.500s", rt_tmp("out.fifo"));
	unlink(fifo);
	ok(mkfifo(fifo, 0600) == 0, "fifo created");
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(fifo, O_RDONLY);
		char buf[4096];
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	char *argv2[] = { "report", FIX("run-a.json"), "--format", "tap", "-o", fifo, NULL };
	is_int(rt_run(cmd_report, argv2, NULL, NULL), 0, "report -o FIFO exits 0");
	waitpid(pid, NULL, 0);
	ok(!lstat(fifo, &st) && S_ISFIFO(st.st_mode), "the FIFO is still a FIFO (never renamed over)");
}

static void test_report_json_roundtrip(void)
{
	/* report --format json of an interrupted run gives a valid results.json */
	const char *out = rt_tmp("rebuilt.json");
	char *argv[] = { "report", FIX("run-a-truncated.jsonl"), "--format", "json", "-o", (char *)out, NULL };
	char *errs = NULL;
	int rc = rt_run(cmd_report, argv, NULL, &errs);
	ok(rc == 0 && errs && strstr(errs, "warning"), "report json from truncated jsonl: exit 0 and a warning");
	free(errs);
	char err[1024] = "";
	json_t *d = json_load_file(out, 0, NULL);
	ok(d && !schema_validate(schema, schema, d, err, sizeof(err)), "rebuilt results.json validates (%.60s)", err);
	json_decref(d);
	struct run_results *r = rr_load(out, err, sizeof(err));
	ok(r && !r->from_jsonl, "rebuilt results.json loads back as JSON");
	rr_free(r);
	struct stat st;
	char tmpglob[600];
	snprintf(tmpglob, sizeof(tmpglob), "%.60s.tmp", out);
	ok(stat(tmpglob, &st) != 0, "no temp file left behind");
}

int main(void)
{
	json_error_t je;
	schema = json_load_file(SCHEMA, 0, &je);
	ok(schema != NULL, "schema loads (%.60s)", schema ? "" : je.text);
	if (!schema)
		return done_testing();
	test_json_and_jsonl();
	test_fixture_matches_workloads();
	test_flat_header();
	test_truncated();
	test_malformed();
	test_schema();
	test_mutations();
	test_output_targets();
	test_report_json_roundtrip();
	json_decref(schema);
	return done_testing();
}
