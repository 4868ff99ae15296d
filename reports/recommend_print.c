// SPDX-License-Identifier: GPL-2.0-only
/* Text and Markdown output of a recommendation (rule: recommend.h).
 *
 * Why a file of its own: recommend.c scores and decides; this says the
 * answer with the numbers that decided it (score, its 95% CI, P(best),
 * coverage) so a reader can judge it, and the evidence rows behind it.
 */
#include <math.h>
#include <string.h>

#include "reports/recommend.h"
#include "reports/report_util.h"

/* "tenants,fairness" for --workload; cmd needs its command to run at all */
static void missing_list(char *buf, size_t len, const struct recommendation *rec)
{
	size_t at = 0;
	buf[0] = 0;
	for (size_t i = 0; i < rec->nmissing && at < len; i++) {
		const char *w = rec->missing[i];
		int n = snprintf(buf + at, len - at, "%s%s", i ? "," : "", !strcmp(w, "cmd") ? "cmd:'COMMAND'" : w);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

static void ci_str(char *buf, size_t len, const struct rec_candidate *c)
{
	if (isnan(c->ci_lo))
		rep_snprintf(buf, len, "%.3f", c->score);
	else
		rep_snprintf(buf, len, "%.3f [%.3f, %.3f]", c->score, c->ci_lo, c->ci_hi);
}

/* The eligible candidate with the highest P(best), or NULL. */
static const struct rec_candidate *most_likely(const struct recommendation *rec)
{
	const struct rec_candidate *l = NULL;
	for (size_t i = 0; i < rec->ncands; i++)
		if (rec->cands[i].eligible && (!l || rec->cands[i].p_best > l->p_best))
			l = &rec->cands[i];
	return l;
}

/* Candidates in the order contenders are listed: P(best) descending, then
 * EEVDF (index -1) and the run's order. Is (pa, ia) listed before (pb, ib)? */
static int listed_before(double pa, long ia, double pb, long ib)
{
	return pa > pb || (pa == pb && ia < ib);
}

/* "vtime P=0.55 score 1.031 [0.970, 1.080], eevdf P=0.40": every candidate
 * best in at least REC_CONTENDER_P of the replicates, most likely first
 * (each pass takes the next one in that order after the last listed). */
static void contenders(char *buf, size_t len, const struct recommendation *rec)
{
	size_t at = 0;
	double last_p = INFINITY;
	long last_i = -2;
	buf[0] = 0;
	for (;;) {
		double p = -1;
		long pick = -2;
		if (rec->baseline_p_best >= REC_CONTENDER_P && listed_before(last_p, last_i, rec->baseline_p_best, -1)) {
			p = rec->baseline_p_best;
			pick = -1;
		}
		for (size_t i = 0; i < rec->ncands; i++) {
			const struct rec_candidate *c = &rec->cands[i];
			if (c->eligible && c->p_best >= REC_CONTENDER_P && listed_before(last_p, last_i, c->p_best, (long)i) &&
			    (pick == -2 || listed_before(c->p_best, (long)i, p, pick))) {
				p = c->p_best;
				pick = (long)i;
			}
		}
		if (pick == -2)
			break;
		char s[96];
		int k;
		if (pick < 0) {
			k = snprintf(buf + at, len - at, "%s%s P=%.2f", at ? ", " : "", rec->baseline, p);
		} else {
			ci_str(s, sizeof(s), &rec->cands[pick]);
			k = snprintf(buf + at, len - at, "%s%s P=%.2f score %s", at ? ", " : "", rec->cands[pick].name, p, s);
		}
		if (k < 0 || (size_t)k >= len - at)
			break;
		at += (size_t)k;
		last_p = p;
		last_i = pick;
	}
}

/* The change the evidence row shows: for a rule on means, the change of the
 * means it compared (the per-row test's estimate is of medians, and beside
 * the means it would contradict them); else the test's own estimate. */
static double shown_change(const struct rec_evidence *e)
{
	if (e->stat == REC_STAT_MEAN)
		return e->base_v != 0 ? e->cand_v / e->base_v - 1 : NAN;
	return e->cmp.change;
}

int rec_caution_line(char *buf, size_t len, const struct recommendation *rec)
{
	if (len)
		buf[0] = 0;
	const struct rec_candidate *ru;
	if (rec->answer == REC_PICK)
		ru = rec_runner_up(rec, rec_candidate_find(rec, rec->best));
	else if (rec->answer == REC_EEVDF && rec->best)
		ru = rec_runner_up(rec, NULL);
	else
		return 0;
	rep_snprintf(buf, len, "P(best) is not an error rate: identical schedulers are picked over each other "
		     "unless the margin (%.0f%% here) exceeds their noise (README: How often recommend is wrong); "
		     "act on a pick over %s that a re-run repeats", (rec->profile->min_gain - 1) * 100,
		     ru ? ru->name : rec->baseline);
	return 1;
}

void rec_answer_line(char *buf, size_t len, const struct recommendation *rec)
{
	char s[96], list[400];
	const struct rec_candidate *best = rec->best ? rec_candidate_find(rec, rec->best) : NULL;
	const struct rec_candidate *likely = rec->cands ? most_likely(rec) : NULL;
	switch (rec->answer) {
	case REC_PICK:
		ci_str(s, sizeof(s), best);
		rep_snprintf(buf, len, "recommended: %s (score %s, P(best) %.2f)", rec->best, s, best->p_best);
		break;
	case REC_EEVDF:
		if (!best) {
			rep_snprintf(buf, len, "recommended: %s (the kernel default): no eligible alternative",
				     rec->baseline);
			break;
		}
		ci_str(s, sizeof(s), best);
		rep_snprintf(buf, len, "recommended: %s (the kernel default), P(best) %.2f; best alternative %s "
			     "scores %s", rec->baseline, rec->baseline_p_best, best->name, s);
		break;
	case REC_NO_CLEAR_WINNER:
		if (likely && likely->p_best >= REC_MIN_PBEST) {
			/* the runner-up that is too close: EEVDF (1) or another */
			const struct rec_candidate *ru = rec_runner_up(rec, likely);
			ci_str(s, sizeof(s), likely);
			rep_snprintf(buf, len, "no clear winner: %s is likely best (P(best) %.2f) but its score %s is "
				     "less than %.0f%% above the runner-up, %s (%.3f)", likely->name, likely->p_best, s,
				     (rec->profile->min_gain - 1) * 100, ru ? ru->name : rec->baseline, ru ? ru->score : 1.0);
			break;
		}
		contenders(list, sizeof(list), rec);
		rep_snprintf(buf, len, "no clear winner (none is best with P >= %.2f): %s", REC_MIN_PBEST, list);
		break;
	case REC_LOW_COVERAGE:
		missing_list(list, sizeof(list), rec);
		rep_snprintf(buf, len, "not enough evidence: the run measured %.0f%% of this profile's weight "
			     "(a recommendation needs %.0f%%)%s%s", rec->coverage * 100, REC_MIN_COVERAGE * 100,
			     rec->nmissing ? "; add --workload " : "; its workloads ran but failed for ",
			     rec->nmissing ? list : rec->baseline);
		break;
	case REC_FEW_REPEATS:
		rep_snprintf(buf, len, "not enough repeats: a row has %zu, and P(best) needs at least %d to resample; "
			     "run again with --repeat %d or more", rec->min_repeats, REC_MIN_REPEATS, REC_MIN_REPEATS);
		break;
	case REC_NO_BASELINE:
		rep_snprintf(buf, len, "cannot score: the run has no EEVDF baseline row");
		break;
	}
}

static void rules_line(FILE *f, const struct rec_profile *p)
{
	for (size_t k = 0; k < p->nrules; k++) {
		char tag[48];
		rec_rule_tag(tag, sizeof(tag), &p->rules[k]);
		fprintf(f, "%s%s/%s:%g%s", k ? ", " : "", p->rules[k].workload, p->rules[k].metric,
			p->rules[k].weight, tag);
	}
}

/* How the probabilities were made, for the legend. */
static const char *resampling(const struct recommendation *rec)
{
	return rec->paired ? "paired rounds (one draw of rounds for every row)" :
			     "each row's repeats on its own (rows have different repeats)";
}

/* P(best) as printed: "n/a" when no bootstrap decided (too little coverage) */
static const char *p_str(char *buf, size_t len, const struct recommendation *rec, double p)
{
	if (rec->answer == REC_LOW_COVERAGE || rec->answer == REC_FEW_REPEATS || rec->answer == REC_NO_BASELINE)
		rep_snprintf(buf, len, "n/a");
	else
		rep_snprintf(buf, len, "%.2f", p);
	return buf;
}

static void print_evidence_text(FILE *f, const struct recommendation *rec, const struct rec_candidate *best)
{
	char a[32], b[32], ch[32], pv[32];
	fprintf(f, "  evidence (%s vs %s; per-row Mann-Whitney verdicts are shown, the score decides):\n",
		best->name, rec->baseline);
	fprintf(f, "    %-28s %7s %12s %12s %8s %8s %8s  %s\n", "workload/metric", "weight", rec->baseline,
		best->name, "change", "ratio", "p", "verdict");
	for (size_t i = 0; i < best->nev; i++) {
		const struct rec_evidence *e = &best->ev[i];
		char name[256];
		rep_snprintf(name, sizeof(name), "%s/%s%s", e->workload, e->metric, rec_stat_tag(e->stat));
		fprintf(f, "    %-28s %7.2f %12s %12s %8s %8.3f %8s  %s\n", name, e->weight,
			rep_fmt_num(a, sizeof(a), e->base_v), rep_fmt_num(b, sizeof(b), e->cand_v),
			rep_fmt_pct(ch, sizeof(ch), shown_change(e)), e->ratio, rep_fmt_p(pv, sizeof(pv), e->cmp.p),
			cmp_verdict_name(e->cmp.verdict));
	}
}

void recommend_print_text(FILE *f, const struct run_results *r, const struct recommendation *rec)
{
	char line[800], sc[96], pb[16];
	(void)r;
	fprintf(f, "profile %s — %s", rec->profile->name, rec->profile->desc);
	if (rec->group[0])
		fprintf(f, " — on %s", rec->group);
	fputc('\n', f);
	fprintf(f, "  weights: ");
	rules_line(f, rec->profile);
	fputc('\n', f);
	rec_answer_line(line, sizeof(line), rec);
	fprintf(f, "  %s\n", line);
	if (rec_caution_line(line, sizeof(line), rec))
		fprintf(f, "  caution: %s\n", line);
	if (rec->kernel_warning[0])
		fprintf(f, "  WARNING: %s\n", rec->kernel_warning);
	if (rec->answer == REC_NO_BASELINE)
		return;
	fprintf(f, "  rule: pick when best with P(best) >= %.2f and >= %.0f%% above the runner-up; "
		   "no pick below %.0f%% coverage or %d repeats\n", REC_MIN_PBEST, (rec->profile->min_gain - 1) * 100,
		REC_MIN_COVERAGE * 100, REC_MIN_REPEATS);
	if (rec->replicates)
		fprintf(f, "  P(best), 95%% CI: %d bootstrap replicates of %s, seed %#llx\n", rec->replicates,
			resampling(rec), (unsigned long long)REC_BOOT_SEED);
	fprintf(f, "  %-12s score %-24s P(best) %-4s  coverage %3.0f%%\n", rec->baseline, "1 (baseline)",
		p_str(pb, sizeof(pb), rec, rec->baseline_p_best), rec->coverage * 100);
	for (size_t i = 0; i < rec->ncands; i++) {
		const struct rec_candidate *c = &rec->cands[i];
		if (!c->eligible && !c->no_evidence) {
			fprintf(f, "  not recommended: %s — %s\n", c->name, c->why_not);
			continue;
		}
		if (!c->eligible)
			continue;
		ci_str(sc, sizeof(sc), c);
		fprintf(f, "  %-12s score %-24s P(best) %-4s  coverage %3.0f%%  (rows: %zu better, %zu worse)\n",
			c->name, sc, p_str(pb, sizeof(pb), rec, c->p_best), c->coverage * 100, c->improved,
			c->regressed);
	}
	const struct rec_candidate *best = rec->best ? rec_candidate_find(rec, rec->best) : NULL;
	if (best && best->nev)
		print_evidence_text(f, rec, best);
}

void recommend_print_md(FILE *f, const struct run_results *r, const struct recommendation *rec)
{
	char line[800], a[32], b[32], ch[32], pv[32], sc[96], pb[16];
	(void)r;
	fprintf(f, "### Profile `%s` — %s", rec->profile->name, rec->profile->desc);
	if (rec->group[0]) {
		fputs(" — on `", f);
		rep_md_cell(f, rec->group);
		fputc('`', f);
	}
	fputs("\n\n", f);
	rec_answer_line(line, sizeof(line), rec);
	fprintf(f, "**");
	rep_md_cell(f, line);
	fprintf(f, "**\n\n");
	if (rec_caution_line(line, sizeof(line), rec)) {
		fputs("Caution: ", f);
		rep_md_cell(f, line);
		fputs("\n\n", f);
	}
	if (rec->kernel_warning[0])
		fprintf(f, "> ⚠️ %s\n\n", rec->kernel_warning);
	fprintf(f, "<sub>weights: ");
	rules_line(f, rec->profile);
	fprintf(f, "</sub>\n\n");
	if (rec->answer == REC_NO_BASELINE)
		return;
	fprintf(f, "| scheduler | score vs EEVDF [95%% CI] | P(best) | coverage | rows better / worse | note |\n");
	fprintf(f, "|---|--:|--:|--:|--:|---|\n");
	fprintf(f, "| %s | 1 (baseline) | %s | %.0f%% | | |\n", rec->baseline,
		p_str(pb, sizeof(pb), rec, rec->baseline_p_best), rec->coverage * 100);
	for (size_t i = 0; i < rec->ncands; i++) {
		const struct rec_candidate *c = &rec->cands[i];
		ci_str(sc, sizeof(sc), c);
		fprintf(f, "| %s | %s | %s | %.0f%% | %zu / %zu | ", c->name, isnan(c->score) ? "n/a" : sc,
			c->eligible ? p_str(pb, sizeof(pb), rec, c->p_best) : "", c->coverage * 100, c->improved,
			c->regressed);
		if (!c->eligible) {
			fputs("excluded: ", f);
			rep_md_cell(f, c->why_not);
		}
		fputs(" |\n", f);
	}
	fprintf(f, "\nRule: a scheduler is recommended when it is the best (highest score) in at least %.0f%% "
		   "of %d bootstrap replicates (%s) and scores at least %.0f%% above the runner-up, EEVDF when it "
		   "is best in %.0f%%, otherwise there is no clear winner; nothing is recommended from less than "
		   "%.0f%% of the profile's weight or from fewer than %d repeats. Score: weighted geometric mean of ratios to EEVDF (> 1 is "
		   "better); rows better / worse: per-row Mann-Whitney verdicts, shown as evidence only.\n\n",
		REC_MIN_PBEST * 100, REC_BOOT_REPLICATES, resampling(rec), (rec->profile->min_gain - 1) * 100,
		REC_MIN_PBEST * 100, REC_MIN_COVERAGE * 100, REC_MIN_REPEATS);
	const struct rec_candidate *best = rec->best ? rec_candidate_find(rec, rec->best) : NULL;
	if (best && best->nev) {
		fprintf(f, "Evidence (%s vs %s):\n\n", best->name, rec->baseline);
		fprintf(f, "| workload | metric | weight | %s | %s | change | p | verdict |\n", rec->baseline, best->name);
		fprintf(f, "|---|---|--:|--:|--:|--:|--:|---|\n");
		for (size_t i = 0; i < best->nev; i++) {
			const struct rec_evidence *e = &best->ev[i];
			fprintf(f, "| %s | %s%s | %.2f | %s | %s | %s | %s | %s |\n", e->workload, e->metric,
				rec_stat_tag(e->stat), e->weight,
				rep_fmt_num(a, sizeof(a), e->base_v), rep_fmt_num(b, sizeof(b), e->cand_v),
				rep_fmt_pct(ch, sizeof(ch), shown_change(e)), rep_fmt_p(pv, sizeof(pv), e->cmp.p),
				cmp_verdict_name(e->cmp.verdict));
		}
		fputc('\n', f);
	}
}
