/* Tests of `scxbench compare`: verdicts, the regression gate, mismatch
 * flags and the output formats.
 *
 * Why: the compare gate runs in CI on every push; it must catch a real
 * regression (the fixture with vtime's cpu completion_s 20% slower, and
 * so its efficiency, derived from it, 1/1.2 lower) and stay quiet on noise
 * within the CV (the re-measured fixture), and every TAP it prints must
 * parse under prove.
 */
#include <math.h>

#include "reports/commands.h"
#include "reports/compare.h"
#include "tests/unit/report_test_util.h"
#include "tests/unit/tap.h"

static const struct cmp_row *find(const struct comparison *c, const char *s, const char *w, const char *m)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (!strcmp(c->rows[i].scheduler, s) && !strcmp(c->rows[i].workload, w) &&
		    ((!m && !c->rows[i].metric) || (m && c->rows[i].metric && !strcmp(c->rows[i].metric, m))))
			return &c->rows[i];
	return NULL;
}

/* rows whose verdict is not "same" (a direction-less metric can be "changed") */
static size_t changed(const struct comparison *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nrows; i++)
		n += c->rows[i].metric && c->rows[i].verdict != CMP_SAME;
	return n;
}

static void test_self(struct run_results *a)
{
	struct comparison c;
	compare_runs(a, a, 1, &c);
	ok(c.improved == 0 && c.regressed == 0 && c.gated == 0 && c.nmismatch == 0,
	   "A vs A: same everywhere (%zu improved, %zu regressed)", c.improved, c.regressed);
	const struct cmp_row *r = find(&c, "vtime", "wakeup", "p99_us");
	ok(r && r->verdict == CMP_SAME && r->change == 0 && r->p == 1.0, "A vs A row: change 0, p 1");
	comparison_free(&c);
	char *argv[] = { "compare", FIX("run-a.json"), FIX("run-a.json"), "--fail-on-regression", "0", NULL };
	char *out = NULL;
	is_int(rt_run(cmd_compare, argv, &out, NULL), 0, "compare A A --fail-on-regression 0 exits 0");
	ok(out && strstr(out, "0 regressed"), "text summary says 0 regressed");
	free(out);
}

static void test_regression(struct run_results *a, struct run_results *b)
{
	struct comparison c;
	compare_runs(a, b, 10, &c);
	const struct cmp_row *r = find(&c, "vtime", "cpu", "completion_s");
	ok(r && r->verdict == CMP_REGRESSED, "injected 20%% slowdown of vtime/cpu/completion_s is a regression");
	ok(r && r->change > 0.17 && r->change < 0.23, "its change is ~+20%% (%.3f)", r ? r->change : NAN);
	ok(r && r->ci_lo > 0.1 && r->ci_hi < 0.3, "bootstrap CI of the change excludes 0 [%.3f, %.3f]",
	   r ? r->ci_lo : NAN, r ? r->ci_hi : NAN);
	ok(r && r->p < 0.05 && r->exact, "Mann-Whitney exact p < 0.05 (%.4f)", r ? r->p : NAN);
	ok(r && r->gated, "beyond the 10%% gate");
	const struct cmp_row *e = find(&c, "vtime", "cpu", "efficiency");
	ok(e && e->verdict == CMP_REGRESSED && e->change < -0.13 && e->change > -0.19 && e->gated,
	   "its efficiency (higher is better, = ideal/completion) drops ~1/1.2: regressed (%.3f)",
	   e ? e->change : NAN);
	int others = 0;
	for (size_t i = 0; i < c.nrows; i++)
		if (c.rows[i].verdict != CMP_SAME && c.rows[i].metric &&
		    !(!strcmp(c.rows[i].scheduler, "vtime") && !strcmp(c.rows[i].workload, "cpu") &&
		      (!strcmp(c.rows[i].metric, "completion_s") || !strcmp(c.rows[i].metric, "efficiency")))) {
			if (others++ < 3)
				printf("# unexpected verdict: %s/%s/%s %s\n", c.rows[i].scheduler, c.rows[i].workload,
				       c.rows[i].metric, cmp_verdict_name(c.rows[i].verdict));
		}
	is_int(others, 0, "no other metric of the %zu rows changed", c.nrows);
	ok(c.nrows > 150, "every metric of every workload compared (%zu rows)", c.nrows);
	is_int(c.regressed, 2, "exactly the two injected regressions");
	is_int(c.improved, 0, "no false improvement");
	is_int(c.gated, 2, "two gated rows");
	comparison_free(&c);

	compare_runs(a, b, 25, &c);
	is_int(c.gated, 0, "a 25%% gate lets the 20%% regression pass");
	comparison_free(&c);

	char *argv[] = { "compare", FIX("run-a.json"), FIX("run-b-slow.json"), "--fail-on-regression", "10", NULL };
	char *out = NULL, *err = NULL;
	is_int(rt_run(cmd_compare, argv, &out, &err), 1, "compare A B --fail-on-regression 10 exits 1");
	ok(out && strstr(out, "vtime/cpu/completion_s") && strstr(out, "[GATE]"), "text output marks the gated row");
	ok(err && strstr(err, "beyond the gate"), "stderr says why it failed");
	free(out);
	free(err);
	char *argv2[] = { "compare", FIX("run-a.json"), FIX("run-b-slow.json"), NULL };
	is_int(rt_run(cmd_compare, argv2, NULL, NULL), 0, "without --fail-on-regression the exit is 0");
	char *argv3[] = { "compare", FIX("run-a.json"), FIX("run-b-slow.json"), "--fail-on-regression=30", NULL };
	is_int(rt_run(cmd_compare, argv3, NULL, NULL), 0, "--fail-on-regression=30 exits 0");
}

static void test_noise(struct run_results *a, struct run_results *n)
{
	struct comparison c;
	compare_runs(a, n, 5, &c);
	ok(c.improved == 0 && c.regressed == 0 && c.gated == 0 && changed(&c) == 0,
	   "noise within the CV is not flagged (%zu improved, %zu regressed, %zu changed of %zu rows)", c.improved,
	   c.regressed, changed(&c), c.nrows);
	comparison_free(&c);
	compare_runs(n, a, 5, &c);
	ok(c.improved == 0 && c.regressed == 0 && changed(&c) == 0, "nor in the other direction");
	comparison_free(&c);
}

static double gauss(uint64_t *st)
{
	/* Box-Muller from splitmix64 */
	double u1 = ((double)(stats_rand_next(st) >> 11) + 0.5) / 9007199254740992.0;
	double u2 = ((double)(stats_rand_next(st) >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

static enum cmp_verdict verdict_of(double *a, double *b, size_t n)
{
	struct rr_metric ma = { .name = "m", .unit = "us", .dir = RR_DIR_LOWER, .values = a, .n = n };
	struct rr_metric mb = { .name = "m", .unit = "us", .dir = RR_DIR_LOWER, .values = b, .n = n };
	stats_summarize(a, n, &ma.s);
	stats_summarize(b, n, &mb.s);
	struct cmp_row r;
	memset(&r, 0, sizeof(r));
	cmp_metric(&ma, &mb, CMP_ALPHA, &r);
	return r.verdict;
}

static void simulate(void)
{
	/* The decision rule on synthetic 5-vs-5 repeats (normal noise):
	 * noise only at CV 3% must rarely be flagged; a 20% slowdown must be
	 * caught nearly always at CV 3% and mostly at CV 5% (where the sample
	 * CV of 5 repeats sometimes reaches 10%, so 2 x CV exceeds 20%). */
	uint64_t st = 12345;
	int fp = 0, tp3 = 0, tp5 = 0, N = 400;
	for (int t = 0; t < N; t++) {
		double a[5], b[5], c[5], d[5], e[5], g[5];
		for (int i = 0; i < 5; i++) {
			a[i] = 100 * (1 + 0.03 * gauss(&st));
			b[i] = 100 * (1 + 0.03 * gauss(&st));
			c[i] = 120 * (1 + 0.03 * gauss(&st));
			d[i] = 100 * (1 + 0.05 * gauss(&st));
			e[i] = 120 * (1 + 0.05 * gauss(&st));
			g[i] = 100 * (1 + 0.03 * gauss(&st));
		}
		fp += verdict_of(a, b, 5) != CMP_SAME;
		tp3 += verdict_of(g, c, 5) == CMP_REGRESSED;
		tp5 += verdict_of(d, e, 5) == CMP_REGRESSED;
	}
	ok(fp <= N * 3 / 100, "noise-only 5v5 at CV 3%%: %d/%d false verdicts (<= 3%%)", fp, N);
	ok(tp3 >= N * 98 / 100, "20%% regression at CV 3%%: caught %d/%d (>= 98%%)", tp3, N);
	ok(tp5 >= N * 85 / 100, "20%% regression at CV 5%%: caught %d/%d (>= 85%%)", tp5, N);
}

static void test_small_samples(void)
{
	/* 3 vs 3 complete separation cannot reach p < 0.05 (min p = 0.1): the
	 * separation rule claims it, marked as such */
	double a[] = { 10.0, 10.1, 9.9 }, b[] = { 12.0, 12.1, 11.9 };
	struct rr_metric ma = { .name = "t", .unit = "s", .dir = RR_DIR_LOWER, .values = a, .n = 3 }, mb = { .name = "t", .unit = "s", .dir = RR_DIR_LOWER, .values = b, .n = 3 };
	stats_summarize(a, 3, &ma.s);
	stats_summarize(b, 3, &mb.s);
	struct cmp_row r;
	memset(&r, 0, sizeof(r));
	cmp_metric(&ma, &mb, CMP_ALPHA, &r);
	ok(r.verdict == CMP_REGRESSED && r.separation && fabs(r.p - 0.1) < 1e-12,
	   "3v3 separated 20%% slower: regressed via separation (p=%.3f)", r.p);
	double c[] = { 10.0, 12.1, 9.9 };
	struct rr_metric mc = { .name = "t", .unit = "s", .dir = RR_DIR_LOWER, .values = c, .n = 3 };
	stats_summarize(c, 3, &mc.s);
	memset(&r, 0, sizeof(r));
	cmp_metric(&ma, &mc, CMP_ALPHA, &r);
	ok(r.verdict == CMP_SAME, "3v3 overlapping: same");
	/* higher-is-better orientation */
	struct rr_metric ha = { .name = "r", .unit = "1/s", .dir = RR_DIR_HIGHER, .values = b, .n = 3 }, hb = { .name = "r", .unit = "1/s", .dir = RR_DIR_HIGHER, .values = a, .n = 3 };
	stats_summarize(b, 3, &ha.s);
	stats_summarize(a, 3, &hb.s);
	memset(&r, 0, sizeof(r));
	cmp_metric(&ha, &hb, CMP_ALPHA, &r);
	ok(r.verdict == CMP_REGRESSED && r.worse > 0.15, "lower throughput is a regression (worse %.3f)", r.worse);
	memset(&r, 0, sizeof(r));
	cmp_metric(&hb, &ha, CMP_ALPHA, &r);
	ok(r.verdict == CMP_IMPROVED && r.worse == 0, "higher throughput is an improvement");
	struct rr_metric na = { .name = "x", .unit = "", .dir = RR_DIR_NONE, .values = a, .n = 3 }, nb = { .name = "x", .unit = "", .dir = RR_DIR_NONE, .values = b, .n = 3 };
	stats_summarize(a, 3, &na.s);
	stats_summarize(b, 3, &nb.s);
	memset(&r, 0, sizeof(r));
	cmp_metric(&na, &nb, CMP_ALPHA, &r);
	ok(r.verdict == CMP_CHANGED, "direction-less metric: changed, never regressed");
	/* zero baseline */
	double z[] = { 0, 0, 0, 0, 0 }, p[] = { 3, 4, 3, 5, 4 };
	struct rr_metric za = { .name = "miss", .unit = "count", .dir = RR_DIR_LOWER, .values = z, .n = 5 }, zb = { .name = "miss", .unit = "count", .dir = RR_DIR_LOWER, .values = p, .n = 5 };
	stats_summarize(z, 5, &za.s);
	stats_summarize(p, 5, &zb.s);
	memset(&r, 0, sizeof(r));
	cmp_metric(&za, &zb, CMP_ALPHA, &r);
	ok(r.verdict == CMP_REGRESSED && isinf(r.change), "0 -> 4 misses: regressed, unbounded change");
}

static void test_mismatch_and_probes(struct run_results *a)
{
	struct run_results *r3 = rt_load(FIX("run-3rep.json"));
	struct comparison c;
	compare_runs(a, r3, -1, &c);
	int found = 0;
	for (size_t i = 0; i < c.nmismatch; i++)
		found |= strstr(c.mismatch[i], "params.repeat: 5 vs 3") != NULL;
	ok(found, "different repeat count flagged");
	comparison_free(&c);
	rr_free(r3);

	json_t *doc = json_deep_copy(a->doc);
	json_object_set_new(json_object_get(doc, "provenance"), "kernel", json_string("6.13.0"));
	json_object_set_new(json_object_get(doc, "provenance"), "cpus", json_integer(8));
	json_object_del(json_object_get(doc, "provenance"), "vm");
	char err[256];
	struct run_results *k = rr_from_doc(doc, "other-kernel.json", err, sizeof(err));
	json_decref(doc);
	compare_runs(a, k, -1, &c);
	char all[4096] = "";
	for (size_t i = 0; i < c.nmismatch; i++) {
		strncat(all, c.mismatch[i], sizeof(all) - strlen(all) - 2);
		strcat(all, ";");
	}
	ok(strstr(all, "kernel: 7.3.4+deb13-amd64 vs 6.13.0") && strstr(all, "cpus: 2 vs 8") &&
		   strstr(all, "vm: tcg vs bare metal"),
	   "kernel, CPU and VM mismatches flagged: %.300s", all);
	ok(c.regressed == 0, "mismatched but identical data: still compared, nothing regressed");
	comparison_free(&c);
	rr_free(k);

	struct run_results *fp = rt_load(FIX("run-failed-probe.json"));
	compare_runs(a, fp, 50, &c);
	int pr = 0;
	for (size_t i = 0; i < c.nprobes; i++)
		if (!strcmp(c.probes[i].scheduler, "vtime") && !strcmp(c.probes[i].probe, "starvation"))
			pr = c.probes[i].verdict == CMP_REGRESSED && c.probes[i].gated;
	ok(pr, "probe pass -> fail is a gated regression");
	comparison_free(&c);
	rr_free(fp);
	char *argv[] = { "compare", FIX("run-a.json"), FIX("run-failed-probe.json"), "--fail-on-regression", "50", NULL };
	is_int(rt_run(cmd_compare, argv, NULL, NULL), 1, "a newly failing probe fails the gate");

	/* a workload that fails in CAND */
	doc = json_deep_copy(a->doc);
	json_t *res = json_array_get(json_object_get(doc, "results"), 1);
	json_object_set_new(res, "status", json_string("timeout"));
	json_object_set_new(res, "reason", json_string("killed at the time bound"));
	struct run_results *t = rr_from_doc(doc, "timeout.json", err, sizeof(err));
	json_decref(doc);
	compare_runs(a, t, 50, &c);
	const struct cmp_row *row = find(&c, "eevdf", "pipe", NULL);
	ok(row && row->verdict == CMP_REGRESSED && row->gated && strstr(row->note, "ok -> timeout"),
	   "ok -> timeout is a gated regression: %.200s", row ? row->note : "");
	comparison_free(&c);
	rr_free(t);
}

static void test_formats(struct run_results *a, struct run_results *b)
{
	struct comparison c;
	compare_runs(a, b, 10, &c);
	const char *tap = rt_tmp("compare.tap");
	FILE *f = fopen(tap, "w");
	compare_print_tap(f, &c);
	fclose(f);
	char why[65536];
	ok(rt_prove_parses(tap, 0, why, sizeof(why)), "compare TAP parses under prove");
	char *t = rt_slurp(tap, NULL);
	ok(t && rt_count(t, "not ok ") == 2 && strstr(t, "vtime/cpu/completion_s: regressed") &&
		   strstr(t, "vtime/cpu/efficiency: regressed"),
	   "exactly two not ok: the gated regressions");
	ok(t && strstr(t, "TAP version 13\n1..") && strstr(t, "  ---\n  verdict: regressed\n") && strstr(t, "  ...\n"),
	   "YAML diagnostics between --- and ...");
	free(t);
	comparison_free(&c);

	compare_runs(a, a, 10, &c);
	f = fopen(tap, "w");
	compare_print_tap(f, &c);
	fclose(f);
	ok(rt_prove_parses(tap, 1, why, sizeof(why)), "A vs A TAP passes under prove");
	comparison_free(&c);

	char *out = NULL;
	char *argv[] = { "compare", FIX("run-a.json"), FIX("run-b-slow.json"), "--format", "md", NULL };
	is_int(rt_run(cmd_compare, argv, &out, NULL), 0, "md format exits 0");
	ok(out && strstr(out, "| vtime | cpu | completion_s |") && strstr(out, "regressed") && strstr(out, "|---|"),
	   "md table has the regressed row");
	free(out);
	const char *o = rt_tmp("cmp.txt");
	char *argv2[] = { "compare", FIX("run-a.json"), FIX("run-b-slow.json"), "-o", (char *)o, NULL };
	is_int(rt_run(cmd_compare, argv2, &out, NULL), 0, "-o FILE exits 0");
	ok(out && !*out, "nothing on stdout with -o");
	free(out);
	char *txt = rt_slurp(o, NULL);
	ok(txt && strstr(txt, "summary: 0 improved, 2 regressed"), "file has the text report");
	free(txt);

	char *bad1[] = { "compare", FIX("run-a.json"), NULL };
	char *bad2[] = { "compare", FIX("run-a.json"), FIX("run-a.json"), "--format", "xml", NULL };
	char *bad3[] = { "compare", FIX("run-a.json"), FIX("run-a.json"), "--fail-on-regression", "x", NULL };
	char *bad4[] = { "compare", "--bogus", NULL };
	char *err = NULL;
	is_int(rt_run(cmd_compare, bad1, NULL, &err), 2, "one file: exit 2");
	free(err);
	is_int(rt_run(cmd_compare, bad2, NULL, &err), 2, "bad format: exit 2");
	free(err);
	is_int(rt_run(cmd_compare, bad3, NULL, &err), 2, "bad percentage: exit 2");
	ok(err && rt_count(err, "\n") == 1, "one line: %.200s", err ? err : "");
	free(err);
	is_int(rt_run(cmd_compare, bad4, NULL, &err), 2, "unknown option: exit 2");
	free(err);
	char *help[] = { "compare", "--help", NULL };
	is_int(rt_run(cmd_compare, help, &out, NULL), 0, "--help exits 0");
	ok(out && strstr(out, "--fail-on-regression"), "--help documents the gate");
	free(out);
}

int main(void)
{
	struct run_results *a = rt_load(FIX("run-a.json")), *b = rt_load(FIX("run-b-slow.json")),
		       *n = rt_load(FIX("run-a-noise.json"));
	ok(a && b && n, "fixtures load");
	if (!a || !b || !n)
		return done_testing();
	test_self(a);
	test_regression(a, b);
	test_noise(a, n);
	simulate();
	test_small_samples();
	test_mismatch_and_probes(a);
	test_formats(a, b);
	rr_free(a);
	rr_free(b);
	rr_free(n);
	return done_testing();
}
