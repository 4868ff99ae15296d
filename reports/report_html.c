// SPDX-License-Identifier: GPL-2.0-only
/* HTML report writer (see report_html.h for what and why). */
#include "reports/report_html.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare.h"
#include "reports/recommend.h"
#include "reports/report_html_bpf.h"
#include "reports/report_util.h"
#include "reports/svg_chart.h"

#define MAX_WL 256
#define MAX_PCT 8
#define MAX_TASKS 16

int html_metric_percentile(const char *name, double *pct, char *group, size_t glen)
{
	for (const char *p = name; *p; p++) {
		if (*p != 'p' || (p != name && p[-1] != '_') || !isdigit((unsigned char)p[1]))
			continue;
		const char *d = p + 1, *e = d;
		while (isdigit((unsigned char)*e))
			e++;
		if (*e && *e != '_')
			continue;
		size_t nd = (size_t)(e - d);
		if (nd < 2 || nd > 6)
			continue;
		char digits[8];
		memcpy(digits, d, nd);
		digits[nd] = 0;
		double v;
		if (nd == 2)
			v = atof(digits);
		else if (!strncmp(digits, "99", 2))
			v = atof(digits) / pow(10, (double)nd - 2); /* 999 -> 99.9, 9999 -> 99.99 */
		else
			continue;
		if (!(v > 0 && v < 100))
			continue;
		*pct = v;
		rep_snprintf(group, glen, "%.*s%%%s", (int)(p - name), name, e);
		return 0;
	}
	return -1;
}

static const char CSS[] =
	"body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222;"
	"background:#fff;max-width:1180px}"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #ddd;padding-bottom:4px;"
	"margin-top:32px}h3{font-size:16px;margin:22px 0 8px}"
	"table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}"
	"th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
	"th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}"
	"td.pass{background:#c8ecc8}td.fail{background:#f6b8b8;font-weight:bold}td.skip{background:#e6e6e6;color:#555}"
	"td.none{background:#fff}.better{color:#18791b;font-weight:bold}.worse{color:#b3141b;font-weight:bold}"
	".noisy{color:#9a6700}.warn{background:#fff4ce;border:1px solid #e0c060;padding:8px 12px;margin:8px 0}"
	".charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #ddd}"
	".pick{font-size:15px}code,pre{background:#f5f5f5;padding:1px 4px}pre{padding:8px;overflow:auto}"
	".muted{color:#666;font-size:12px}";

static void esc(FILE *f, const char *s)
{
	rep_html_esc(f, s ? s : "");
}

static size_t sched_index(const struct run_results *r, const char *name)
{
	for (size_t i = 0; i < r->nscheds; i++)
		if (!strcmp(r->scheds[i].name, name))
			return i;
	return r->nscheds;
}

/* One profile's answer for r (a plain run or one group's rr_view). */
static void recommend_row(FILE *f, const struct run_results *r, const struct rec_profile *p, int grouped)
{
	struct recommendation rec;
	if (recommend(r, p, &rec))
		return;
	fprintf(f, "<tr><td><b>%s</b><br><span class=\"muted\">", p->name);
	esc(f, p->desc);
	fprintf(f, "</span></td>");
	if (grouped) {
		fprintf(f, "<td>");
		esc(f, r->group);
		fprintf(f, "</td>");
	}
	fprintf(f, "<td class=\"pick\">");
	/* the answer as `scxbench recommend` says it, with its numbers */
	char line[800];
	rec_answer_line(line, sizeof(line), &rec);
	esc(f, line);
	if (rec_caution_line(line, sizeof(line), &rec)) {
		fprintf(f, "<br><span class=\"muted\">caution: ");
		esc(f, line);
		fprintf(f, "</span>");
	}
	fprintf(f, "</td><td>");
	const struct rec_candidate *best = NULL;
	for (size_t k = 0; k < rec.ncands; k++)
		if (rec.best && rec.cands[k].name == rec.best)
			best = &rec.cands[k];
	if (best) {
		size_t shown = 0;
		if (rec.answer != REC_PICK) {
			fprintf(f, "best alternative ");
			esc(f, best->name);
			fprintf(f, ": ");
		}
		for (size_t k = 0; k < best->nev; k++) {
			const struct rec_evidence *e = &best->ev[k];
			if (e->cmp.verdict != CMP_IMPROVED && e->cmp.verdict != CMP_REGRESSED)
				continue;
			char ch[32];
			fprintf(f, "%s<span class=\"%s\">", shown++ ? ", " : "",
				e->cmp.verdict == CMP_IMPROVED ? "better" : "worse");
			esc(f, e->workload);
			fprintf(f, "/");
			esc(f, e->metric);
			fprintf(f, " %s</span>", rep_fmt_pct(ch, sizeof(ch), e->cmp.change));
		}
		if (!shown)
			fprintf(f, "no significant differences");
	}
	for (size_t k = 0; k < rec.ncands; k++)
		if (!rec.cands[k].eligible && !rec.cands[k].no_evidence) {
			fprintf(f, "<br><span class=\"muted\">not recommended: ");
			esc(f, rec.cands[k].name);
			fprintf(f, " — ");
			esc(f, rec.cands[k].why_not);
			fprintf(f, "</span>");
		}
	if (rec.kernel_warning[0]) {
		fprintf(f, "<br><span class=\"worse\">");
		esc(f, rec.kernel_warning);
		fprintf(f, "</span>");
	}
	fprintf(f, "</td></tr>\n");
	recommendation_free(&rec);
}

/* Per profile; per profile and group for a merged matrix, each group
 * scored against its own EEVDF row. */
static void section_recommend(FILE *f, const struct run_results *r, struct run_results *const *views,
			      size_t nv)
{
	fprintf(f, "<h2>Which scheduler is best for me?</h2>\n<table><tr><th>profile</th>%s<th>answer</th>"
		   "<th>evidence / notes</th></tr>\n", nv ? "<th>kernel/topology</th>" : "");
	for (size_t i = 0; i < rec_profile_count(); i++)
		for (size_t k = 0; k < (nv ? nv : 1); k++)
			if (!nv || views[k])
				recommend_row(f, nv ? views[k] : r, rec_profile_at(i), nv > 0);
	fprintf(f, "</table>\n<p class=\"muted\">Score: weighted geometric mean of ratios to EEVDF (&gt; 1 is "
		   "better). A pick must be the best in at least %.0f%% of %d bootstrap replicates of the "
		   "repeats (P(best)) and score above the runner-up by the profile's margin (%.0f%%, or the "
		   "profile's own: <code>scxbench recommend --help</code>); otherwise there is no clear "
		   "winner, and nothing is recommended from less than %.0f%% of a profile's weight. The rows "
		   "listed are the per-row Mann-Whitney verdicts, shown as evidence. Schedulers that failed a "
		   "conformance probe are never recommended. Weights: <code>scxbench recommend --help</code>.</p>\n",
		REC_MIN_PBEST * 100, REC_BOOT_REPLICATES, (REC_MIN_GAIN - 1) * 100, REC_MIN_COVERAGE * 100);
}

/* A chart of one group of a merged matrix (r is its rr_view) says so in
 * its title, which is also its aria-label: "wakeup @ KERNEL/TOPOLOGY: ...".
 * wl_len: length of the workload name that starts the title. */
static void title_group(char *title, size_t len, size_t wl_len, const struct run_results *r)
{
	char t[512];
	if (!r->group[0])
		return;
	rep_snprintf(t, sizeof(t), "%.*s @ %s%s", (int)wl_len, title, r->group, title + wl_len);
	rep_snprintf(title, len, "%s", t);
}

/* Latency percentile plots; marks used metrics in used[]. Returns #svg. */
static size_t percentile_plots(FILE *f, const struct run_results *r, const char *wl, char used[][128],
			       size_t *nused)
{
	size_t nsvg = 0;
	char groups[8][128];
	size_t ng = 0;
	/* find groups (from the first ok row that has metrics) */
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->workload, wl) || strcmp(res->status, "ok"))
			continue;
		for (size_t k = 0; k < res->nmetrics; k++) {
			double pct;
			char g[128];
			if (html_metric_percentile(res->metrics[k].name, &pct, g, sizeof(g)))
				continue;
			int dup = 0;
			for (size_t j = 0; j < ng; j++)
				dup |= !strcmp(groups[j], g);
			if (!dup && ng < 8)
				rep_snprintf(groups[ng++], sizeof(groups[0]), "%s", g);
		}
	}
	for (size_t gi = 0; gi < ng; gi++) {
		struct svg_series ser[32];
		static double q[32][MAX_PCT], y[32][MAX_PCT], lo[32][MAX_PCT], hi[32][MAX_PCT];
		size_t ns = 0, maxpts = 0;
		const char *unit = "";
		for (size_t i = 0; i < r->nresults && ns < 32; i++) {
			const struct rr_result *res = &r->results[i];
			if (strcmp(res->workload, wl) || strcmp(res->status, "ok"))
				continue;
			size_t n = 0;
			for (size_t k = 0; k < res->nmetrics && n < MAX_PCT; k++) {
				const struct rr_metric *m = &res->metrics[k];
				double pct;
				char g[128];
				if (html_metric_percentile(m->name, &pct, g, sizeof(g)) || strcmp(g, groups[gi]) || !m->n)
					continue;
				/* keep sorted by percentile */
				size_t at = n;
				while (at > 0 && q[ns][at - 1] > pct) {
					q[ns][at] = q[ns][at - 1];
					y[ns][at] = y[ns][at - 1];
					lo[ns][at] = lo[ns][at - 1];
					hi[ns][at] = hi[ns][at - 1];
					at--;
				}
				q[ns][at] = pct;
				y[ns][at] = m->s.median;
				lo[ns][at] = m->s.ci_lo;
				hi[ns][at] = m->s.ci_hi;
				n++;
				unit = m->unit;
			}
			if (!n)
				continue;
			ser[ns] = (struct svg_series){ res->scheduler, svg_color(sched_index(r, res->scheduler)),
						       q[ns], y[ns], lo[ns], hi[ns], n };
			if (n > maxpts)
				maxpts = n;
			ns++;
		}
		if (maxpts < 2)
			continue; /* a single percentile is a plain metric: bars */
		char title[256];
		const char *g = groups[gi];
		char prefix[128];
		rep_snprintf(prefix, sizeof(prefix), "%.*s", (int)(strchr(g, '%') - g), g);
		rep_snprintf(title, sizeof(title), "%s: %slatency percentiles (median of repeats, 95%% CI)", wl, prefix);
		for (char *t = title; *t; t++)
			if (*t == '_')
				*t = ' ';
		title_group(title, sizeof(title), strlen(wl), r);
		svg_percentile_plot(f, title, unit, ser, ns);
		nsvg++;
		/* mark the group's metrics as used */
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *res = &r->results[i];
			if (strcmp(res->workload, wl))
				continue;
			for (size_t k = 0; k < res->nmetrics; k++) {
				double pct;
				char gg[128];
				if (html_metric_percentile(res->metrics[k].name, &pct, gg, sizeof(gg)) || strcmp(gg, g))
					continue;
				int dup = 0;
				for (size_t j = 0; j < *nused; j++)
					dup |= !strcmp(used[j], res->metrics[k].name);
				if (!dup && *nused < 64)
					rep_snprintf(used[(*nused)++], 128, "%s", res->metrics[k].name);
			}
		}
	}
	return nsvg;
}

static size_t bar_charts(FILE *f, const struct run_results *r, const char *wl, char used[][128], size_t nused)
{
	size_t nsvg = 0;
	const char *done[HTML_MAX_BARS];
	size_t nd = 0;
	for (size_t i = 0; i < r->nresults && nd < HTML_MAX_BARS; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->workload, wl) || strcmp(res->status, "ok"))
			continue;
		for (size_t k = 0; k < res->nmetrics && nd < HTML_MAX_BARS; k++) {
			const struct rr_metric *m0 = &res->metrics[k];
			if (m0->dir == RR_DIR_NONE)
				continue;
			int skip = 0;
			for (size_t j = 0; j < nused; j++)
				skip |= !strcmp(used[j], m0->name);
			for (size_t j = 0; j < nd; j++)
				skip |= !strcmp(done[j], m0->name);
			if (skip)
				continue;
			done[nd++] = m0->name;
			struct svg_bar bars[64];
			size_t nb = 0;
			for (size_t j = 0; j < r->nresults && nb < 64; j++) {
				const struct rr_result *rj = &r->results[j];
				if (strcmp(rj->workload, wl) || strcmp(rj->status, "ok"))
					continue;
				const struct rr_metric *m = rr_metric_find(rj, m0->name);
				if (!m || !m->n)
					continue;
				bars[nb++] = (struct svg_bar){ rj->scheduler, svg_color(sched_index(r, rj->scheduler)),
							       m->s.median, m->s.ci_lo, m->s.ci_hi };
			}
			char title[256], note[128];
			rep_snprintf(title, sizeof(title), "%s: %s", wl, m0->name);
			title_group(title, sizeof(title), strlen(wl), r);
			rep_snprintf(note, sizeof(note), "median of repeats with bootstrap 95%% CI; %s is better",
				     m0->dir == RR_DIR_LOWER ? "lower" : "higher");
			svg_bars(f, title, m0->unit, note, bars, nb);
			nsvg++;
		}
	}
	return nsvg;
}

/* A task's measured and expected share (fractions). Workloads write them
 * as share/expected_share, or as percentages: measured_pct with
 * expected_pct (fairness hogs) or configured_pct (tenants). */
static const json_t *share_field(const json_t *o, double *scale)
{
	const json_t *v = json_object_get(o, "share");
	*scale = 1;
	if (!v) {
		v = json_object_get(o, "measured_pct");
		*scale = 0.01;
	}
	return v;
}

static const json_t *expected_field(const json_t *o, double *scale)
{
	const json_t *v = json_object_get(o, "expected_share");
	*scale = 1;
	if (!v) {
		v = json_object_get(o, "expected_pct");
		if (!v)
			v = json_object_get(o, "configured_pct");
		*scale = 0.01;
	}
	return v;
}

/* CPU shares vs weights from detail.tasks / detail.hogs / detail.tenants. */
static size_t share_chart(FILE *f, const struct run_results *r, const char *wl)
{
	static const char *const keys[] = { "tasks", "hogs", "tenants" };
	for (size_t kk = 0; kk < 3; kk++) {
		struct svg_share_group groups[32];
		static double share[32][MAX_TASKS], expected[32][MAX_TASKS];
		static char labels[MAX_TASKS][64];
		const char *lab[MAX_TASKS] = { 0 };
		size_t ng = 0;
		for (size_t i = 0; i < r->nresults && ng < 32; i++) {
			const struct rr_result *res = &r->results[i];
			if (strcmp(res->workload, wl) || strcmp(res->status, "ok"))
				continue;
			size_t nt = 0, nrep = 0;
			memset(share[ng], 0, sizeof(share[ng]));
			memset(expected[ng], 0, sizeof(expected[ng]));
			size_t j;
			const json_t *rep;
			json_array_foreach(res->repeats, j, rep) {
				const json_t *arr = json_object_get(json_object_get(rep, "detail"), keys[kk]);
				if (!json_is_array(arr) || !json_array_size(arr))
					continue;
				size_t n = json_array_size(arr) < MAX_TASKS ? json_array_size(arr) : MAX_TASKS;
				double wsum = 0;
				for (size_t t = 0; t < n; t++)
					wsum += json_number_value(json_object_get(json_array_get(arr, t), "weight"));
				int okrep = 1;
				for (size_t t = 0; t < n; t++) {
					const json_t *o = json_array_get(arr, t);
					double s1, s2;
					const json_t *sh = share_field(o, &s1);
					const json_t *ex = expected_field(o, &s2);
					if (!json_is_number(sh) || (!json_is_number(ex) && !(wsum > 0)))
						okrep = 0;
				}
				if (!okrep)
					continue;
				for (size_t t = 0; t < n; t++) {
					const json_t *o = json_array_get(arr, t);
					double s1, s2;
					const json_t *ex = expected_field(o, &s2);
					share[ng][t] += json_number_value(share_field(o, &s1)) * s1;
					expected[ng][t] += json_is_number(ex) ? json_number_value(ex) * s2 :
							   json_number_value(json_object_get(o, "weight")) / wsum;
					if (!lab[t]) {
						const char *nm = json_string_value(json_object_get(o, "name"));
						if (!nm)
							nm = json_string_value(json_object_get(o, "cgroup"));
						const json_t *nice = json_object_get(o, "nice");
						const json_t *w = json_object_get(o, "weight");
						(void)w;
						/* short: the legend is narrow; weights are in the tooltips */
						if (nm)
							rep_snprintf(labels[t], sizeof(labels[t]), "%.14s", nm);
						else if (json_is_number(nice))
							rep_snprintf(labels[t], sizeof(labels[t]), "#%zu nice %g", t,
								     json_number_value(nice));
						else if (json_is_number(w))
							rep_snprintf(labels[t], sizeof(labels[t]), "#%zu w %g", t,
								     json_number_value(w));
						else
							rep_snprintf(labels[t], sizeof(labels[t]), "task %zu", t);
						lab[t] = labels[t];
					}
				}
				if (n > nt)
					nt = n;
				nrep++;
			}
			if (!nrep)
				continue;
			for (size_t t = 0; t < nt; t++) {
				share[ng][t] /= (double)nrep;
				expected[ng][t] /= (double)nrep;
			}
			groups[ng] = (struct svg_share_group){ res->scheduler, share[ng], expected[ng], nt };
			ng++;
		}
		if (!ng)
			continue;
		char title[256];
		rep_snprintf(title, sizeof(title), "%s: CPU share per %s vs weight share", wl,
			     kk ? "tenant" : "task");
		title_group(title, sizeof(title), strlen(wl), r);
		svg_share_bars(f, title, lab, groups, ng);
		return 1;
	}
	return 0;
}

static void workload_table(FILE *f, const struct run_results *r, const char *wl)
{
	const char *cols[16];
	size_t nc = 0;
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->workload, wl))
			continue;
		for (size_t k = 0; k < res->nmetrics && nc < 16; k++) {
			int dup = 0;
			for (size_t j = 0; j < nc; j++)
				dup |= !strcmp(cols[j], res->metrics[k].name);
			if (!dup)
				cols[nc++] = res->metrics[k].name;
		}
	}
	fprintf(f, "<table><tr><th>scheduler</th>");
	for (size_t k = 0; k < nc; k++) {
		const struct rr_metric *m = NULL;
		for (size_t i = 0; i < r->nresults && !m; i++)
			if (!strcmp(r->results[i].workload, wl))
				m = rr_metric_find(&r->results[i], cols[k]);
		fprintf(f, "<th>");
		esc(f, cols[k]);
		fprintf(f, "<br><span class=\"muted\">");
		esc(f, m ? m->unit : "");
		fprintf(f, "%s</span></th>", m && m->dir == RR_DIR_LOWER ? " ↓" : m && m->dir == RR_DIR_HIGHER ? " ↑" : "");
	}
	fprintf(f, "</tr>\n");
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->workload, wl))
			continue;
		fprintf(f, "<tr><td>");
		esc(f, res->scheduler);
		fprintf(f, "</td>");
		if (strcmp(res->status, "ok")) {
			fprintf(f, "<td colspan=\"%zu\" class=\"%s\">%s: ", nc ? nc : 1,
				!strcmp(res->status, "skip") ? "skip" : "fail", res->status);
			esc(f, res->reason);
			fprintf(f, "</td></tr>\n");
			continue;
		}
		for (size_t k = 0; k < nc; k++) {
			const struct rr_metric *m = rr_metric_find(res, cols[k]);
			char a[32], b[32];
			if (!m || !m->n) {
				fprintf(f, "<td class=\"num\">—</td>");
				continue;
			}
			fprintf(f, "<td class=\"num\">%s", rep_fmt_num(a, sizeof(a), m->s.median));
			struct cmp_row row;
			if (!cmp_vs_baseline(r, res, m, &row) && !isnan(row.change)) {
				const char *cls = row.verdict == CMP_IMPROVED ? "better" :
						  row.verdict == CMP_REGRESSED ? "worse" : "muted";
				fprintf(f, " <span class=\"%s\">(%s%s)</span>", cls, rep_fmt_pct(b, sizeof(b), row.change),
					row.verdict == CMP_IMPROVED ? " ✔" : row.verdict == CMP_REGRESSED ? " ✘" : "");
			}
			if (m->s.noisy)
				fprintf(f, " <span class=\"noisy\" title=\"coefficient of variation above %.0f%%\">⚠ CV %.0f%%</span>",
					STATS_CV_FLAG * 100, m->s.cv * 100);
			fprintf(f, "</td>");
		}
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n");
}

/* The kernel/topology cell of a row, when the document has several groups. */
static void group_td(FILE *f, int grouped, const char *kernel, const char *topology)
{
	char g[300];
	if (!grouped)
		return;
	fprintf(f, "<td>");
	esc(f, rr_group_label(g, sizeof(g), kernel, topology));
	fprintf(f, "</td>");
}

static void section_conformance(FILE *f, const struct run_results *r, int grouped)
{
	static struct rep_matrix m; /* large; the writer is not reentrant anyway */
	rep_matrix_build(r, &m);
	fprintf(f, "<h2>Conformance</h2>\n");
	if (!m.np) {
		fprintf(f, "<p>No probes in this run.</p>\n");
		return;
	}
	fprintf(f, "<table class=\"matrix\"><tr>%s<th>scheduler</th>", grouped ? "<th>kernel/topology</th>" : "");
	for (size_t k = 0; k < m.np; k++) {
		fprintf(f, "<th>");
		esc(f, m.probes[k]);
		fprintf(f, "</th>");
	}
	fprintf(f, "</tr>\n");
	for (size_t j = 0; j < m.nr; j++) {
		fprintf(f, "<tr>");
		group_td(f, grouped, m.rows[j].kernel, m.rows[j].topology);
		fprintf(f, "<td>");
		esc(f, m.rows[j].scheduler);
		fprintf(f, "</td>");
		for (size_t k = 0; k < m.np; k++) {
			const struct rr_probe *p = rep_matrix_cell(r, &m.rows[j], m.probes[k]);
			if (!p) {
				fprintf(f, "<td class=\"none\"></td>");
				continue;
			}
			fprintf(f, "<td class=\"%s\" title=\"", p->status);
			esc(f, p->reason);
			fprintf(f, "\">%s", p->status);
			if (strcmp(p->status, "pass") && *p->reason) {
				fprintf(f, "<br><span class=\"muted\">");
				esc(f, p->reason);
				fprintf(f, "</span>");
			}
			fprintf(f, "</td>");
		}
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n");
}

static void section_schedulers(FILE *f, const struct run_results *r, int grouped)
{
	fprintf(f, "<h2>Schedulers</h2>\n<table><tr>%s<th>scheduler</th><th>kind</th><th>status</th><th>ops</th>"
		   "<th>description</th><th>exit</th></tr>\n", grouped ? "<th>kernel/topology</th>" : "");
	for (size_t i = 0; i < r->nscheds; i++) {
		const struct rr_sched *s = &r->scheds[i];
		/* the colour its charts use: its position within its group */
		size_t ci = 0;
		for (size_t j = 0; j < i; j++)
			ci += !strcmp(r->scheds[j].kernel, s->kernel) && !strcmp(r->scheds[j].topology, s->topology);
		fprintf(f, "<tr>");
		group_td(f, grouped, s->kernel, s->topology);
		fprintf(f, "<td><span style=\"color:%s\">■</span> ", svg_color(ci));
		esc(f, s->name);
		fprintf(f, "</td><td>");
		esc(f, s->kind);
		fprintf(f, "</td><td class=\"%s\">", !strcmp(s->status, "ok") ? "pass" : "fail");
		esc(f, s->status);
		if (*s->error) {
			fprintf(f, ": ");
			esc(f, s->error);
		}
		fprintf(f, "</td><td>");
		esc(f, json_string_value(json_object_get(s->info, "ops")));
		fprintf(f, "</td><td>");
		esc(f, json_string_value(json_object_get(s->info, "desc")));
		json_t *notices = json_object_get(s->info, "kernel_notices");
		for (size_t k = 0; k < json_array_size(notices); k++) {
			fprintf(f, "<br><span class=\"fail\">kernel notice:</span> ");
			esc(f, json_string_value(json_array_get(notices, k)));
		}
		fprintf(f, "</td><td>");
		if (s->exit) {
			const char *kn = json_string_value(json_object_get(s->exit, "kind_name"));
			esc(f, kn);
			const char *reason = json_string_value(json_object_get(s->exit, "reason"));
			if (reason && *reason) {
				fprintf(f, " <span class=\"muted\">");
				esc(f, reason);
				fprintf(f, "</span>");
			}
			const char *msg = json_string_value(json_object_get(s->exit, "msg"));
			if (kn && strcmp(kn, "UNREG") != 0 && msg && *msg) {
				fprintf(f, ": ");
				esc(f, msg);
			}
		}
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n");
}

static void kv_row(FILE *f, const char *k, const char *v)
{
	fprintf(f, "<tr><th>%s</th><td>", k);
	esc(f, v);
	fprintf(f, "</td></tr>\n");
}

static void section_provenance(FILE *f, const struct run_results *r)
{
	char buf[64];
	struct rr_group g[RR_MAX_GROUPS];
	size_t ng = rr_groups(r, g, RR_MAX_GROUPS);
	fprintf(f, "<h2>Provenance</h2>\n<table>\n");
	kv_row(f, "kernel", r->kernel);
	if (ng > 1) {
		char line[2048] = "", lab[300];
		for (size_t i = 0; i < ng; i++) {
			size_t l = strlen(line);
			rep_snprintf(line + l, sizeof(line) - l, "%s%s", i ? ", " : "",
				     rr_group_label(lab, sizeof(lab), g[i].kernel, g[i].topology));
		}
		kv_row(f, "kernel/topology groups", line);
	}
	rep_snprintf(buf, sizeof(buf), "%d", r->cpus);
	kv_row(f, "CPUs", buf);
	const json_t *topo = json_object_get(r->provenance, "topology");
	if (topo) {
		char *t = json_dumps(topo, JSON_COMPACT);
		kv_row(f, "topology", t ? t : "");
		free(t);
	}
	kv_row(f, "machine", r->hostname);
	kv_row(f, "VM", r->vm_accel ? r->vm_accel : "no (bare metal)");
	kv_row(f, "started", r->started);
	kv_row(f, "finished", *r->finished ? r->finished : "(interrupted)");
	const json_t *tool = json_object_get(r->doc, "tool");
	if (tool) {
		char *t = json_dumps(tool, JSON_COMPACT);
		kv_row(f, "tool", t ? t : "");
		free(t);
	}
	const json_t *argv = json_object_get(r->provenance, "argv");
	if (json_is_array(argv)) {
		char line[2048] = "";
		size_t i;
		const json_t *a;
		json_array_foreach(argv, i, a) {
			size_t l = strlen(line);
			rep_snprintf(line + l, sizeof(line) - l, "%s%s", i ? " " : "", json_string_value(a) ?: "");
		}
		kv_row(f, "command", line);
	}
	if (r->run_params) {
		char *t = json_dumps(r->run_params, JSON_COMPACT);
		kv_row(f, "parameters", t ? t : "");
		free(t);
	}
	kv_row(f, "source", r->path);
	fprintf(f, "</table>\n");
}

/* Charts and table of one workload (of a plain run or one group's view). */
static size_t workload_section(FILE *f, const struct run_results *r, const char *wl)
{
	char used[64][128];
	size_t nused = 0, nsvg = 0;
	fprintf(f, "<div class=\"charts\">\n");
	nsvg += percentile_plots(f, r, wl, used, &nused);
	nsvg += bar_charts(f, r, wl, used, nused);
	nsvg += share_chart(f, r, wl);
	fprintf(f, "</div>\n");
	workload_table(f, r, wl);
	return nsvg;
}

size_t report_html(FILE *f, const struct run_results *r)
{
	size_t nsvg = 0;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<title>scxbench results — ");
	esc(f, r->kernel);
	fprintf(f, "</title>\n<style>%s</style></head><body>\n", CSS);
	fprintf(f, "<h1>scxbench results</h1>\n<p class=\"muted\">kernel <b>");
	esc(f, r->kernel);
	fprintf(f, "</b>, %d CPUs, %s, started ", r->cpus, r->vm_accel ? r->vm_accel : "bare metal");
	esc(f, r->started);
	fprintf(f, "</p>\n");
	if (r->vm_accel && !strcmp(r->vm_accel, "tcg"))
		fprintf(f, "<div class=\"warn\">Measured in a VM without KVM (TCG): timings are ~100× slower and "
			   "noisier than bare metal. Compare ratios within this run only.</div>\n");
	if (!r->complete || r->warning[0]) {
		fprintf(f, "<div class=\"warn\">Incomplete run: ");
		esc(f, r->warning[0] ? r->warning : "no footer record");
		fprintf(f, "</div>\n");
	}
	/* a merged matrix: charts and tables per (kernel, topology) group,
	 * each group read through its own view so its rows compare with its
	 * own EEVDF row and the charts never mix VM boots */
	struct run_results *views[RR_MAX_GROUPS];
	size_t nv = rr_views(r, views, RR_MAX_GROUPS);
	section_recommend(f, r, views, nv);

	const char *wls[MAX_WL];
	size_t nw = rr_workloads(r, wls, MAX_WL);
	fprintf(f, "<h2>Workloads</h2>\n<p class=\"muted\">Medians of the repeats; in brackets the change vs "
		   "EEVDF%s, <span class=\"better\">✔ significantly better</span> / <span class=\"worse\">✘ "
		   "significantly worse</span> (Mann-Whitney p &lt; 0.05 and beyond the noise). "
		   "<span class=\"noisy\">⚠</span> CV above %.0f%%.</p>\n",
		nv ? " of the same kernel and topology" : "", STATS_CV_FLAG * 100);
	for (size_t i = 0; i < nw; i++) {
		fprintf(f, "<h3 id=\"wl-");
		esc(f, wls[i]);
		fprintf(f, "\">");
		esc(f, wls[i]);
		fprintf(f, "</h3>\n");
		for (size_t k = 0; k < (nv ? nv : 1); k++) {
			const struct run_results *v = nv ? views[k] : r;
			if (!v || (nv && !rr_has_workload(v, wls[i])))
				continue;
			if (nv) {
				fprintf(f, "<h4>");
				esc(f, v->group);
				fprintf(f, "</h4>\n");
			}
			nsvg += workload_section(f, v, wls[i]);
		}
	}
	html_section_bpf_cost(f, r, nv > 0);
	section_conformance(f, r, nv > 0);
	section_schedulers(f, r, nv > 0);
	section_provenance(f, r);
	rr_views_free(views, nv);
	fprintf(f, "<p class=\"muted\">Generated by scxbench report from stored results; self-contained, "
		   "no network resources.</p>\n</body></html>\n");
	return nsvg;
}
