/* Per-profile recommendation (see recommend.h for the rule and why). */
#include "reports/recommend.h"

#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report_util.h"

/* The profile tables. Workload names are those of `scxbench list`; a rule's
 * workload glob also matches "NAME:ARGS" (rec_rule_matches_workload), so
 * "cmd" covers `--workload 'cmd:make -j8'` and "stress-ng" covers
 * "stress-ng:cpu,pipe". Metric names, units and directions are those the
 * workloads emit (workloads/workload_*.c); every rule must match a metric a
 * registered workload declares (tests/unit/test_report_recommend.c checks it).
 * Where two metrics are one measurement seen two ways (pipe roundtrips_per_s
 * vs usecs_per_op/switch_us, cpu completion_s vs efficiency, messaging
 * round_ms vs messages_per_s) a profile uses only one of them, so that
 * measurement is not counted twice. Weights are relative within a profile. */
#define R(w, m, x) { w, m, x }
/* desktop: what a user feels: the tail of wake-up latency under load and
 * frames (periods) missed by a periodic interactive task. Tails weigh more
 * than medians; p99.9 less than p99 (few samples, noisier). */
static const struct rec_rule desktop[] = {
	R("interactive", "p99_us", 2), R("interactive", "p999_us", 1), R("interactive", "p50_us", 1),
	R("interactive", "missed_ratio", 2),
	R("wakeup", "p99_us", 2), R("wakeup", "p999_us", 1), R("wakeup", "p50_us", 1),
	R("pipe", "roundtrip_p99_us", 0.5),
};
/* server: request throughput (hand-offs, messages, wake-ups, process
 * creation, stress-ng) and the p99 latency of the hand-off paths. */
static const struct rec_rule server[] = {
	R("pipe", "roundtrips_per_s", 2), R("messaging", "messages_per_s", 2),
	R("wakeup", "wakeups_per_s", 1), R("fork", "forks_per_s", 1),
	R("stress-ng", "*_bogo_ops_per_s", 1),
	R("wakeup", "p99_us", 2), R("pipe", "roundtrip_p99_us", 1),
};
/* batch: time to finish a fixed amount of work; the user's own command
 * weighs as much as the CPU-bound generator. */
static const struct rec_rule batch[] = {
	R("cpu", "completion_s", 3), R("cmd", "wall_s", 3), R("messaging", "round_ms", 2),
	R("fork", "forks_per_s", 1), R("stress-ng", "*_bogo_ops_per_s", 1),
};
/* multitenant: cgroup weights honoured (tenants) first, nice weights
 * (fairness) second, without idling CPUs to get there (tenants
 * utilization), and wake-up tails under a noisy neighbour. */
static const struct rec_rule multitenant[] = {
	R("tenants", "worst_rel_error", 2), R("tenants", "jain_index", 2), R("tenants", "utilization", 0.5),
	R("fairness", "worst_rel_error", 1), R("fairness", "jain_index", 1),
	R("wakeup", "p99_us", 1),
};
/* realtime: deadlines first (periodic misses and lateness), then worst-case
 * timer latency (cyclictest), then the interactive task's misses and max. */
static const struct rec_rule realtime[] = {
	R("periodic", "miss_ratio", 3), R("periodic", "lateness_p99_us", 2), R("periodic", "lateness_max_us", 1),
	R("cyclictest", "max_us", 2), R("cyclictest", "p99_us", 1),
	R("interactive", "missed_ratio", 1), R("interactive", "max_us", 0.5),
};
#undef R
#define P(n, d, r) { n, d, r, sizeof(r) / sizeof(r[0]) }
static const struct rec_profile profiles[] = {
	P("desktop", "interactive latency and wakeup tails", desktop),
	P("server", "throughput and p99 latency", server),
	P("batch", "throughput (time to finish)", batch),
	P("multitenant", "tenant isolation and fairness", multitenant),
	P("realtime", "periodic deadline misses and maximum latency", realtime),
};
#undef P

int rec_rule_matches_workload(const struct rec_rule *rule, const char *workload)
{
	if (!fnmatch(rule->workload, workload, 0))
		return 1;
	/* "NAME:ARGS" (e.g. cmd:make -j8) also matches by NAME */
	const char *colon = strchr(workload, ':');
	if (!colon)
		return 0;
	char base[128];
	size_t n = (size_t)(colon - workload);
	if (n >= sizeof(base))
		return 0;
	memcpy(base, workload, n);
	base[n] = 0;
	return !fnmatch(rule->workload, base, 0);
}

size_t rec_profile_count(void)
{
	return sizeof(profiles) / sizeof(profiles[0]);
}

const struct rec_profile *rec_profile_at(size_t i)
{
	return i < rec_profile_count() ? &profiles[i] : NULL;
}

const struct rec_profile *rec_profile_find(const char *name)
{
	for (size_t i = 0; i < rec_profile_count(); i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

/* Oriented ratio (> 1 = better than base), clamped. Zero medians get an
 * offset of 1% of the larger one so "0 misses vs 3" is a large but finite
 * ratio. */
static double oriented_ratio(enum rr_dir dir, double base, double cand)
{
	if (isnan(base) || isnan(cand))
		return NAN;
	if (base <= 0 || cand <= 0) {
		double m = fmax(fabs(base), fabs(cand));
		if (m == 0)
			return 1.0;
		if (base < 0 || cand < 0)
			return NAN; /* ratios of signed quantities mean nothing */
		base += 0.01 * m;
		cand += 0.01 * m;
	}
	double r = dir == RR_DIR_LOWER ? base / cand : cand / base;
	if (r > REC_RATIO_CLAMP)
		r = REC_RATIO_CLAMP;
	if (r < 1.0 / REC_RATIO_CLAMP)
		r = 1.0 / REC_RATIO_CLAMP;
	return r;
}

static int is_bad_status(const char *s)
{
	return !strcmp(s, "fail") || !strcmp(s, "timeout");
}

/* Evidence and score of one scheduler against the baseline. */
static void score(const struct run_results *r, const struct rec_profile *p, const char *base,
		  struct rec_candidate *c)
{
	double wsum = 0, lsum = 0, wprofile = 0, wmatched = 0;
	c->score = NAN;
	for (size_t k = 0; k < p->nrules; k++) {
		const struct rec_rule *rule = &p->rules[k];
		/* how many metrics this rule matches in the baseline, to share the weight */
		size_t nmatch = 0;
		int workload_seen = 0;
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *rb = &r->results[i];
			if (strcmp(rb->scheduler, base) || !rec_rule_matches_workload(rule, rb->workload))
				continue;
			workload_seen = 1;
			for (size_t j = 0; j < rb->nmetrics; j++)
				if (rb->metrics[j].dir != RR_DIR_NONE &&
				    !fnmatch(rule->metric, rb->metrics[j].name, 0))
					nmatch++;
		}
		/* coverage counts only rules whose workload is in the run at all;
		 * a missing workload is "not measured", not "no evidence" */
		if (workload_seen)
			wprofile += rule->weight;
		if (!nmatch)
			continue;
		int rule_used = 0;
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *rb = &r->results[i];
			if (strcmp(rb->scheduler, base) || !rec_rule_matches_workload(rule, rb->workload))
				continue;
			const struct rr_result *rc = rr_find(r, c->name, rb->workload);
			if (!rc || strcmp(rc->status, "ok") || strcmp(rb->status, "ok"))
				continue;
			for (size_t j = 0; j < rb->nmetrics; j++) {
				const struct rr_metric *mb = &rb->metrics[j];
				if (mb->dir == RR_DIR_NONE || fnmatch(rule->metric, mb->name, 0))
					continue;
				const struct rr_metric *mc = rr_metric_find(rc, mb->name);
				if (!mc || !mb->n || !mc->n)
					continue;
				double ratio = oriented_ratio(mb->dir, mb->s.median, mc->s.median);
				if (isnan(ratio))
					continue;
				double w = rule->weight / (double)nmatch;
				if (c->nev < REC_MAX_EVIDENCE) {
					struct rec_evidence *e = &c->ev[c->nev++];
					e->workload = rb->workload;
					e->metric = mb->name;
					e->unit = mb->unit;
					e->weight = w;
					e->ratio = ratio;
					memset(&e->cmp, 0, sizeof(e->cmp));
					cmp_metric(mb, mc, CMP_ALPHA, &e->cmp);
					if (e->cmp.verdict == CMP_IMPROVED) {
						c->improved++;
						c->w_improved += w;
					} else if (e->cmp.verdict == CMP_REGRESSED) {
						c->regressed++;
						c->w_regressed += w;
					}
				}
				wsum += w;
				lsum += w * log(ratio);
				rule_used = 1;
			}
		}
		if (rule_used)
			wmatched += rule->weight;
	}
	if (wsum > 0)
		c->score = exp(lsum / wsum);
	c->coverage = wprofile > 0 ? wmatched / wprofile : 0;
}

static void eligibility(const struct run_results *r, const struct rec_profile *p,
			struct rec_candidate *c)
{
	const struct rr_sched *s = rr_sched_find(r, c->name);
	c->eligible = 1;
	if (s && strcmp(s->status, "ok")) {
		c->eligible = 0;
		rep_snprintf(c->why_not, sizeof(c->why_not), "failed to run: %s",
			     *s->error ? s->error : "scheduler status fail");
		return;
	}
	const struct rr_probe *fp;
	size_t nf = rr_failed_probes(r, c->name, &fp);
	if (nf) {
		c->eligible = 0;
		rep_snprintf(c->why_not, sizeof(c->why_not), "failed %zu conformance probe%s (%s%s%s)%s", nf,
			     nf > 1 ? "s" : "", fp->probe, *fp->reason ? ": " : "", fp->reason,
			     nf > 1 ? " and more" : "");
		return;
	}
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->scheduler, c->name) || !is_bad_status(res->status))
			continue;
		for (size_t k = 0; k < p->nrules; k++)
			if (rec_rule_matches_workload(&p->rules[k], res->workload)) {
				c->eligible = 0;
				rep_snprintf(c->why_not, sizeof(c->why_not), "workload %s %s%s%s", res->workload,
					     !strcmp(res->status, "fail") ? "failed" : "timed out",
					     *res->reason ? ": " : "", res->reason);
				return;
			}
	}
}

int recommend(const struct run_results *r, const struct rec_profile *p, struct recommendation *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->profile = p;
	rec->best_score = NAN;
	rec->baseline = rr_baseline(r);
	rep_snprintf(rec->group, sizeof(rec->group), "%s", r->group);
	for (size_t i = 0; i < r->nprobes; i++)
		if (!strcmp(r->probes[i].scheduler, "kernel") && !strcmp(r->probes[i].status, "fail")) {
			rep_snprintf(rec->kernel_warning, sizeof(rec->kernel_warning),
				     "kernel-scope probe %s failed%s%s: the kernel's safety net may be broken on this kernel",
				     r->probes[i].probe, *r->probes[i].reason ? ": " : "", r->probes[i].reason);
			break;
		}
	if (!rec->baseline) {
		rec->answer = REC_NO_BASELINE;
		return 0;
	}
	rec->cands = calloc(r->nscheds + 1, sizeof(*rec->cands));
	if (!rec->cands)
		return -1;
	for (size_t i = 0; i < r->nscheds; i++) {
		if (!strcmp(r->scheds[i].name, rec->baseline))
			continue;
		struct rec_candidate *c = &rec->cands[rec->ncands++];
		c->name = r->scheds[i].name;
		eligibility(r, p, c);
		score(r, p, rec->baseline, c);
		if (c->eligible && isnan(c->score)) {
			c->eligible = 0;
			c->no_evidence = 1;
			rep_snprintf(c->why_not, sizeof(c->why_not), "no metric of this profile measured");
		}
	}

	/* best eligible alternative by score */
	const struct rec_candidate *best = NULL;
	int any_evidence = 0, all_worse = 1, n_eligible = 0;
	for (size_t i = 0; i < rec->ncands; i++) {
		const struct rec_candidate *c = &rec->cands[i];
		if (!isnan(c->score))
			any_evidence = 1;
		if (!c->eligible)
			continue;
		n_eligible++;
		if (!best || c->score > best->score)
			best = c;
		/* "significantly worse": score below 1 and its significant
		 * regressions outweigh its significant improvements */
		if (!(c->score <= 1.0 / REC_MIN_GAIN && c->regressed && c->w_regressed > c->w_improved))
			all_worse = 0;
	}
	if (!any_evidence) {
		rec->answer = REC_NO_EVIDENCE;
		return 0;
	}
	if (best) {
		rec->best = best->name;
		rec->best_score = best->score;
	}
	if (best && best->score >= REC_MIN_GAIN && best->improved && best->w_improved > best->w_regressed)
		rec->answer = REC_PICK;
	else if (n_eligible && all_worse)
		rec->answer = REC_EEVDF;
	else
		rec->answer = REC_NO_DIFFERENCE;
	return 0;
}

void recommendation_free(struct recommendation *rec)
{
	free(rec->cands);
	rec->cands = NULL;
}

/* ---- output -------------------------------------------------------------- */

static void answer_line(char *buf, size_t len, const struct recommendation *rec)
{
	char s[32];
	switch (rec->answer) {
	case REC_PICK:
		rep_snprintf(buf, len, "recommended: %s (score %s vs EEVDF = 1.00)", rec->best,
			     rep_fmt_num(s, sizeof(s), rec->best_score));
		break;
	case REC_EEVDF:
		rep_snprintf(buf, len, "recommended: %s (the kernel default): every eligible alternative is "
			     "significantly worse for this profile", rec->baseline);
		break;
	case REC_NO_DIFFERENCE:
		if (rec->best) {
			const struct rec_candidate *b = NULL;
			for (size_t i = 0; i < rec->ncands; i++)
				if (rec->cands[i].name == rec->best)
					b = &rec->cands[i];
			const char *why = !b || !b->improved ? "none of its differences is significant" :
					  b->score < REC_MIN_GAIN ? "its overall gain is below 2%" :
					  "its significant regressions outweigh its improvements";
			rep_snprintf(buf, len, "no significant difference: stay with %s (best alternative %s "
				     "scored %s, but %s)", rec->baseline, rec->best,
				     rep_fmt_num(s, sizeof(s), rec->best_score), why);
		} else {
			rep_snprintf(buf, len, "no significant difference: no eligible alternative to %s",
				     rec->baseline);
		}
		break;
	case REC_NO_EVIDENCE:
		rep_snprintf(buf, len, "no evidence: this run has none of the workloads the profile uses");
		break;
	case REC_NO_BASELINE:
		rep_snprintf(buf, len, "cannot score: the run has no EEVDF baseline row");
		break;
	}
}

static const struct rec_candidate *cand_of(const struct recommendation *rec, const char *name)
{
	for (size_t i = 0; rec->cands && i < rec->ncands; i++)
		if (!strcmp(rec->cands[i].name, name))
			return &rec->cands[i];
	return NULL;
}

static void rules_line(FILE *f, const struct rec_profile *p)
{
	for (size_t k = 0; k < p->nrules; k++)
		fprintf(f, "%s%s/%s:%g", k ? ", " : "", p->rules[k].workload, p->rules[k].metric,
			p->rules[k].weight);
}

void recommend_print_text(FILE *f, const struct run_results *r, const struct recommendation *rec)
{
	char line[600], a[32], b[32], ch[32], pv[32], sc[32];
	(void)r;
	fprintf(f, "profile %s — %s", rec->profile->name, rec->profile->desc);
	if (rec->group[0])
		fprintf(f, " — on %s", rec->group);
	fputc('\n', f);
	fprintf(f, "  weights: ");
	rules_line(f, rec->profile);
	fputc('\n', f);
	answer_line(line, sizeof(line), rec);
	fprintf(f, "  %s\n", line);
	if (rec->kernel_warning[0])
		fprintf(f, "  WARNING: %s\n", rec->kernel_warning);
	for (size_t i = 0; i < rec->ncands; i++) {
		const struct rec_candidate *c = &rec->cands[i];
		if (!c->eligible && !c->no_evidence)
			fprintf(f, "  not recommended: %s — %s\n", c->name, c->why_not);
		else if (!c->eligible)
			continue;
		else
			fprintf(f, "  %-12s score %s  (%zu better, %zu worse significantly; coverage %.0f%%)\n",
				c->name, rep_fmt_num(sc, sizeof(sc), c->score), c->improved, c->regressed,
				c->coverage * 100);
	}
	const struct rec_candidate *best = rec->best ? cand_of(rec, rec->best) : NULL;
	if (best && best->nev) {
		fprintf(f, "  evidence (%s vs %s):\n", best->name, rec->baseline);
		fprintf(f, "    %-28s %7s %12s %12s %8s %8s %8s  %s\n", "workload/metric", "weight",
			rec->baseline, best->name, "change", "ratio", "p", "verdict");
		for (size_t i = 0; i < best->nev; i++) {
			const struct rec_evidence *e = &best->ev[i];
			char name[256];
			rep_snprintf(name, sizeof(name), "%s/%s", e->workload, e->metric);
			fprintf(f, "    %-28s %7.2f %12s %12s %8s %8.3f %8s  %s\n", name, e->weight,
				rep_fmt_num(a, sizeof(a), e->cmp.base_median),
				rep_fmt_num(b, sizeof(b), e->cmp.cand_median),
				rep_fmt_pct(ch, sizeof(ch), e->cmp.change), e->ratio,
				rep_fmt_p(pv, sizeof(pv), e->cmp.p), cmp_verdict_name(e->cmp.verdict));
		}
	}
}

void recommend_print_md(FILE *f, const struct run_results *r, const struct recommendation *rec)
{
	char line[600], a[32], b[32], ch[32], pv[32], sc[32];
	(void)r;
	fprintf(f, "### Profile `%s` — %s", rec->profile->name, rec->profile->desc);
	if (rec->group[0]) {
		fputs(" — on `", f);
		rep_md_cell(f, rec->group);
		fputc('`', f);
	}
	fputs("\n\n", f);
	answer_line(line, sizeof(line), rec);
	fprintf(f, "**");
	rep_md_cell(f, line);
	fprintf(f, "**\n\n");
	if (rec->kernel_warning[0])
		fprintf(f, "> ⚠️ %s\n\n", rec->kernel_warning);
	fprintf(f, "<sub>weights: ");
	rules_line(f, rec->profile);
	fprintf(f, "</sub>\n\n");
	if (rec->ncands) {
		fprintf(f, "| scheduler | score vs EEVDF | significantly better | significantly worse | coverage | note |\n");
		fprintf(f, "|---|--:|--:|--:|--:|---|\n");
		for (size_t i = 0; i < rec->ncands; i++) {
			const struct rec_candidate *c = &rec->cands[i];
			fprintf(f, "| %s | %s | %zu | %zu | %.0f%% | ", c->name, rep_fmt_num(sc, sizeof(sc), c->score),
				c->improved, c->regressed, c->coverage * 100);
			if (!c->eligible) {
				fputs("excluded: ", f);
				rep_md_cell(f, c->why_not);
			}
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
	const struct rec_candidate *best = rec->best ? cand_of(rec, rec->best) : NULL;
	if (best && best->nev) {
		fprintf(f, "Evidence (%s vs %s):\n\n", best->name, rec->baseline);
		fprintf(f, "| workload | metric | weight | %s | %s | change | p | verdict |\n", rec->baseline, best->name);
		fprintf(f, "|---|---|--:|--:|--:|--:|--:|---|\n");
		for (size_t i = 0; i < best->nev; i++) {
			const struct rec_evidence *e = &best->ev[i];
			fprintf(f, "| %s | %s | %.2f | %s | %s | %s | %s | %s |\n", e->workload, e->metric, e->weight,
				rep_fmt_num(a, sizeof(a), e->cmp.base_median), rep_fmt_num(b, sizeof(b), e->cmp.cand_median),
				rep_fmt_pct(ch, sizeof(ch), e->cmp.change), rep_fmt_p(pv, sizeof(pv), e->cmp.p),
				cmp_verdict_name(e->cmp.verdict));
		}
		fputc('\n', f);
	}
}
