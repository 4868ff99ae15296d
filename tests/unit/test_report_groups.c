// SPDX-License-Identifier: GPL-2.0-only
/* Tests of the reports on a merged `run --vm` matrix (several kernels and
 * topologies in one results.json, rows tagged by runner/vm_merge.c).
 *
 * Why: the same scheduler/workload occurs once per (kernel, topology)
 * group, and numbers of different VM boots are not comparable. Each report
 * must keep the groups apart: a row's change vs EEVDF uses the EEVDF row of
 * its own group, compare pairs rows only within a group, recommend answers
 * per group, and every row says which group it is. The fixture
 * (tests/fixtures/reports/merged_2k2t.json, make_fixtures.py) gives each
 * group its own EEVDF level, so a report that mixes groups gets the numbers
 * visibly wrong: simple's wakeup p99 on 7.3.4/smt4 is ~5% worse than its
 * own EEVDF but ~37% better than the 7.3.4/2cpu one.
 */
#include <math.h>

#include "reports/commands.h"
#include "reports/compare.h"
#include "reports/export.h"
#include "reports/recommend.h"
#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/report_tap.h"
#include "reports/report_util.h"
#include "reports/schema_check.h"
#include "tests/unit/report_test_util.h"
#include "tests/unit/tap.h"

#define MERGED FIX("merged_2k2t.json")
#define K1 "7.3.4+deb13-amd64"
#define K2 "7.4.1+deb13-amd64"

/* The line of text that starts with prefix, searched from `from` (a copy,
 * without the newline), or "" when absent. */
static const char *line_starting(const char *text, const char *from, const char *prefix)
{
	static char buf[4096];
	const char *p = from ? strstr(text, from) : text;
	buf[0] = 0;
	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, prefix, strlen(prefix))) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (n >= sizeof(buf))
				n = sizeof(buf) - 1;
			memcpy(buf, p, n);
			buf[n] = 0;
			break;
		}
	}
	return buf;
}

/* The k-th " | "-separated cell of a Markdown row (0 = first). */
static const char *md_cell(const char *row, int k)
{
	static char buf[512];
	const char *p = row + (row[0] == '|' ? 1 : 0);
	for (int i = 0; i < k && p; i++) {
		p = strchr(p, '|');
		if (p)
			p++;
	}
	buf[0] = 0;
	if (!p)
		return buf;
	while (*p == ' ')
		p++;
	const char *e = strchr(p, '|');
	size_t n = e ? (size_t)(e - p) : strlen(p);
	while (n && p[n - 1] == ' ')
		n--;
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return buf;
}

/* Median of metric mt of sched's wakeup row in group (k, t), and its change
 * against the EEVDF row of group (bk, bt), formatted as the reports do. */
static void expected(const struct run_results *r, const char *sched, const char *k, const char *t,
		     const char *bk, const char *bt, const char *mt, char med[32], char pct[32])
{
	const struct rr_metric *x = rr_metric_find(rr_find_group(r, sched, "wakeup", k, t), mt);
	const struct rr_metric *b = rr_metric_find(rr_find_group(r, "eevdf", "wakeup", bk, bt), mt);
	snprintf(med, 32, "(missing)");
	snprintf(pct, 32, "(missing)");
	if (x && b) {
		rep_fmt_num(med, 32, x->s.median);
		rep_fmt_pct(pct, 32, x->s.median / b->s.median - 1);
	}
}

/* The Markdown cell start "MEDIAN (CHANGE" for the same. */
static void expected_cell(const struct run_results *r, const char *sched, const char *k, const char *t,
			  const char *bk, const char *bt, const char *mt, char *out, size_t len)
{
	char med[32], pct[32];
	expected(r, sched, k, t, bk, bt, mt, med, pct);
	snprintf(out, len, "%s (%s", med, pct);
}

static void test_reader(struct run_results *m)
{
	char err[1024] = "no schema", lab[300] = "";
	json_t *schema = json_load_file("reports/schema/results-v1.schema.json", 0, NULL);
	int valid = schema && !schema_validate(schema, schema, m->doc, err, sizeof(err));
	ok(valid, "merged fixture validates against the schema%s%.60s", valid ? "" : ": ", valid ? "" : err);
	json_decref(schema);

	struct rr_group g[RR_MAX_GROUPS];
	size_t ng = rr_groups(m, g, RR_MAX_GROUPS);
	is_int(ng, 4, "4 (kernel, topology) groups");
	if (ng)
		rr_group_label(lab, sizeof(lab), g[0].kernel, g[0].topology);
	ok(ng == 4 && !strcmp(lab, K1 "/2cpu") &&
		   !strcmp(g[1].topology, "smt4") && !strcmp(g[2].kernel, K2) && !strcmp(g[3].topology, "smt4"),
	   "groups in run order, labelled KERNEL/TOPOLOGY (%s)", lab);
	ok(rr_grouped(m), "merged document is grouped");
	struct run_results *a = rt_load(FIX("run-a.json"));
	ok(a && !rr_grouped(a) && rr_groups(a, g, RR_MAX_GROUPS) == 1 && !*g[0].kernel && !*g[0].topology,
	   "a plain run is one untagged group");
	rr_free(a);

	rr_groups(m, g, RR_MAX_GROUPS);
	struct run_results *v = rr_view(m, &g[1]);
	ok(v && v->nscheds == 3 && v->nresults == 6 && v->nprobes == 3,
	   "view of one group: its 3 schedulers, 6 results, 3 probes");
	ok(v && !strcmp(v->kernel, K1) && !strcmp(v->group, K1 "/smt4") && !rr_grouped(v),
	   "the view's kernel and label are its group's");
	const struct rr_result *x = v ? rr_find(v, "simple", "wakeup") : NULL;
	const struct rr_result *y = rr_find_group(m, "simple", "wakeup", K1, "smt4");
	ok(x && y && !strcmp(x->topology, "smt4") && x->metrics == y->metrics,
	   "rr_find in the view finds the group's row (sharing its values)");
	rr_free(v);
}

static void test_md(struct run_results *m)
{
	const char *o = rt_tmp("merged.md");
	char *argv[] = { "report", MERGED, "--format", "md", "-o", (char *)o, NULL };
	is_int(rt_run(cmd_report, argv, NULL, NULL), 0, "report md of the merged document exits 0");
	char *md = rt_slurp(o, NULL);
	if (!md)
		md = strdup("");
	ok(strstr(md, "4 kernel/topology groups, each compared within itself: `" K1 "/2cpu`, `" K1 "/smt4`"),
	   "provenance lists the groups");
	ok(strstr(md, "\n### wakeup\n\n| kernel/topology | scheduler | p50_us (us) ↓ |"),
	   "workload table has a kernel/topology column");

	/* one EEVDF baseline per group: four eevdf rows, none with a change */
	const char *groups[4][2] = { { K1, "2cpu" }, { K1, "smt4" }, { K2, "2cpu" }, { K2, "smt4" } };
	int baselines = 0;
	for (int i = 0; i < 4; i++) {
		char pre[300];
		snprintf(pre, sizeof(pre), "| %s/%s | eevdf | ", groups[i][0], groups[i][1]);
		const char *row = line_starting(md, "\n### wakeup\n", pre);
		baselines += *row && !strchr(row, '(');
	}
	is_int(baselines, 4, "wakeup table: one EEVDF baseline row per group, without a change");

	/* simple on 7.3.4/smt4: change against its own group's EEVDF */
	char want[64], wrong[64];
	expected_cell(m, "simple", K1, "smt4", K1, "smt4", "p99_us", want, sizeof(want));
	expected_cell(m, "simple", K1, "smt4", K1, "2cpu", "p99_us", wrong, sizeof(wrong));
	const char *row = line_starting(md, "\n### wakeup\n", "| " K1 "/smt4 | simple | ");
	const char *cell = md_cell(row, 4);
	ok(!strncmp(cell, want, strlen(want)), "simple @ " K1 "/smt4 p99: '%s' starts with '%s' (own EEVDF)", cell,
	   want);
	ok(strncmp(cell, wrong, strlen(wrong)), "... not '%s' (the 2cpu EEVDF)", wrong);
	expected_cell(m, "vtime", K2, "2cpu", K2, "2cpu", "p99_us", want, sizeof(want));
	cell = md_cell(line_starting(md, "\n### wakeup\n", "| " K2 "/2cpu | vtime | "), 4);
	ok(!strncmp(cell, want, strlen(want)) && strstr(cell, "❌"),
	   "vtime @ " K2 "/2cpu p99: '%s', a significant regression vs its own EEVDF", cell);

	/* conformance per group */
	ok(strstr(md, "| kernel/topology | scheduler | fallback | starvation |"), "conformance matrix has the group column");
	ok(strstr(line_starting(md, "## Conformance", "| " K2 "/smt4 | vtime |"), "❌ **fail**") &&
		   strstr(line_starting(md, "## Conformance", "| " K1 "/2cpu | vtime |"), "✅ pass"),
	   "vtime fails starvation on " K2 "/smt4 only");
	ok(strstr(md, "- vtime/starvation @ " K2 "/smt4 fail: low-weight"), "the failure names its group");

	/* recommendation per group */
	ok(strstr(md, "| profile | kernel/topology | answer |"), "recommendation table has the group column");
	/* the fixture has only wakeup and cpu: 38% of desktop, too little to
	 * recommend from (recommend.h), and the answer says what to add */
	ok(strstr(md, "| desktop | " K1 "/2cpu | not enough evidence: the run measured 38%") &&
		   strstr(md, "| desktop | " K2 "/smt4 | not enough evidence"),
	   "desktop: not enough evidence in every group");
	ok(strstr(md, "add --workload interactive,pipe"), "desktop: names the workloads to add");
	ok(strstr(line_starting(md, "## Recommendation", "| desktop | " K2 "/smt4 |"), "vtime excluded (failed a probe)") &&
		   !strstr(line_starting(md, "## Recommendation", "| desktop | " K1 "/2cpu |"), "excluded"),
	   "vtime excluded only where it failed the probe");
	free(md);

	/* a plain run keeps its layout */
	struct run_results *a = rt_load(FIX("run-a.json"));
	FILE *f = fopen(rt_tmp("a.md"), "w");
	report_md(f, a);
	fclose(f);
	char *amd = rt_slurp(rt_tmp("a.md"), NULL);
	ok(amd && !strstr(amd, "kernel/topology") && !strstr(amd, " @ ") && strstr(amd, "\n| scheduler | p50_us (us) ↓ |"),
	   "plain run: no group column");
	free(amd);
	rr_free(a);
}

/* Write report fn of r to the temp file `name`; returns its text (never
 * NULL), *ret what fn returned. */
static char *render(size_t (*fn)(FILE *, const struct run_results *), const struct run_results *r,
		    const char *name, size_t *ret)
{
	FILE *f = fopen(rt_tmp(name), "w");
	*ret = f ? fn(f, r) : 0;
	if (f)
		fclose(f);
	char *t = rt_slurp(rt_tmp(name), NULL);
	return t ? t : strdup("");
}

static void test_tap(struct run_results *m)
{
	const char *o = rt_tmp("merged.tap");
	size_t bad;
	char *t = render(report_tap, m, "merged.tap", &bad);
	is_int(bad, 1, "one failing test point (vtime starvation on " K2 "/smt4)");
	ok(strstr(t, "\n1..36\n") && strstr(t, "\nok 1 - eevdf/wakeup @ " K1 "/2cpu\n"), "36 points named with their group");
	ok(strstr(t, "\nnot ok 36 - probe vtime/starvation @ " K2 "/smt4\n  ---\n  kernel: " K2 "\n  topology: smt4\n"),
	   "the failure names its group, in the name and the diagnostics");
	/* every test point name unique */
	char names[64][200];
	size_t n = 0, dup = 0;
	for (const char *p = t; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *d = strstr(p, " - "), *e = strchr(p, '\n');
		if ((strncmp(p, "ok ", 3) && strncmp(p, "not ok ", 7)) || !d || !e || d > e || n >= 64)
			continue;
		snprintf(names[n], sizeof(names[n]), "%.*s", (int)(e - d - 3), d + 3);
		for (size_t k = 0; k < n; k++)
			dup += !strcmp(names[k], names[n]);
		n++;
	}
	ok(n == 36 && dup == 0, "test point names are unique (%zu points, %zu duplicates)", n, dup);
	char why[2048];
	int parses = rt_prove_parses(o, 0, why, sizeof(why));
	ok(parses, "prove parses it%s%.200s", parses ? "" : ": ", parses ? "" : why);
	free(t);
}

static void test_html(struct run_results *m)
{
	size_t nsvg;
	char *h = render(report_html, m, "merged.html", &nsvg);
	ok(rt_count(h, "<h4>") == 8 && strstr(h, "<h4>" K2 "/smt4</h4>"), "a section per workload and group");
	ok(nsvg > 0 && rt_count(h, "<svg ") == nsvg, "%zu charts", nsvg);
	ok(strstr(h, "aria-label=\"wakeup @ " K1 "/smt4: latency percentiles"),
	   "chart titles name their group");
	/* no two charts with the same title: groups are never merged into one */
	size_t dup = 0, n = 0;
	for (const char *p = h; (p = strstr(p, "aria-label=\"")); p += 12, n++) {
		const char *e = strchr(p + 12, '"');
		size_t len = e ? (size_t)(e - p) : 0;
		for (const char *q = strstr(p + 12, "aria-label=\""); q && len; q = strstr(q + 12, "aria-label=\""))
			dup += !strncmp(p, q, len + 1);
	}
	ok(n > 0 && dup == 0, "chart titles are unique (%zu, %zu duplicates)", n, dup);
	ok(strstr(h, "<table class=\"matrix\"><tr><th>kernel/topology</th><th>scheduler</th>"),
	   "conformance matrix has the group column");
	ok(strstr(h, "<th>profile</th><th>kernel/topology</th><th>answer</th>") &&
		   rt_count(h, "<td>" K2 "/2cpu</td><td class=\"pick\">") == rec_profile_count(),
	   "a recommendation per profile and group");
	char med[32], pct[32], cell[128];
	expected(m, "simple", K1, "smt4", K1, "smt4", "p99_us", med, pct);
	snprintf(cell, sizeof(cell), "<td class=\"num\">%s <span class=\"muted\">(%s)</span>", med, pct);
	const char *sec = strstr(h, "<h4>" K1 "/smt4</h4>"), *next = sec ? strstr(sec + 4, "<h4>") : NULL;
	const char *at = sec ? strstr(sec, cell) : NULL;
	ok(at && (!next || at < next), "HTML table of " K1 "/smt4 shows simple's p99 %s (%s) vs its own EEVDF", med, pct);
	free(h);
}

static void test_exports(struct run_results *m)
{
	/* 4 groups x 3 schedulers x 2 workloads: one Bencher benchmark each */
	json_t *bmf = export_bmf(m);
	ok(json_object_size(bmf) == 24 && json_object_get(bmf, "simple/wakeup @ " K1 "/smt4"),
	   "BMF: a benchmark per scheduler, workload and group (%zu)", json_object_size(bmf));
	json_decref(bmf);
	json_t *gab = export_gab(m, RR_DIR_LOWER);
	size_t dup = 0, i, j;
	json_t *a, *b;
	json_array_foreach(gab, i, a)
		json_array_foreach(gab, j, b)
			dup += j > i && !strcmp(json_string_value(json_object_get(a, "name")),
						json_string_value(json_object_get(b, "name")));
	ok(json_array_size(gab) > 0 && dup == 0, "github-action-benchmark names are unique (%zu, %zu duplicates)",
	   json_array_size(gab), dup);
	json_decref(gab);
}

/* The row of a comparison for (sched, workload, metric, kernel, topology). */
static const struct cmp_row *crow(const struct comparison *c, const char *s, const char *w, const char *mt,
				  const char *k, const char *t)
{
	for (size_t i = 0; i < c->nrows; i++) {
		const struct cmp_row *r = &c->rows[i];
		if (!strcmp(r->scheduler, s) && !strcmp(r->workload, w) && r->metric && !strcmp(r->metric, mt) &&
		    !strcmp(r->kernel, k) && !strcmp(r->topology, t))
			return r;
	}
	return NULL;
}

static size_t count_verdict(const struct comparison *c, enum cmp_verdict v)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nrows; i++)
		n += c->rows[i].verdict == v;
	return n;
}

/* A copy of the merged document, edited by fn, read back. */
static struct run_results *edited(struct run_results *m, void (*fn)(json_t *doc))
{
	char err[1024];
	json_t *d = json_deep_copy(m->doc);
	fn(d);
	struct run_results *r = rr_from_doc(d, "edited", err, sizeof(err));
	if (!r)
		printf("# %s\n", err);
	json_decref(d);
	return r;
}

static int in_group(json_t *row, const char *k, const char *t)
{
	return !strcmp(json_string_value(json_object_get(row, "kernel")) ?: "", k) &&
	       !strcmp(json_string_value(json_object_get(row, "topology")) ?: "", t);
}

/* simple's cpu completion_s 20% slower on 7.4.1/smt4 only */
static void slow_simple_k2_smt4(json_t *doc)
{
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(doc, "results"), i, row) {
		if (!in_group(row, K2, "smt4") || strcmp(json_string_value(json_object_get(row, "scheduler")), "simple") ||
		    strcmp(json_string_value(json_object_get(row, "workload")), "cpu"))
			continue;
		json_t *vals = json_object_get(json_object_get(json_object_get(row, "metrics"), "completion_s"), "values");
		size_t j;
		json_t *v;
		json_array_foreach(vals, j, v)
			json_real_set(v, json_number_value(v) * 1.2);
	}
}

static void drop_rows(json_t *doc, int keep_k1_2cpu_only, int strip_tags)
{
	static const char *const arrays[] = { "schedulers", "results", "probes" };
	for (int a = 0; a < 3; a++) {
		json_t *arr = json_object_get(doc, arrays[a]);
		for (size_t i = json_array_size(arr); i-- > 0;) {
			json_t *row = json_array_get(arr, i);
			int drop = keep_k1_2cpu_only ? !in_group(row, K1, "2cpu") : in_group(row, K2, "smt4");
			if (drop) {
				json_array_remove(arr, i);
			} else if (strip_tags) {
				json_object_del(row, "kernel");
				json_object_del(row, "topology");
			}
		}
	}
}

static void without_k2_smt4(json_t *doc)
{
	drop_rows(doc, 0, 0);
}

static void only_k1_2cpu(json_t *doc)
{
	drop_rows(doc, 1, 0);
}

static void only_k1_2cpu_untagged(json_t *doc)
{
	drop_rows(doc, 1, 1);
}

static void test_compare(struct run_results *m)
{
	struct comparison c;
	/* 4 groups x 3 schedulers x (6 wakeup + 3 cpu metrics) */
	compare_runs(m, m, 0, &c);
	ok(c.nrows == 108 && c.same + c.undecided == 108 && c.regressed == 0 && c.improved == 0 && c.grouped,
	   "merged vs itself: 108 rows, none claimed changed (%zu rows, %zu same or undecided)", c.nrows,
	   c.same + c.undecided);
	comparison_free(&c);

	struct run_results *slow = edited(m, slow_simple_k2_smt4);
	compare_runs(m, slow, 5, &c);
	const struct cmp_row *r = crow(&c, "simple", "cpu", "completion_s", K2, "smt4");
	ok(r && !r->gated && fabs(r->change - 0.2) < 0.01,
	   "simple/cpu/completion_s measured +20%% on " K2 "/smt4 (%+.3f), not gated across runs",
	   r ? r->change : NAN);
	size_t same_elsewhere = 0;
	const char *groups[3][2] = { { K1, "2cpu" }, { K1, "smt4" }, { K2, "2cpu" } };
	for (int i = 0; i < 3; i++) {
		const struct cmp_row *x = crow(&c, "simple", "cpu", "completion_s", groups[i][0], groups[i][1]);
		same_elsewhere += x && x->verdict != CMP_REGRESSED && x->change == 0;
	}
	is_int(same_elsewhere, 3, "the same metric in the other three groups: unchanged, paired with its own group");
	ok(c.gated == 0 && c.improved == 0, "nothing gated or improved across runs (%zu regressed, %zu same)",
	   c.regressed, c.same);
	/* the outputs name the group */
	const char *o = rt_tmp("cmp.tap");
	FILE *f = fopen(o, "w");
	compare_print_tap(f, &c);
	fclose(f);
	char *t = rt_slurp(o, NULL);
	ok(t && !strstr(t, "\nnot ok ") && strstr(t, " - simple/cpu/completion_s @ " K2 "/smt4: "),
	   "compare TAP names the row with its group");
	char why[2048];
	int parses = rt_prove_parses(o, 1, why, sizeof(why));
	ok(parses, "compare TAP parses%s%.200s", parses ? "" : ": ", parses ? "" : why);
	free(t);
	o = rt_tmp("cmp.md");
	f = fopen(o, "w");
	compare_print_md(f, &c);
	fclose(f);
	t = rt_slurp(o, NULL);
	ok(t && strstr(t, "| kernel/topology | scheduler | workload | metric |") &&
		   strstr(t, "| " K2 "/smt4 | simple | cpu | completion_s |"),
	   "compare Markdown has the group column");
	free(t);
	comparison_free(&c);
	rr_free(slow);

	/* a group missing in cand: its rows are unmatched, never paired with another group */
	struct run_results *fewer = edited(m, without_k2_smt4);
	compare_runs(m, fewer, -1, &c);
	ok(count_verdict(&c, CMP_ONLY_BASE) == 3 * 2 && c.same + c.undecided == 81,
	   "group missing in cand: its 6 result rows only-in-base, the other 81 metric rows same (%zu, %zu)",
	   count_verdict(&c, CMP_ONLY_BASE), c.same + c.undecided);
	size_t pb = 0;
	for (size_t i = 0; i < c.nprobes; i++)
		pb += c.probes[i].verdict == CMP_ONLY_BASE && !strcmp(c.probes[i].kernel, K2) &&
		      !strcmp(c.probes[i].topology, "smt4");
	is_int(pb, 3, "... and its 3 probes only-in-base");
	comparison_free(&c);
	rr_free(fewer);

	/* untagged rows: pair with a one-kernel, one-topology document, not with a matrix */
	struct run_results *plain = edited(m, only_k1_2cpu_untagged), *one = edited(m, only_k1_2cpu);
	compare_runs(plain, one, -1, &c);
	ok(c.nrows == 27 && c.same + c.undecided == 27 && !c.grouped, "plain run vs one-group VM run: rows pair (%zu)",
	   c.same + c.undecided);
	comparison_free(&c);
	compare_runs(plain, m, -1, &c);
	ok(c.same == 0 && count_verdict(&c, CMP_ONLY_BASE) == 6 && count_verdict(&c, CMP_ONLY_CAND) == 24,
	   "plain run vs a 4-group matrix: nothing paired by guess (%zu only-in-base, %zu only-in-cand)",
	   count_verdict(&c, CMP_ONLY_BASE), count_verdict(&c, CMP_ONLY_CAND));
	comparison_free(&c);
	rr_free(plain);
	rr_free(one);
}

/* The text between "— on GROUP\n" and the next "\nprofile ". */
static char *section_of(const char *text, const char *group)
{
	char key[300];
	snprintf(key, sizeof(key), "— on %s\n", group);
	const char *p = strstr(text, key);
	if (!p)
		return strdup("");
	const char *e = strstr(p, "\nprofile ");
	return strndup(p, e ? (size_t)(e - p) : strlen(p));
}

static void test_recommend(struct run_results *m)
{
	char *argv[] = { "recommend", MERGED, "--profile", "desktop", NULL };
	char *out = NULL;
	is_int(rt_run(cmd_recommend, argv, &out, NULL), 0, "recommend on the merged document exits 0");
	if (!out)
		out = strdup("");
	is_int(rt_count(out, "profile desktop — "), 4, "one desktop answer per group");
	char *s1 = section_of(out, K1 "/2cpu"), *s2 = section_of(out, K2 "/2cpu"), *s3 = section_of(out, K2 "/smt4");
	ok(strstr(s1, "not enough evidence") && strstr(s1, "evidence (vtime vs eevdf"),
	   "desktop on " K1 "/2cpu: too little coverage, vtime's evidence shown");
	ok(strstr(s2, "not enough evidence") && strstr(s2, "(rows: 0 better, 2 worse)"),
	   "desktop on " K2 "/2cpu: vtime worse than that group's EEVDF");
	ok(strstr(s3, "not recommended: vtime — failed 1 conformance probe (starvation") &&
		   !strstr(s1, "not recommended: vtime"),
	   "vtime excluded on " K2 "/smt4 only");
	free(s1);
	free(s2);
	free(s3);
	free(out);

	char *argv2[] = { "recommend", MERGED, "--profile", "batch", "--format", "md", NULL };
	rt_run(cmd_recommend, argv2, &out, NULL);
	ok(out && rt_count(out, "### Profile `batch`") == 4 && strstr(out, "### Profile `batch` — throughput (time to "
									   "finish) — on `" K2 "/smt4`"),
	   "Markdown: one heading per group, naming it");
	free(out);

	/* the API: a view's answer carries its group; baseline of that group */
	struct rr_group g[RR_MAX_GROUPS];
	rr_groups(m, g, RR_MAX_GROUPS);
	struct run_results *v = rr_view(m, &g[2]);
	struct recommendation rec;
	ok(v && !recommend(v, rec_profile_find("desktop"), &rec) && !strcmp(rec.group, K2 "/2cpu") &&
		   rec.answer == REC_LOW_COVERAGE && !strcmp(rec.baseline, "eevdf") &&
		   rec_candidate_find(&rec, "vtime") && rec_candidate_find(&rec, "vtime")->score < 1,
	   "recommend(view) answers for its group (vtime scored against its EEVDF)");
	if (v)
		recommendation_free(&rec);
	rr_free(v);
}

int main(void)
{
	struct run_results *m = rt_load(MERGED);
	ok(m != NULL, "merged fixture loads");
	if (!m)
		return done_testing();
	test_reader(m);
	test_md(m);
	test_tap(m);
	test_html(m);
	test_exports(m);
	test_compare(m);
	test_recommend(m);
	rr_free(m);
	return done_testing();
}
