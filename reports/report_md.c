// SPDX-License-Identifier: GPL-2.0-only
/* Markdown report writer (see report_md.h for what and why).
 *
 * A merged `run --vm` matrix holds one run per (kernel, topology) group:
 * then every table gets a leading kernel/topology column, its rows come
 * group by group, a row's change is against the EEVDF row of its own group
 * (one VM boot; numbers across boots are not comparable), and the
 * recommendation is given per group. One group renders as a plain run. */
#include "reports/report_md.h"
#include "reports/detectable.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "reports/bpf_cost.h"
#include "reports/compare.h"
#include "reports/recommend.h"
#include "reports/report_util.h"

#define MAX_WL 256

struct groups {
	struct rr_group g[RR_MAX_GROUPS];
	size_t n;
};

/* "| KERNEL/TOPOLOGY " as the first cell of a row, when several groups */
static void group_cell(FILE *f, const struct groups *gs, const char *kernel, const char *topology)
{
	char g[300];
	if (gs->n < 2)
		return;
	fputs("| ", f);
	rep_md_cell(f, rr_group_label(g, sizeof(g), kernel, topology));
	fputc(' ', f);
}

static const char *group_head(const struct groups *gs)
{
	return gs->n > 1 ? "| kernel/topology " : "";
}

static const char *group_rule(const struct groups *gs)
{
	return gs->n > 1 ? "|---" : "";
}

static void provenance(FILE *f, const struct run_results *r, const struct groups *gs)
{
	const json_t *tool = json_object_get(r->doc, "tool");
	fprintf(f, "- kernel `%s`, %d CPUs", r->kernel, r->cpus);
	const json_t *topo = json_object_get(r->provenance, "topology");
	const char *model = json_string_value(json_object_get(topo, "model"));
	if (model) {
		fputs(" (", f);
		rep_md_cell(f, model);
		fputs(")", f);
	}
	fprintf(f, ", %s\n", r->vm_accel ? r->vm_accel : "bare metal");
	if (r->vm_accel && !strcmp(r->vm_accel, "tcg"))
		fprintf(f, "- ⚠️ VM without KVM (TCG): timings are ~100× slower and noisier than bare "
			   "metal; compare ratios within this run only\n");
	fprintf(f, "- host `");
	rep_md_cell(f, r->hostname);
	fprintf(f, "`, started %s, finished %s\n", r->started, *r->finished ? r->finished : "—");
	if (tool)
		fprintf(f, "- %s %s (%s)\n", json_string_value(json_object_get(tool, "name")) ?: "scxbench",
			json_string_value(json_object_get(tool, "version")) ?: "?",
			json_string_value(json_object_get(tool, "git")) ?: "?");
	if (r->run_params) {
		char *p = json_dumps(r->run_params, JSON_COMPACT);
		if (p) {
			fprintf(f, "- parameters `");
			rep_md_cell(f, p);
			fprintf(f, "`\n");
			free(p);
		}
	}
	if (gs->n > 1) {
		char g[300];
		fprintf(f, "- %zu kernel/topology groups, each compared within itself:", gs->n);
		for (size_t i = 0; i < gs->n; i++) {
			fputs(i ? ", `" : " `", f);
			rep_md_cell(f, rr_group_label(g, sizeof(g), gs->g[i].kernel, gs->g[i].topology));
			fputc('`', f);
		}
		fputc('\n', f);
	}
	if (!r->complete || r->warning[0]) {
		fprintf(f, "- ⚠️ incomplete run: ");
		rep_md_cell(f, r->warning[0] ? r->warning : "no footer");
		fputc('\n', f);
	}
}

static void schedulers(FILE *f, const struct run_results *r, const struct groups *gs)
{
	fprintf(f, "%s| scheduler | kind | status | ops | exit | note |\n%s|---|---|---|---|---|---|\n",
		group_head(gs), group_rule(gs));
	for (size_t i = 0; i < r->nscheds; i++) {
		const struct rr_sched *s = &r->scheds[i];
		group_cell(f, gs, s->kernel, s->topology);
		const char *ops = json_string_value(json_object_get(s->info, "ops"));
		const char *kn = json_string_value(json_object_get(s->exit, "kind_name"));
		fprintf(f, "| %s | %s | %s | %s | %s", s->name, s->kind,
			!strcmp(s->status, "ok") ? "ok" : "❌ fail", ops ? ops : "", kn ? kn : "");
		/* how it ended, in the kernel's words when it was not asked to */
		const char *reason = json_string_value(json_object_get(s->exit, "reason"));
		const char *msg = json_string_value(json_object_get(s->exit, "msg"));
		if (kn && strcmp(kn, "UNREG") != 0 && reason && *reason) {
			fputs(" (", f);
			rep_md_cell(f, reason);
			fputs(")", f);
		}
		if (kn && strcmp(kn, "UNREG") != 0 && msg && *msg) {
			fputs(": ", f);
			rep_md_cell(f, msg);
		}
		fputs(" | ", f);
		if (*s->error)
			rep_md_cell(f, s->error);
		else if (json_string_value(json_object_get(s->info, "desc")))
			rep_md_cell(f, json_string_value(json_object_get(s->info, "desc")));
		json_t *notices = json_object_get(s->info, "kernel_notices");
		for (size_t k = 0; k < json_array_size(notices); k++) {
			fputs(" ⚠️ kernel notice: ", f);
			rep_md_cell(f, json_string_value(json_array_get(notices, k)));
		}
		fputs(" |\n", f);
	}
}

/* Key metrics of a workload: the first REPORT_MAX_COLS metric names (in
 * order of first appearance over its rows), directional ones first. */
static size_t key_metrics(const struct run_results *r, const char *wl, const char **out)
{
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *res = &r->results[i];
			if (strcmp(res->workload, wl))
				continue;
			for (size_t k = 0; k < res->nmetrics && n < REPORT_MAX_COLS; k++) {
				const struct rr_metric *m = &res->metrics[k];
				if ((m->dir == RR_DIR_NONE) != pass)
					continue;
				int dup = 0;
				for (size_t j = 0; j < n; j++)
					dup |= !strcmp(out[j], m->name);
				if (!dup)
					out[n++] = m->name;
			}
		}
	return n;
}

/* One row of a workload table; returns 1 when a cell was flagged noisy. */
static int workload_row(FILE *f, const struct run_results *r, const struct rr_result *res,
			const char *const *cols, size_t nc, const struct groups *gs)
{
	char a[32], b[32];
	int noisy = 0;
	group_cell(f, gs, res->kernel, res->topology);
	fprintf(f, "| %s |", res->scheduler);
	if (strcmp(res->status, "ok")) {
		fprintf(f, " %s: ", res->status);
		rep_md_cell(f, res->reason);
		for (size_t k = 1; k < nc; k++)
			fputs(" |", f);
		fputs(" |\n", f);
		return 0;
	}
	for (size_t k = 0; k < nc; k++) {
		const struct rr_metric *m = rr_metric_find(res, cols[k]);
		if (!m || !m->n) {
			fputs(" — |", f);
			continue;
		}
		fprintf(f, " %s", rep_fmt_num(a, sizeof(a), m->s.median));
		struct cmp_row row;
		/* against the EEVDF row of the same kernel and topology */
		if (!cmp_vs_baseline(r, res, m, &row) && !isnan(row.change)) {
			fprintf(f, " (%s", rep_fmt_pct(b, sizeof(b), row.change));
			if (row.verdict == CMP_IMPROVED)
				fputs(" ✅", f);
			else if (row.verdict == CMP_REGRESSED)
				fputs(" ❌", f);
			else if (row.verdict == CMP_CHANGED)
				fputs(" ≠", f);
			fputs(")", f);
		}
		if (m->s.noisy) {
			fprintf(f, " ⚠️CV %.0f%%", m->s.cv * 100);
			noisy = 1;
		}
		fputs(" |", f);
	}
	fputc('\n', f);
	return noisy;
}

static void workload_table(FILE *f, const struct run_results *r, const char *wl, const struct groups *gs)
{
	const char *cols[REPORT_MAX_COLS];
	size_t nc = key_metrics(r, wl, cols);
	fprintf(f, "\n### %s\n\n%s| scheduler |", wl, group_head(gs));
	for (size_t k = 0; k < nc; k++) {
		const char *unit = "", *dir = "";
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_metric *m = !strcmp(r->results[i].workload, wl) ?
							    rr_metric_find(&r->results[i], cols[k]) : NULL;
			if (m) {
				unit = m->unit;
				dir = m->dir == RR_DIR_LOWER ? " ↓" : m->dir == RR_DIR_HIGHER ? " ↑" : "";
				break;
			}
		}
		fprintf(f, " %s (%s)%s |", cols[k], unit, dir);
	}
	fprintf(f, "\n%s|---|", group_rule(gs));
	for (size_t k = 0; k < nc; k++)
		fprintf(f, "--:|");
	fputc('\n', f);
	int any_noisy = 0;
	/* group by group; with one group this is document order */
	for (size_t gi = 0; gi < gs->n; gi++)
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *res = &r->results[i];
			if (!strcmp(res->workload, wl) && rr_in_group(&gs->g[gi], res->kernel, res->topology))
				any_noisy |= workload_row(f, r, res, cols, nc, gs);
		}
	if (any_noisy)
		fprintf(f, "\n⚠️ marks results whose CV exceeds %.0f%%: treat them as noise-dominated.\n",
			STATS_CV_FLAG * 100);
}

static const char *probe_cell(const char *status)
{
	if (!status)
		return "";
	if (!strcmp(status, "pass"))
		return "✅ pass";
	if (!strcmp(status, "fail"))
		return "❌ **fail**";
	return "⏭ skip";
}

static void conformance(FILE *f, const struct run_results *r, const struct groups *gs)
{
	static struct rep_matrix m; /* large; the writer is not reentrant anyway */
	rep_matrix_build(r, &m);
	fprintf(f, "\n## Conformance\n\n");
	if (!m.np) {
		fprintf(f, "No probes in this run.\n");
		return;
	}
	fprintf(f, "%s| scheduler |", group_head(gs));
	for (size_t k = 0; k < m.np; k++)
		fprintf(f, " %s |", m.probes[k]);
	fprintf(f, "\n%s|---|", group_rule(gs));
	for (size_t k = 0; k < m.np; k++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (size_t j = 0; j < m.nr; j++) {
		group_cell(f, gs, m.rows[j].kernel, m.rows[j].topology);
		fprintf(f, "| %s |", m.rows[j].scheduler);
		for (size_t k = 0; k < m.np; k++) {
			const struct rr_probe *p = rep_matrix_cell(r, &m.rows[j], m.probes[k]);
			fprintf(f, " %s |", probe_cell(p ? p->status : NULL));
		}
		fputc('\n', f);
	}
	int hdr = 0;
	for (size_t i = 0; i < r->nprobes; i++) {
		const struct rr_probe *p = &r->probes[i];
		if (strcmp(p->status, "pass") && *p->reason) {
			char g[300];
			if (!hdr++)
				fputc('\n', f);
			fprintf(f, "- %s/%s", p->scheduler, p->probe);
			rep_md_cell(f, rep_at_group(g, sizeof(g), gs->n > 1, p->kernel, p->topology));
			fprintf(f, " %s: ", p->status);
			rep_md_cell(f, p->reason);
			fputc('\n', f);
		}
	}
}

static void recommendation_cell(FILE *f, const struct run_results *r, const struct rec_profile *p)
{
	struct recommendation rec;
	if (recommend(r, p, &rec)) {
		fputs("(out of memory)", f);
		return;
	}
	/* the answer as `scxbench recommend` says it, with its numbers */
	char line[800];
	rec_answer_line(line, sizeof(line), &rec);
	rep_md_cell(f, line);
	for (size_t k = 0; k < rec.ncands; k++)
		if (!rec.cands[k].eligible && rr_failed_probes(r, rec.cands[k].name, NULL))
			fprintf(f, "; %s excluded (failed a probe)", rec.cands[k].name);
	recommendation_free(&rec);
}

/* One row per profile; per profile and group for a merged matrix, each
 * group scored against its own EEVDF row (rr_view). */
static void recommendations(FILE *f, const struct run_results *r)
{
	struct run_results *views[RR_MAX_GROUPS];
	size_t nv = rr_views(r, views, RR_MAX_GROUPS);
	fprintf(f, "\n## Recommendation per profile\n\n");
	fprintf(f, "| profile %s| answer |\n|---%s|---|\n", nv ? "| kernel/topology " : "", nv ? "|---" : "");
	for (size_t i = 0; i < rec_profile_count(); i++) {
		const struct rec_profile *p = rec_profile_at(i);
		for (size_t k = 0; k < (nv ? nv : 1); k++) {
			const struct run_results *v = nv ? views[k] : r;
			if (!v)
				continue;
			fprintf(f, "| %s | ", p->name);
			if (nv) {
				rep_md_cell(f, v->group);
				fputs(" | ", f);
			}
			recommendation_cell(f, v, p);
			fputs(" |\n", f);
		}
	}
	rr_views_free(views, nv);
	fprintf(f, "\nDetails and evidence: `scxbench recommend RESULTS --profile P`.\n");
}

static void detectable(FILE *f, const struct run_results *r)
{
	struct detectable d[64];
	size_t n = detectable_changes(r, d, 64);
	if (!n)
		return;
	fprintf(f, "\n## Smallest detectable change\n\nWhat a paired A/B comparison of two rows of a run like "
		   "this one would detect with 80%% power (family-wise alpha 0.05 over the %zu headline metrics), "
		   "from the round-to-round noise of each row against %s in this run.\n\n"
		   "| workload | headline metric | rounds | noise (SD of log-ratio) | detectable change |\n"
		   "|---|---|--:|--:|--:|\n", n, rr_baseline(r));
	for (size_t i = 0; i < n; i++)
		fprintf(f, "| %s | %s | %zu | %.3f | %.1f%% |\n", d[i].workload, d[i].metric, d[i].rounds, d[i].sd,
			d[i].mde * 100);
}

/* run --bpf-stats: one line per row that recorded it, nothing otherwise */
static void bpf_cost_table(FILE *f, const struct run_results *r, const struct groups *gs)
{
	bool head = false;
	for (size_t gi = 0; gi < gs->n; gi++)
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *res = &r->results[i];
			struct bpf_cost c;
			char top[512];
			if (!rr_in_group(&gs->g[gi], res->kernel, res->topology))
				continue;
			bpf_cost_sum(res->repeats, &c);
			if (!c.repeats)
				continue;
			if (!head) {
				head = true;
				fprintf(f, "\n## BPF cost (--bpf-stats)\n\nThe scheduler's BPF programs over the "
					   "repeats: their run time per second of workload, and the costliest with "
					   "their cost per call and calls. Measured with the kernel's run-time "
					   "statistics on, which slow every program a little.\n\n"
					   "%s| scheduler | workload | BPF µs/s | costliest programs |\n%s|---|---|--:|---|\n",
					group_head(gs), group_rule(gs));
			}
			bpf_cost_top_text(&c, top, sizeof(top));
			group_cell(f, gs, res->kernel, res->topology);
			fputs("| ", f);
			rep_md_cell(f, res->scheduler);
			fputs(" | ", f);
			rep_md_cell(f, res->workload);
			fprintf(f, " | %.3g | ", c.elapsed_s > 0 ? (double)c.ns / c.elapsed_s / 1000 : 0.0);
			rep_md_cell(f, top);
			fputs(" |\n", f);
		}
}

void report_md(FILE *f, const struct run_results *r)
{
	struct groups gs;
	gs.n = rr_groups(r, gs.g, RR_MAX_GROUPS);
	if (!gs.n) /* an empty run: one (empty) group, rendered as before */
		gs.g[gs.n++] = (struct rr_group){ "", "" };
	fprintf(f, "# scxbench results\n\n");
	provenance(f, r, &gs);
	fprintf(f, "\n## Schedulers\n\n");
	schedulers(f, r, &gs);
	const char *wls[MAX_WL];
	size_t nw = rr_workloads(r, wls, MAX_WL);
	if (nw) {
		fprintf(f, "\n## Workloads\n\nMedian of the repeats; in brackets the change vs %s%s: "
			   "✅ significantly better, ❌ significantly worse (Mann-Whitney p < 0.05 and beyond "
			   "the noise, per metric: a screen, not adjusted for the many metrics; for a verdict "
			   "use `scxbench compare RUN --base-row A --cand-row B`), no mark = no significant "
			   "difference or too few repeats. ↓ lower is better, ↑ higher is better.\n",
			rr_baseline(r) ? rr_baseline(r) : "EEVDF",
			gs.n > 1 ? " of the same kernel and topology" : "");
	}
	for (size_t i = 0; i < nw; i++)
		workload_table(f, r, wls[i], &gs);
	if (gs.n == 1)
		detectable(f, r);
	bpf_cost_table(f, r, &gs);
	conformance(f, r, &gs);
	recommendations(f, r);
}
