// SPDX-License-Identifier: GPL-2.0-only
/* Per-profile recommendation (see recommend.h for the rule and why). */
#include "reports/recommend.h"

#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/recommend_boot.h"
#include "reports/report_util.h"
#include "reports/results_model.h"

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
#define R(w, m, x) { w, m, x, REC_STAT_MEDIAN, 0 }
#define RMEAN(w, m, x) { w, m, x, REC_STAT_MEAN, 0 } /* a guarantee: every round counts (recommend.h) */
/* a share error: a guarantee, and below REC_SHARE_RESOLUTION as good as exact */
#define RSHARE(w, m, x) { w, m, x, REC_STAT_MEAN, REC_SHARE_RESOLUTION }
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
 * utilization), and wake-up tails under a noisy neighbour. The shares are
 * promises kept in every window, so their mean over the rounds counts, not
 * the median (recommend.h). */
static const struct rec_rule multitenant[] = {
	RSHARE("tenants", "worst_rel_error", 2), RMEAN("tenants", "jain_index", 2), R("tenants", "utilization", 0.5),
	RSHARE("fairness", "worst_rel_error", 1), RMEAN("fairness", "jain_index", 1),
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
#undef RMEAN
#undef RSHARE
#define P(n, d, r, g) { n, d, r, sizeof(r) / sizeof(r[0]), g }
static const struct rec_profile profiles[] = {
	P("desktop", "interactive latency and wakeup tails", desktop, REC_MIN_GAIN_DESKTOP),
	P("server", "throughput and p99 latency", server, REC_MIN_GAIN),
	P("batch", "throughput (time to finish)", batch, REC_MIN_GAIN),
	P("multitenant", "tenant isolation and fairness", multitenant, REC_MIN_GAIN_MULTITENANT),
	P("realtime", "periodic deadline misses and maximum latency", realtime, REC_MIN_GAIN),
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

const char *rec_stat_tag(enum rec_stat stat)
{
	return stat == REC_STAT_MEAN ? "(mean)" : "";
}

void rec_rule_tag(char *buf, size_t len, const struct rec_rule *rule)
{
	if (rule->resolution > 0)
		rep_snprintf(buf, len, "(%s, floor %g)", rule->stat == REC_STAT_MEAN ? "mean" : "median", rule->resolution);
	else
		rep_snprintf(buf, len, "%s", rec_stat_tag(rule->stat));
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

static double profile_weight(const struct rec_profile *p)
{
	double w = 0;
	for (size_t k = 0; k < p->nrules; k++)
		w += p->rules[k].weight;
	return w;
}

/* Evidence and score of one scheduler against the baseline. Its coverage
 * is the weight of the rules it has evidence for over the whole profile's
 * weight (a rule whose workload the run lacks counts as unmeasured). */
static void score(const struct run_results *r, const struct rec_profile *p, const char *base,
		  struct rec_candidate *c)
{
	double wsum = 0, lsum = 0, wmatched = 0;
	c->score = NAN;
	for (size_t k = 0; k < p->nrules; k++) {
		const struct rec_rule *rule = &p->rules[k];
		/* how many metrics this rule matches in the baseline, to share the weight */
		size_t nmatch = 0;
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *rb = &r->results[i];
			if (strcmp(rb->scheduler, base) || !rec_rule_matches_workload(rule, rb->workload))
				continue;
			for (size_t j = 0; j < rb->nmetrics; j++)
				if (rb->metrics[j].dir != RR_DIR_NONE &&
				    !fnmatch(rule->metric, rb->metrics[j].name, 0))
					nmatch++;
		}
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
				double vb = rule->stat == REC_STAT_MEAN ? mb->s.mean : mb->s.median;
				double vc = rule->stat == REC_STAT_MEAN ? mc->s.mean : mc->s.median;
				double ratio = rec_resolved_ratio(mb->dir, vb, vc, rule->resolution);
				if (isnan(ratio) || c->nev >= REC_MAX_EVIDENCE)
					continue;
				double w = rule->weight / (double)nmatch;
				/* every row that scores is evidence, so the bootstrap
				 * recomputes exactly the point score's terms */
				struct rec_evidence *e = &c->ev[c->nev++];
				e->workload = rb->workload;
				e->metric = mb->name;
				e->unit = mb->unit;
				e->weight = w;
				e->ratio = ratio;
				e->stat = rule->stat;
				e->resolution = rule->resolution;
				e->base_v = vb;
				e->cand_v = vc;
				e->rowb = rb;
				e->rowc = rc;
				e->mb = mb;
				e->mc = mc;
				memset(&e->cmp, 0, sizeof(e->cmp));
				cmp_metric(mb, mc, CMP_ALPHA, &e->cmp);
				if (e->cmp.verdict == CMP_IMPROVED) {
					c->improved++;
					c->w_improved += w;
				} else if (e->cmp.verdict == CMP_REGRESSED) {
					c->regressed++;
					c->w_regressed += w;
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
	c->coverage = wmatched / profile_weight(p);
}

/* The profile's coverage by the run: the weight of the rules for which
 * EEVDF has an ok row of the workload with a metric the rule names; and the
 * rule workloads no row of the run has, which are what to add. */
static void coverage(const struct run_results *r, const struct rec_profile *p, struct recommendation *rec)
{
	double measured = 0;
	for (size_t k = 0; k < p->nrules; k++) {
		const struct rec_rule *rule = &p->rules[k];
		int seen = 0, hit = 0;
		for (size_t i = 0; i < r->nresults; i++) {
			const struct rr_result *res = &r->results[i];
			if (!rec_rule_matches_workload(rule, res->workload))
				continue;
			seen = 1;
			if (strcmp(res->scheduler, rec->baseline) || strcmp(res->status, "ok"))
				continue;
			for (size_t j = 0; j < res->nmetrics; j++)
				hit |= res->metrics[j].dir != RR_DIR_NONE && res->metrics[j].n &&
				       !fnmatch(rule->metric, res->metrics[j].name, 0);
		}
		if (hit)
			measured += rule->weight;
		int listed = 0;
		for (size_t m = 0; m < rec->nmissing; m++)
			listed |= !strcmp(rec->missing[m], rule->workload);
		if (!seen && !listed && rec->nmissing < REC_MAX_MISSING)
			rec->missing[rec->nmissing++] = rule->workload;
	}
	rec->coverage = measured / profile_weight(p);
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
		if (strcmp(res->scheduler, c->name) || !results_status_bad(res->status))
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

const struct rec_candidate *rec_runner_up(const struct recommendation *rec, const struct rec_candidate *pick)
{
	const struct rec_candidate *ru = NULL;
	for (size_t i = 0; i < rec->ncands; i++) {
		const struct rec_candidate *c = &rec->cands[i];
		if (c->eligible && c != pick && !isnan(c->score) && (!ru || c->score > ru->score))
			ru = c;
	}
	/* EEVDF scores 1: a scheduler's pick is runner-up to it unless another beats it */
	return pick && ru && !(ru->score > 1) ? NULL : ru;
}

/* The decision from the point scores and the bootstrap (rule: recommend.h). */
static void decide(struct recommendation *rec)
{
	const struct rec_candidate *best = NULL, *likely = NULL;
	for (size_t i = 0; i < rec->ncands; i++) {
		const struct rec_candidate *c = &rec->cands[i];
		if (!c->eligible)
			continue;
		if (!best || c->score > best->score)
			best = c;
		if (!likely || c->p_best > likely->p_best)
			likely = c;
	}
	if (best) {
		rec->best = best->name;
		rec->best_score = best->score;
	}
	if (rec->coverage < REC_MIN_COVERAGE) {
		rec->answer = REC_LOW_COVERAGE;
		return;
	}
	if (rec->min_repeats && rec->min_repeats < REC_MIN_REPEATS) {
		rec->answer = REC_FEW_REPEATS;
		return;
	}
	if (rec->baseline_p_best >= REC_MIN_PBEST) {
		rec->answer = REC_EEVDF;
		return;
	}
	rec->answer = REC_NO_CLEAR_WINNER;
	if (!likely || likely->p_best < REC_MIN_PBEST)
		return;
	const struct rec_candidate *ru = rec_runner_up(rec, likely);
	if (likely->score >= rec->profile->min_gain * (ru ? ru->score : 1.0)) {
		rec->answer = REC_PICK;
		rec->best = likely->name;
		rec->best_score = likely->score;
	}
}

int recommend_with(const struct run_results *r, const struct rec_profile *p, enum rec_resample how,
		   struct recommendation *rec)
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
	coverage(r, p, rec);
	rec->cands = calloc(r->nscheds + 1, sizeof(*rec->cands));
	if (!rec->cands)
		return -1;
	for (size_t i = 0; i < r->nscheds; i++) {
		if (!strcmp(r->scheds[i].name, rec->baseline))
			continue;
		struct rec_candidate *c = &rec->cands[rec->ncands++];
		c->name = r->scheds[i].name;
		c->ci_lo = c->ci_hi = NAN;
		eligibility(r, p, c);
		score(r, p, rec->baseline, c);
		if (c->eligible && isnan(c->score)) {
			c->eligible = 0;
			c->no_evidence = 1;
			rep_snprintf(c->why_not, sizeof(c->why_not), "no metric of this profile measured");
		} else if (c->eligible && c->coverage < REC_MIN_COVERAGE && rec->coverage >= REC_MIN_COVERAGE) {
			/* its score would rest on a minority of the profile (when
			 * the whole run is short of it, the answer says so once) */
			c->eligible = 0;
			rep_snprintf(c->why_not, sizeof(c->why_not),
				     "measured only %.0f%% of the profile's weight (needs %.0f%%)", c->coverage * 100,
				     REC_MIN_COVERAGE * 100);
		}
	}
	for (size_t i = 0; i < rec->ncands; i++)
		for (size_t e = 0; rec->cands[i].eligible && e < rec->cands[i].nev; e++) {
			const struct rec_evidence *ev = &rec->cands[i].ev[e];
			size_t n = ev->mb->n < ev->mc->n ? ev->mb->n : ev->mc->n;
			if (!rec->min_repeats || n < rec->min_repeats)
				rec->min_repeats = n;
		}
	/* below the coverage or repeats bar nothing is decided: no need to resample */
	if (rec->coverage >= REC_MIN_COVERAGE && (!rec->min_repeats || rec->min_repeats >= REC_MIN_REPEATS) &&
	    rec_bootstrap(rec, how)) {
		recommendation_free(rec);
		return -1;
	}
	decide(rec);
	return 0;
}

int recommend(const struct run_results *r, const struct rec_profile *p, struct recommendation *rec)
{
	return recommend_with(r, p, REC_RESAMPLE_AUTO, rec);
}

const struct rec_candidate *rec_candidate_find(const struct recommendation *rec, const char *name)
{
	for (size_t i = 0; rec->cands && i < rec->ncands; i++)
		if (!strcmp(rec->cands[i].name, name))
			return &rec->cands[i];
	return NULL;
}

void recommendation_free(struct recommendation *rec)
{
	free(rec->cands);
	rec->cands = NULL;
}
