// SPDX-License-Identifier: GPL-2.0-only
/* Tests of `scxbench report --format md|html|tap|json|gab*|bmf`.
 *
 * Why: these files are what users and dashboards consume. Markdown must
 * carry the per-workload tables with change vs EEVDF, significance and CV
 * marks and the conformance matrix; HTML must be self-contained (no
 * scripts, no network references) with one SVG per chart; the TAP must
 * parse under prove; the exports must match the formats github-action-
 * benchmark and Bencher expect. The browser rendering itself is checked by
 * tests/host/html_render.t.
 */
#include <math.h>

#include "reports/commands.h"
#include "reports/export.h"
#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/report_tap.h"
#include "tests/unit/report_test_util.h"
#include "tests/unit/tap.h"

static void test_md(void)
{
	const char *o = rt_tmp("r.md"), *summ = rt_tmp("summary.md");
	setenv("GITHUB_STEP_SUMMARY", summ, 1);
	char *argv[] = { "report", FIX("run-failed-probe.json"), "--format", "md", "-o", (char *)o, NULL };
	is_int(rt_run(cmd_report, argv, NULL, NULL), 0, "report md exits 0");
	unsetenv("GITHUB_STEP_SUMMARY");
	char *md = rt_slurp(o, NULL), *s = rt_slurp(summ, NULL);
	ok(md && s && !strcmp(md, s), "same Markdown appended to $GITHUB_STEP_SUMMARY");
	ok(md && rt_count(md, "\n### ") == 12, "one table per workload (12)");
	ok(md && strstr(md, "\n### cmd:make -j2\n") && strstr(md, "| scheduler | wall_s (s) ↓ | cpu_s (s) ↓ |"),
	   "a workload with an argument gets its own table");
	ok(md && strstr(md, "| scheduler | p50_us (us) ↓ |"), "header has metric, unit and direction");
	ok(md && strstr(md, "| vtime | 35.12 (-27.0% ✅) |"), "change vs EEVDF with significance mark");
	ok(md && strstr(md, "❌"), "significantly worse marked");
	ok(md && strstr(md, "⚠️CV"), "noisy results flagged");
	ok(md && strstr(md, "| central | fail: scheduler failed to attach |"), "failed rows shown with reason");
	ok(md && strstr(md, "## Conformance") && strstr(md, "| vtime | ") && strstr(md, "❌ **fail**") &&
		   strstr(md, "✅ pass") && strstr(md, "⏭ skip"),
	   "conformance matrix with pass/fail/skip");
	ok(md && strstr(md, "vtime/starvation fail: low-weight task waited"), "probe failure reason listed");
	ok(md && strstr(md, "## Recommendation per profile") && strstr(md, "vtime excluded (failed a probe)"),
	   "recommendation summary excludes the failing scheduler");
	ok(md && strstr(md, "TCG"), "TCG warning");
	free(md);
	free(s);
}

static void test_html(void)
{
	char err[1024];
	struct run_results *r = rr_load(FIX("run-a.json"), err, sizeof(err));
	const char *o = rt_tmp("r.html");
	FILE *f = fopen(o, "w");
	size_t nsvg = report_html(f, r);
	fclose(f);
	char *h = rt_slurp(o, NULL);
	/* 7 percentile plots (wakeup, pipe roundtrip_, interactive, periodic
	 * lateness_ and response_, fork spawn_, cyclictest), 2 share charts
	 * (fairness, tenants), and bars for the other directional metrics, at
	 * most HTML_MAX_BARS per workload */
	is_int(nsvg, 40, "40 charts for run A");
	ok(h && rt_count(h, "<svg ") == nsvg && rt_count(h, "</svg>") == nsvg, "every chart is one <svg> element");
	ok(h && !strstr(h, "<script") && !strstr(h, "src=") && !strstr(h, "<link") && !strstr(h, "@import") &&
		   !strstr(h, "url("),
	   "self-contained: no scripts, no external resources");
	ok(h && rt_count(h, "http") == rt_count(h, "xmlns=\"http://www.w3.org/2000/svg\""),
	   "the only URLs are SVG namespaces");
	ok(h && strstr(h, "aria-label=\"wakeup: latency percentiles") &&
		   strstr(h, "aria-label=\"interactive: latency percentiles") &&
		   strstr(h, "aria-label=\"pipe: roundtrip latency percentiles") &&
		   strstr(h, "aria-label=\"periodic: lateness latency percentiles") &&
		   strstr(h, "aria-label=\"fork: spawn latency percentiles") &&
		   strstr(h, "aria-label=\"cyclictest: latency percentiles") && rt_count(h, "<polyline") == 7 * 3,
	   "percentile plots for every latency group, one line per scheduler");
	ok(h && strstr(h, "fairness: CPU share per task vs weight share") &&
		   strstr(h, "tenants: CPU share per tenant vs weight share"),
	   "fairness and tenants shares vs weights charts");
	ok(h && strstr(h, "aria-label=\"cmd:make -j2: wall_s") && strstr(h, "aria-label=\"stress-ng: cpu_bogo_ops_per_s"),
	   "bar charts for the command and stress-ng workloads");
	ok(h && strstr(h, "<td class=\"pass\" title=") && strstr(h, "<td class=\"skip\" title=") &&
		   strstr(h, "class=\"matrix\""),
	   "coloured conformance matrix");
	ok(h && strstr(h, "<h2>Provenance</h2>") && strstr(h, "7.3.4+deb13-amd64") && strstr(h, "scxbench run --sched"),
	   "provenance section");
	ok(h && strstr(h, "<!DOCTYPE html>") && strstr(h, "</html>"), "complete document");
	free(h);
	rr_free(r);

	double pct;
	char g[64];
	ok(!html_metric_percentile("p999_us", &pct, g, sizeof(g)) && fabs(pct - 99.9) < 1e-9 && !strcmp(g, "%_us"),
	   "p999_us is p99.9");
	ok(!html_metric_percentile("lateness_p99_us", &pct, g, sizeof(g)) && pct == 99 && !strcmp(g, "lateness_%_us"),
	   "lateness_p99_us is p99 of group lateness");
	ok(html_metric_percentile("pipe_us", &pct, g, sizeof(g)) && html_metric_percentile("max_us", &pct, g, sizeof(g)) &&
		   html_metric_percentile("p5x", &pct, g, sizeof(g)),
	   "names without a percentile are not percentiles");

	/* failed-probe fixture: the failing cell is coloured */
	r = rr_load(FIX("run-failed-probe.json"), err, sizeof(err));
	f = fopen(o, "w");
	report_html(f, r);
	fclose(f);
	h = rt_slurp(o, NULL);
	ok(h && strstr(h, "<td class=\"fail\" title=\"low-weight task"), "failed probe cell coloured with its reason");
	free(h);
	rr_free(r);

	/* an interrupted run renders with a warning */
	const char *o2 = rt_tmp("t.html");
	char *argv[] = { "report", FIX("run-a-truncated.jsonl"), "-f", "html", "-o", (char *)o2, NULL };
	is_int(rt_run(cmd_report, argv, NULL, NULL), 0, "html from a truncated jsonl exits 0");
	h = rt_slurp(o2, NULL);
	ok(h && strstr(h, "Incomplete run"), "incomplete run warned in the page");
	free(h);
}

static void test_tap(void)
{
	const char *o = rt_tmp("r.tap");
	char *argv[] = { "report", FIX("run-failed-probe.json"), "--format", "tap", "-o", (char *)o, NULL };
	is_int(rt_run(cmd_report, argv, NULL, NULL), 0, "report tap exits 0");
	char why[65536];
	ok(rt_prove_parses(o, 0, why, sizeof(why)), "report TAP parses under prove");
	char *t = rt_slurp(o, NULL);
	/* central attach + 12 central rows + vtime starvation */
	is_int(t ? rt_count(t, "not ok ") : 0, 14, "not ok: failed attach, 12 rows of it, failed probe");
	ok(t && strstr(t, "# SKIP simple declares it does not honour weights"), "skip with reason");
	ok(t && strstr(t, "  ---\n  status: ok\n  repeats: 5\n  p50_us: "), "YAML diagnostics with medians");
	ok(t && strstr(t, "  exit_msg: \"scx_err_after: error after 100 enqueues\""), "YAML-unsafe strings quoted");
	free(t);
	/* an all-pass run passes prove */
	struct run_results *r;
	char err[1024];
	r = rr_load(FIX("run-a.json"), err, sizeof(err));
	json_t *doc = json_deep_copy(r->doc);
	rr_free(r);
	json_array_remove(json_object_get(doc, "schedulers"), 3); /* central */
	json_t *res = json_object_get(doc, "results");
	for (size_t i = json_array_size(res); i-- > 0;)
		if (!strcmp(json_string_value(json_object_get(json_array_get(res, i), "scheduler")), "central"))
			json_array_remove(res, i);
	r = rr_from_doc(doc, "allpass.json", err, sizeof(err));
	json_decref(doc);
	FILE *f = fopen(o, "w");
	size_t bad = report_tap(f, r);
	fclose(f);
	rr_free(r);
	ok(bad == 0 && rt_prove_parses(o, 1, why, sizeof(why)), "all-pass results give a passing TAP stream");
}

/* Direction of the metric an export entry names ("sched/workload/metric";
 * only the workload may contain '/'): RR_DIR_NONE when not found. */
static enum rr_dir export_dir(const struct run_results *r, const char *name)
{
	const char *s1 = name ? strchr(name, '/') : NULL, *s2 = name ? strrchr(name, '/') : NULL;
	if (!s1 || s2 == s1)
		return RR_DIR_NONE;
	char sched[128], wl[256];
	snprintf(sched, sizeof(sched), "%.*s", (int)(s1 - name), name);
	snprintf(wl, sizeof(wl), "%.*s", (int)(s2 - s1 - 1), s1 + 1);
	const struct rr_metric *m = rr_metric_find(rr_find(r, sched, wl), s2 + 1);
	return m ? m->dir : RR_DIR_NONE;
}

/* measured metrics of that direction over the ok rows */
static size_t count_dir(const struct run_results *r, enum rr_dir d)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nresults; i++)
		for (size_t k = 0; !strcmp(r->results[i].status, "ok") && k < r->results[i].nmetrics; k++)
			n += r->results[i].metrics[k].dir == d && r->results[i].metrics[k].n;
	return n;
}

static void test_exports(void)
{
	char err[1024];
	struct run_results *r = rr_load(FIX("run-a.json"), err, sizeof(err));
	json_t *s = export_gab(r, RR_DIR_LOWER), *b = export_gab(r, RR_DIR_HIGHER), *m = export_bmf(r);
	size_t i;
	json_t *e;
	int okk = json_array_size(s) > 30, hit = 0;
	size_t nlower = 0, nhigher = 0;
	json_array_foreach(s, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));
		okk &= name && json_is_number(json_object_get(e, "value")) && json_is_string(json_object_get(e, "unit")) &&
		       json_is_string(json_object_get(e, "range"));
		if (name && !strcmp(name, "vtime/wakeup/p99_us"))
			hit = fabs(json_number_value(json_object_get(e, "value")) -
				   rr_metric_find(rr_find(r, "vtime", "wakeup"), "p99_us")->s.median) < 1e-9;
		okk &= export_dir(r, name) == RR_DIR_LOWER;
		nlower++;
	}
	ok(okk && hit && nlower == count_dir(r, RR_DIR_LOWER),
	   "customSmallerIsBetter: every lower-is-better metric, only those, value = median (%zu)", nlower);
	okk = json_array_size(b) > 5;
	json_array_foreach(b, i, e) {
		okk &= export_dir(r, json_string_value(json_object_get(e, "name"))) == RR_DIR_HIGHER;
		nhigher++;
	}
	ok(okk && nhigher == count_dir(r, RR_DIR_HIGHER),
	   "customBiggerIsBetter: every higher-is-better metric, only those (%zu)", nhigher);
	json_t *w = json_object_get(json_object_get(m, "simple/wakeup"), "p99-us");
	ok(w && json_is_number(json_object_get(w, "value")) &&
		   json_number_value(json_object_get(w, "lower_value")) <= json_number_value(json_object_get(w, "value")) &&
		   json_number_value(json_object_get(w, "upper_value")) >= json_number_value(json_object_get(w, "value")),
	   "BMF: benchmark -> measure -> value with CI bounds");
	ok(!json_object_get(m, "central/wakeup"), "failed rows are not exported");
	json_decref(s);
	json_decref(b);
	json_decref(m);
	rr_free(r);

	const char *o = rt_tmp("bench.json");
	char *argv[] = { "report", FIX("run-a.json"), "--format", "gab", "-o", (char *)o, NULL };
	is_int(rt_run(cmd_report, argv, NULL, NULL), 0, "gab writes both files");
	json_t *a1 = json_load_file(rt_tmp("bench-smaller.json"), 0, NULL),
	       *a2 = json_load_file(rt_tmp("bench-bigger.json"), 0, NULL);
	ok(json_is_array(a1) && json_is_array(a2), "bench-smaller.json and bench-bigger.json are JSON arrays");
	json_decref(a1);
	json_decref(a2);
	char *argv2[] = { "report", FIX("run-a.json"), "--format", "gab", NULL };
	char *errs = NULL;
	is_int(rt_run(cmd_report, argv2, NULL, &errs), 2, "gab without -o: exit 2");
	free(errs);
	char *out = NULL;
	char *argv3[] = { "report", FIX("run-a.json"), "--format", "bmf", NULL };
	is_int(rt_run(cmd_report, argv3, &out, NULL), 0, "bmf to stdout");
	json_t *j = out ? json_loads(out, 0, NULL) : NULL;
	ok(json_is_object(j) && json_object_size(j) == 36, "BMF has 36 benchmarks (3 schedulers x 12 workloads)");
	json_decref(j);
	free(out);
	char *bad[] = { "report", FIX("run-a.json"), NULL };
	is_int(rt_run(cmd_report, bad, NULL, &errs), 2, "missing --format: exit 2");
	free(errs);
	char *help[] = { "report", "--help", NULL };
	is_int(rt_run(cmd_report, help, &out, NULL), 0, "--help exits 0");
	ok(out && strstr(out, "gab-smaller") && strstr(out, "bmf"), "--help lists the formats");
	free(out);
}

int main(void)
{
	test_md();
	test_html();
	test_tap();
	test_exports();
	return done_testing();
}
