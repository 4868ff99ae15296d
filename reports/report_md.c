/* Markdown report writer (see report_md.h for what and why). */
#include "reports/report_md.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare.h"
#include "reports/recommend.h"
#include "reports/report_util.h"

#define MAX_WL 256

static void provenance(FILE *f, const struct run_results *r)
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
	if (!r->complete || r->warning[0]) {
		fprintf(f, "- ⚠️ incomplete run: ");
		rep_md_cell(f, r->warning[0] ? r->warning : "no footer");
		fputc('\n', f);
	}
}

static void schedulers(FILE *f, const struct run_results *r)
{
	fprintf(f, "| scheduler | kind | status | ops | exit | note |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < r->nscheds; i++) {
		const struct rr_sched *s = &r->scheds[i];
		const char *ops = json_string_value(json_object_get(s->info, "ops"));
		const char *kn = json_string_value(json_object_get(s->exit, "kind_name"));
		fprintf(f, "| %s | %s | %s | %s | %s | ", s->name, s->kind,
			!strcmp(s->status, "ok") ? "ok" : "❌ fail", ops ? ops : "", kn ? kn : "");
		if (*s->error)
			rep_md_cell(f, s->error);
		else if (json_string_value(json_object_get(s->info, "desc")))
			rep_md_cell(f, json_string_value(json_object_get(s->info, "desc")));
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

static void workload_table(FILE *f, const struct run_results *r, const char *wl)
{
	const char *cols[REPORT_MAX_COLS];
	size_t nc = key_metrics(r, wl, cols);
	char a[32], b[32];
	fprintf(f, "\n### %s\n\n| scheduler |", wl);
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
	fprintf(f, "\n|---|");
	for (size_t k = 0; k < nc; k++)
		fprintf(f, "--:|");
	fputc('\n', f);
	int any_noisy = 0;
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->workload, wl))
			continue;
		fprintf(f, "| %s |", res->scheduler);
		if (strcmp(res->status, "ok")) {
			fprintf(f, " %s: ", res->status);
			rep_md_cell(f, res->reason);
			for (size_t k = 1; k < nc; k++)
				fputs(" |", f);
			fputs(" |\n", f);
			continue;
		}
		for (size_t k = 0; k < nc; k++) {
			const struct rr_metric *m = rr_metric_find(res, cols[k]);
			if (!m || !m->n) {
				fputs(" — |", f);
				continue;
			}
			fprintf(f, " %s", rep_fmt_num(a, sizeof(a), m->s.median));
			struct cmp_row row;
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
				any_noisy = 1;
			}
			fputs(" |", f);
		}
		fputc('\n', f);
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

static void conformance(FILE *f, const struct run_results *r)
{
	const char *probes[64], *rows[64];
	size_t np = 0, nr = 0;
	for (size_t i = 0; i < r->nprobes; i++) {
		int dup = 0;
		for (size_t k = 0; k < np; k++)
			dup |= !strcmp(probes[k], r->probes[i].probe);
		if (!dup && np < 64)
			probes[np++] = r->probes[i].probe;
		dup = 0;
		for (size_t k = 0; k < nr; k++)
			dup |= !strcmp(rows[k], r->probes[i].scheduler);
		if (!dup && nr < 64)
			rows[nr++] = r->probes[i].scheduler;
	}
	fprintf(f, "\n## Conformance\n\n");
	if (!np) {
		fprintf(f, "No probes in this run.\n");
		return;
	}
	fprintf(f, "| scheduler |");
	for (size_t k = 0; k < np; k++)
		fprintf(f, " %s |", probes[k]);
	fprintf(f, "\n|---|");
	for (size_t k = 0; k < np; k++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (size_t j = 0; j < nr; j++) {
		fprintf(f, "| %s |", rows[j]);
		for (size_t k = 0; k < np; k++) {
			const char *st = NULL;
			for (size_t i = 0; i < r->nprobes; i++)
				if (!strcmp(r->probes[i].scheduler, rows[j]) && !strcmp(r->probes[i].probe, probes[k]))
					st = r->probes[i].status;
			fprintf(f, " %s |", probe_cell(st));
		}
		fputc('\n', f);
	}
	int hdr = 0;
	for (size_t i = 0; i < r->nprobes; i++) {
		const struct rr_probe *p = &r->probes[i];
		if (strcmp(p->status, "pass") && *p->reason) {
			if (!hdr++)
				fputc('\n', f);
			fprintf(f, "- %s/%s %s: ", p->scheduler, p->probe, p->status);
			rep_md_cell(f, p->reason);
			fputc('\n', f);
		}
	}
}

static void recommendations(FILE *f, const struct run_results *r)
{
	fprintf(f, "\n## Recommendation per profile\n\n");
	fprintf(f, "| profile | answer |\n|---|---|\n");
	for (size_t i = 0; i < rec_profile_count(); i++) {
		struct recommendation rec;
		const struct rec_profile *p = rec_profile_at(i);
		if (recommend(r, p, &rec))
			continue;
		char s[32];
		fprintf(f, "| %s | ", p->name);
		switch (rec.answer) {
		case REC_PICK:
			fprintf(f, "**%s** (score %s vs EEVDF)", rec.best, rep_fmt_num(s, sizeof(s), rec.best_score));
			break;
		case REC_EEVDF:
			fprintf(f, "**%s** (alternatives significantly worse)", rec.baseline);
			break;
		case REC_NO_DIFFERENCE:
			fprintf(f, "no significant difference (stay with %s)", rec.baseline);
			break;
		case REC_NO_EVIDENCE:
			fprintf(f, "no evidence in this run");
			break;
		case REC_NO_BASELINE:
			fprintf(f, "no EEVDF baseline row");
			break;
		}
		for (size_t k = 0; k < rec.ncands; k++)
			if (!rec.cands[k].eligible && rr_failed_probes(r, rec.cands[k].name, NULL)) {
				fprintf(f, "; %s excluded (failed a probe)", rec.cands[k].name);
			}
		fputs(" |\n", f);
		recommendation_free(&rec);
	}
	fprintf(f, "\nDetails and evidence: `scxbench recommend RESULTS --profile P`.\n");
}

void report_md(FILE *f, const struct run_results *r)
{
	fprintf(f, "# scxbench results\n\n");
	provenance(f, r);
	fprintf(f, "\n## Schedulers\n\n");
	schedulers(f, r);
	const char *wls[MAX_WL];
	size_t nw = rr_workloads(r, wls, MAX_WL);
	if (nw) {
		fprintf(f, "\n## Workloads\n\nMedian of the repeats; in brackets the change vs %s: "
			   "✅ significantly better, ❌ significantly worse (Mann-Whitney p < 0.05 and beyond "
			   "the noise), no mark = no significant difference. ↓ lower is better, ↑ higher is better.\n",
			rr_baseline(r) ? rr_baseline(r) : "EEVDF");
	}
	for (size_t i = 0; i < nw; i++)
		workload_table(f, r, wls[i]);
	conformance(f, r);
	recommendations(f, r);
}
