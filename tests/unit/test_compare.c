// SPDX-License-Identifier: GPL-2.0-only
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
		n += c->rows[i].metric && (c->rows[i].verdict == CMP_IMPROVED || c->rows[i].verdict == CMP_REGRESSED ||
					   c->rows[i].verdict == CMP_CHANGED);
	return n;
}

static void test_self(struct run_results *a)
{
	struct comparison c;
	compare_runs(a, a, 1, &c);
	ok(c.improved == 0 && c.regressed == 0 && c.gated == 0 && c.nmismatch == 0,
	   "A vs A: same everywhere (%zu improved, %zu regressed)", c.improved, c.regressed);
	const struct cmp_row *r = find(&c, "vtime", "wakeup", "p99_us");
	ok(r && r->verdict == CMP_UNDECIDED && r->change == 0 && r->p == 1.0,
	   "A vs A row: change 0, p 1; 5 vs 5 repeats in a family of %zu metrics: undecided", c.family[0]);
	comparison_free(&c);
	char *argv[] = { "compare", FIX("run-a.json"), FIX("run-a.json"), "--fail-on-regression", "0", NULL };
	char *out = NULL;
	is_int(rt_run(cmd_compare, argv, &out, NULL), 0, "compare A A --fail-on-regression 0 exits 0");
	ok(out && strstr(out, "0 regressed"), "text summary says 0 regressed");
	free(out);
}

/* Across runs (two documents) metric changes are shown, never gated: the
 * fixture's injected 20% slowdown, 5 vs 5 repeats, ~176 metrics in one
 * family (no headline marks in this older document): undecided. */
static void test_regression(struct run_results *a, struct run_results *b)
{
	struct comparison c;
	compare_runs(a, b, 10, &c);
	const struct cmp_row *r = find(&c, "vtime", "cpu", "completion_s");
	ok(r && r->change > 0.17 && r->change < 0.23, "the injected slowdown is measured: ~+20%% (%.3f)",
	   r ? r->change : NAN);
	ok(r && r->p < 0.05 && r->exact, "Mann-Whitney exact p < 0.05 before adjustment (%.4f)", r ? r->p : NAN);
	ok(r && r->verdict == CMP_UNDECIDED && r->p_adj >= 0.05,
	   "after Holm over %zu metrics, 5 vs 5 repeats cannot decide: undecided (p_holm %.3g)", c.family[0],
	   r ? r->p_adj : NAN);
	ok(c.nrows > 150, "every metric of every workload compared (%zu rows)", c.nrows);
	is_int(c.regressed, 0, "nothing claimed regressed");
	is_int(c.gated, 0, "nothing gated across runs");
	comparison_free(&c);

	char *argv[] = { "compare", FIX("run-a.json"), FIX("run-b-slow.json"), "--fail-on-regression", "10", NULL };
	char *out = NULL, *err = NULL;
	is_int(rt_run(cmd_compare, argv, &out, &err), 0, "compare A B --fail-on-regression 10 across runs exits 0");
	ok(out && strstr(out, "NOT GATED on metrics") && strstr(out, "--base-row base --cand-row cand"),
	   "and says why, pointing to the A/B rows of one run");
	free(out);
	free(err);
}

static double gauss(uint64_t *st)
{
	/* Box-Muller from splitmix64 */
	double u1 = ((double)(stats_rand_next(st) >> 11) + 0.5) / 9007199254740992.0;
	double u2 = ((double)(stats_rand_next(st) >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

/* ---- rows of one run, paired by round ------------------------------------- */

/* A run with rows base and cand: workload pipe (headline roundtrips_per_s,
 * higher is better, and p99_us, lower) and wakeup (headline p99_us). Each
 * round r has a drift factor shared by both rows (the machine), and each
 * value its own noise of CV cv; cand's throughput is scaled by 1 - slow and
 * its latencies by 1 + slow. */
static struct run_results *make_ab(int rounds, double cv, double drift, double slow, uint64_t *st)
{
	json_t *results = json_array();
	const char *rows[] = { "base", "cand" };
	const char *wls[] = { "pipe", "wakeup" };
	for (int w = 0; w < 2; w++)
		for (int k = 0; k < 2; k++) {
			json_t *res = json_pack("{s:s, s:s, s:s, s:{}, s:[], s:{}}", "scheduler", rows[k], "workload",
						wls[w], "status", "ok", "params", "repeats", "metrics");
			json_object_set_new(res, "reason", json_string(""));
			json_t *m1 = json_pack("{s:s, s:s, s:b, s:[], s:[]}", "unit", w ? "us" : "1/s", "dir",
					       w ? "lower" : "higher", "headline", 1, "values", "rounds");
			json_t *m2 = json_pack("{s:s, s:s, s:[], s:[]}", "unit", "us", "dir", "lower", "values", "rounds");
			json_object_set_new(json_object_get(res, "metrics"), w ? "p99_us" : "roundtrips_per_s", m1);
			json_object_set_new(json_object_get(res, "metrics"), w ? "p50_us" : "roundtrip_p99_us", m2);
			json_array_append_new(results, res);
		}
	double drifts[64];
	for (int r = 0; r < rounds; r++)
		drifts[r] = exp(drift * gauss(st));
	for (size_t i = 0; i < json_array_size(results); i++) {
		json_t *res = json_array_get(results, i);
		int is_cand = !strcmp(json_string_value(json_object_get(res, "scheduler")), "cand");
		const char *k;
		json_t *m;
		json_object_foreach(json_object_get(res, "metrics"), k, m) {
			int higher = !strcmp(json_string_value(json_object_get(m, "dir")), "higher");
			for (int r = 0; r < rounds; r++) {
				double v = 100 * drifts[r] * (1 + cv * gauss(st));
				if (is_cand)
					v *= higher ? 1 - slow : 1 + slow;
				json_array_append_new(json_object_get(m, "values"), json_real(v));
				json_array_append_new(json_object_get(m, "rounds"), json_integer(r));
			}
		}
		for (int r = 0; r < rounds; r++)
			json_array_append_new(json_object_get(res, "repeats"),
					      json_pack("{s:i, s:i, s:s}", "repeat", r, "round", r, "status", "ok"));
	}
	json_t *doc = json_pack("{s:i, s:{s:s, s:s}, s:{s:s, s:s, s:i}, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}, "
				"{s:s, s:s, s:s}], s:o, s:[]}",
				"schema_version", 1, "tool", "name", "scxbench", "version", "test", "provenance",
				"kernel", "7.3.4", "started", "2026-12-06T00:00:00Z", "cpus", 2, "schedulers", "name",
				"eevdf", "kind", "eevdf", "status", "ok", "name", "base", "kind", "obj", "status", "ok",
				"name", "cand", "kind", "obj", "status", "ok", "results", results, "probes");
	char err[512];
	struct run_results *rr = rr_from_doc(doc, "ab.json", err, sizeof(err));
	if (!rr)
		printf("# make_ab: %s\n", err);
	json_decref(doc);
	return rr;
}

/* How often the gate (5%) fires over n simulated A/B runs. */
static int gate_rate(int n, int rounds, double cv, double drift, double slow, uint64_t seed, int *claims)
{
	uint64_t st = seed;
	int fired = 0;
	*claims = 0;
	for (int t = 0; t < n; t++) {
		struct run_results *r = make_ab(rounds, cv, drift, slow, &st);
		struct comparison c;
		if (!r || compare_rows(r, "base", "cand", 5, &c)) {
			rr_free(r);
			return -1;
		}
		fired += c.gated > 0;
		*claims += c.regressed + c.improved > 0;
		comparison_free(&c);
		rr_free(r);
	}
	return fired;
}

static void test_paired(void)
{
	uint64_t st = 99;
	struct run_results *r = make_ab(10, 0.03, 0.2, 0.10, &st);
	ok(r != NULL, "synthetic A/B run loads");
	if (!r)
		return;
	struct comparison c;
	is_int(compare_rows(r, "base", "cand", 5, &c), 0, "compare_rows base cand");
	const struct cmp_row *p = find(&c, "base", "pipe", "roundtrips_per_s");
	ok(p && p->paired && p->headline && p->verdict == CMP_REGRESSED && p->gated,
	   "10%% fewer round trips under 20%% round-to-round drift: paired, regressed, gated (p_holm %.3g)",
	   p ? p->p_adj : NAN);
	ok(p && p->change < -0.07 && p->change > -0.13 && p->ci_hi < 0, "change ~-10%% (%.3f), CI [%.3f, %.3f]",
	   p ? p->change : NAN, p ? p->ci_lo : NAN, p ? p->ci_hi : NAN);
	const struct cmp_row *q = find(&c, "base", "pipe", "roundtrip_p99_us");
	ok(q && !q->headline && !q->gated, "a non-headline metric is shown, never gated");
	is_int((long long)c.family[0], 2, "gated family: the 2 headline metrics");
	is_int((long long)c.family[1], 2, "shown family: the 2 others");
	comparison_free(&c);
	/* the same data, unpaired (as if two runs): the drift hides it */
	struct mwu m;
	const struct rr_result *rb = rr_find(r, "base", "pipe"), *rc = rr_find(r, "cand", "pipe");
	const struct rr_metric *mb = rr_metric_find(rb, "roundtrips_per_s"), *mc = rr_metric_find(rc, "roundtrips_per_s");
	stats_mann_whitney(mb->values, mb->n, mc->values, mc->n, &m);
	ok(m.p > 0.05, "unpaired, the same 10%% drowns in the drift (Mann-Whitney p %.3f)", m.p);
	rr_free(r);

	char *err = NULL;
	st = 5;
	r = make_ab(5, 0.03, 0.0, 0.30, &st);
	compare_rows(r, "base", "cand", 5, &c);
	p = find(&c, "base", "pipe", "roundtrips_per_s");
	ok(p && p->verdict == CMP_UNDECIDED && !p->gated && c.gated == 0,
	   "5 rounds cannot reach p < 0.05 (smallest 0.0625): a 30%% slowdown is undecided, not gated");
	comparison_free(&c);
	rr_free(r);
	(void)err;

	/* calibration of the rule itself (the VM numbers are in the README):
	 * A/A false alarms and power at 10 rounds, CV 5%, drift 20% */
	int claims, fa = gate_rate(200, 10, 0.05, 0.2, 0.0, 1, &claims);
	ok(fa >= 0 && fa <= 10, "A/A: the gate fired in %d of 200 synthetic runs (<= 5%%)", fa);
	int pw = gate_rate(100, 10, 0.05, 0.2, 0.10, 2, &claims);
	ok(pw >= 90, "a 10%% slowdown is gated in %d of 100 synthetic runs (>= 90%%)", pw);

	char *bad[] = { "compare", FIX("run-a.json"), "--base-row", "vtime", NULL };
	is_int(rt_run(cmd_compare, bad, NULL, &err), 2, "--base-row without --cand-row: exit 2");
	ok(err && strstr(err, "go together"), "one line says so: %.200s", err ? err : "");
	free(err);
	char *bad2[] = { "compare", FIX("run-a.json"), "--base-row", "vtime", "--cand-row", "nope", NULL };
	is_int(rt_run(cmd_compare, bad2, NULL, &err), 2, "unknown row: exit 2");
	ok(err && strstr(err, "no scheduler row 'nope'") && strstr(err, "vtime"), "names the row and the rows: %.200s",
	   err ? err : "");
	free(err);
	char *rows[] = { "compare", FIX("run-a.json"), "--base-row", "simple", "--cand-row", "vtime", "--format", "tap", NULL };
	char *out = NULL;
	rt_run(cmd_compare, rows, &out, NULL);
	ok(out && strstr(out, "# compare rows simple vs vtime") && strstr(out, "paired: true"),
	   "rows of the fixture compare paired, in TAP");
	free(out);
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
	/* 3 vs 3 complete separation cannot reach p < 0.05 (min p = 0.1):
	 * too few repeats to decide, never "regressed" on p = 0.1 */
	double a[] = { 10.0, 10.1, 9.9 }, b[] = { 12.0, 12.1, 11.9 };
	struct rr_metric ma = { .name = "t", .unit = "s", .dir = RR_DIR_LOWER, .values = a, .n = 3 }, mb = { .name = "t", .unit = "s", .dir = RR_DIR_LOWER, .values = b, .n = 3 };
	stats_summarize(a, 3, &ma.s);
	stats_summarize(b, 3, &mb.s);
	struct cmp_row r;
	memset(&r, 0, sizeof(r));
	cmp_metric(&ma, &mb, CMP_ALPHA, &r);
	ok(r.verdict == CMP_UNDECIDED && fabs(r.p - 0.1) < 1e-12,
	   "3v3 separated 20%% slower: undecided, not regressed (p=%.3f)", r.p);
	double c[] = { 10.0, 12.1, 9.9 };
	struct rr_metric mc = { .name = "t", .unit = "s", .dir = RR_DIR_LOWER, .values = c, .n = 3 };
	stats_summarize(c, 3, &mc.s);
	memset(&r, 0, sizeof(r));
	cmp_metric(&ma, &mc, CMP_ALPHA, &r);
	ok(r.verdict == CMP_UNDECIDED, "3v3 overlapping: undecided too (never 'same' on 3 repeats)");
	/* higher-is-better orientation, 5 vs 5 */
	double a5[] = { 10.0, 10.1, 9.9, 10.05, 9.95 }, b5[] = { 12.0, 12.1, 11.9, 12.05, 11.95 };
	struct rr_metric ha = { .name = "r", .unit = "1/s", .dir = RR_DIR_HIGHER, .values = b5, .n = 5 }, hb = { .name = "r", .unit = "1/s", .dir = RR_DIR_HIGHER, .values = a5, .n = 5 };
	stats_summarize(b5, 5, &ha.s);
	stats_summarize(a5, 5, &hb.s);
	memset(&r, 0, sizeof(r));
	cmp_metric(&ha, &hb, CMP_ALPHA, &r);
	ok(r.verdict == CMP_REGRESSED && r.worse > 0.15, "lower throughput is a regression (worse %.3f)", r.worse);
	memset(&r, 0, sizeof(r));
	cmp_metric(&hb, &ha, CMP_ALPHA, &r);
	ok(r.verdict == CMP_IMPROVED && r.worse == 0, "higher throughput is an improvement");
	struct rr_metric na = { .name = "x", .unit = "", .dir = RR_DIR_NONE, .values = a5, .n = 5 }, nb = { .name = "x", .unit = "", .dir = RR_DIR_NONE, .values = b5, .n = 5 };
	stats_summarize(a5, 5, &na.s);
	stats_summarize(b5, 5, &nb.s);
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
	ok(t && rt_count(t, "not ok ") == 0 && strstr(t, "vtime/cpu/completion_s: undecided") &&
		   strstr(t, "# SKIP too few repeats to decide"),
	   "across runs no not ok: metric changes are not gated; undecided rows say why");
	ok(t && strstr(t, "TAP version 13\n1..") && strstr(t, "  ---\n  verdict: undecided\n") && strstr(t, "  ...\n"),
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
	ok(out && strstr(out, "| vtime | cpu | completion_s |") && strstr(out, "undecided") && strstr(out, "|---|") &&
		   strstr(out, "Holm"),
	   "md table has the row and the legend names the method");
	free(out);
	const char *o = rt_tmp("cmp.txt");
	char *argv2[] = { "compare", FIX("run-a.json"), FIX("run-b-slow.json"), "-o", (char *)o, NULL };
	is_int(rt_run(cmd_compare, argv2, &out, NULL), 0, "-o FILE exits 0");
	ok(out && !*out, "nothing on stdout with -o");
	free(out);
	char *txt = rt_slurp(o, NULL);
	ok(txt && strstr(txt, "summary: 0 improved, 0 regressed"), "file has the text report");
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
	test_paired();
	simulate();
	test_small_samples();
	test_mismatch_and_probes(a);
	test_formats(a, b);
	rr_free(a);
	rr_free(b);
	rr_free(n);
	return done_testing();
}
