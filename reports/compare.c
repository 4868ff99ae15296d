// SPDX-License-Identifier: GPL-2.0-only
/* Comparison engine and its text/Markdown/TAP output (see compare.h for the
 * decision rule and why it is shaped that way). */
#include "reports/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report_util.h"
#include "reports/results_model.h"

const char *cmp_verdict_name(enum cmp_verdict v)
{
	switch (v) {
	case CMP_SAME: return "same";
	case CMP_IMPROVED: return "improved";
	case CMP_REGRESSED: return "regressed";
	case CMP_CHANGED: return "changed";
	case CMP_ONLY_BASE: return "only-in-base";
	case CMP_ONLY_CAND: return "only-in-cand";
	case CMP_SKIPPED: return "skipped";
	case CMP_UNDECIDED: return "undecided";
	}
	return "?";
}

void cmp_metric(const struct rr_metric *b, const struct rr_metric *c, double alpha,
		struct cmp_row *row)
{
	row->dir = b->dir != RR_DIR_NONE ? b->dir : c->dir;
	row->nb = b->n;
	row->nc = c->n;
	row->base_median = b->s.median;
	row->cand_median = c->s.median;
	row->cv_base = b->s.cv;
	row->cv_cand = c->s.cv;
	row->p = NAN;
	row->change = row->ci_lo = row->ci_hi = NAN;
	row->verdict = CMP_SAME;
	row->significant = row->beyond_noise = 0;
	row->paired = 0;
	row->worse = 0;
	row->min_p = 1;
	if (!b->n || !c->n)
		return;

	double mb = b->s.median, mc = c->s.median;
	if (mb != 0) {
		row->change = mc / mb - 1.0;
		stats_bootstrap_change_ci(b->values, b->n, c->values, c->n, STATS_BOOTSTRAP_ITERS,
					  STATS_BOOTSTRAP_SEED, 0.95, &row->ci_lo, &row->ci_hi);
	} else if (mc != 0) {
		row->change = (mc > 0 ? 1 : -1) * INFINITY; /* from zero: unbounded */
	} else {
		row->change = 0;
	}

	struct mwu m;
	if (stats_mann_whitney(c->values, c->n, b->values, b->n, &m) == 0) {
		row->p = m.p;
		row->exact = m.exact;
	}
	row->min_p = stats_mwu_min_p(b->n, c->n);

	/* unpaired samples: the change must also exceed the noise (see
	 * compare.h), a guard the paired test does not need */
	double noise = CMP_NOISE_K * (b->s.cv > c->s.cv ? b->s.cv : c->s.cv);
	if (noise < CMP_MIN_EFFECT)
		noise = CMP_MIN_EFFECT;
	double mag = fabs(row->change);
	int ci_excl = isnan(row->ci_lo) ? isinf(row->change) : (row->ci_lo > 0 || row->ci_hi < 0);
	row->beyond_noise = !isnan(mag) && mag > noise && ci_excl;
	cmp_decide(row, row->p, 1, alpha);
}

/* Values of b and c measured in the same round, as pairs. */
static size_t pair_rounds(const struct rr_metric *b, const struct rr_metric *c, double *bv, double *cv)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j < b->n; j++)
			if (b->rounds && c->rounds && b->rounds[j] == c->rounds[i]) {
				bv[n] = b->values[j];
				cv[n++] = c->values[i];
				break;
			}
	return n;
}

void cmp_metric_paired(const struct rr_metric *b, const struct rr_metric *c, double alpha,
		       struct cmp_row *row)
{
	row->dir = b->dir != RR_DIR_NONE ? b->dir : c->dir;
	row->base_median = b->s.median;
	row->cand_median = c->s.median;
	row->cv_base = b->s.cv;
	row->cv_cand = c->s.cv;
	row->p = row->change = row->ci_lo = row->ci_hi = NAN;
	row->verdict = CMP_SAME;
	row->significant = row->beyond_noise = 0;
	row->worse = 0;
	row->paired = 1;
	size_t cap = b->n < c->n ? b->n : c->n;
	double *bv = malloc((cap ? cap : 1) * sizeof(double)), *cv = malloc((cap ? cap : 1) * sizeof(double));
	double *d = malloc((cap ? cap : 1) * sizeof(double));
	size_t n = bv && cv && d ? pair_rounds(b, c, bv, cv) : 0;
	row->nb = row->nc = n;
	row->min_p = stats_wsr_min_p(n);
	if (n) {
		/* ratio-scale metrics compare as log-ratios (a 10% change is
		 * the same whatever the level); a metric that can be 0 (miss
		 * ratios) as differences scaled by the base median */
		int logs = 1;
		for (size_t i = 0; i < n; i++)
			logs &= bv[i] > 0 && cv[i] > 0;
		double scale = fabs(stats_median(bv, n));
		for (size_t i = 0; i < n; i++)
			d[i] = logs ? log(cv[i] / bv[i]) : cv[i] - bv[i];
		struct wsr w;
		stats_wilcoxon_signed_rank(d, n, 0.95, &w); /* every pair equal: p = 1 */
		row->p = w.p;
		row->exact = w.exact;
		if (logs) {
			row->change = expm1(w.hl);
			row->ci_lo = expm1(w.lo);
			row->ci_hi = expm1(w.hi);
		} else if (scale > 0) {
			row->change = w.hl / scale;
			row->ci_lo = w.lo / scale;
			row->ci_hi = w.hi / scale;
		} else {
			row->change = w.hl == 0 ? 0 : (w.hl > 0 ? 1 : -1) * INFINITY;
		}
		int ci_excl = isnan(row->ci_lo) ? !isnan(row->change) && row->change != 0
						  : (row->ci_lo > 0 || row->ci_hi < 0);
		row->beyond_noise = !isnan(row->change) && fabs(row->change) >= CMP_MIN_EFFECT && ci_excl;
	}
	free(bv);
	free(cv);
	free(d);
	cmp_decide(row, row->p, 1, alpha);
}

void cmp_decide(struct cmp_row *row, double p, size_t family, double alpha)
{
	row->p_adj = p;
	row->significant = 0;
	row->worse = 0;
	row->verdict = CMP_SAME;
	if (isnan(p) || (!row->nb && !row->nc))
		return;
	/* the smallest p this many repeats can give, after Holm's first
	 * step: if even that is not below alpha, no outcome could be called
	 * significant, and "same" would be a claim the data cannot make */
	if (row->min_p * (double)(family ? family : 1) >= alpha) {
		row->verdict = CMP_UNDECIDED;
		return;
	}
	row->significant = p < alpha;
	if (!(row->significant && row->beyond_noise))
		return;
	if (row->dir == RR_DIR_NONE) {
		row->verdict = CMP_CHANGED;
		return;
	}
	double mb = row->base_median, mc = row->cand_median;
	int better = !isnan(row->change) ? (row->dir == RR_DIR_LOWER ? row->change < 0 : row->change > 0)
					 : (row->dir == RR_DIR_LOWER ? mc < mb : mc > mb);
	row->verdict = better ? CMP_IMPROVED : CMP_REGRESSED;
	if (!better)
		row->worse = row->dir == RR_DIR_LOWER ? row->change : -row->change;
}

int cmp_vs_baseline(const struct run_results *r, const struct rr_result *res,
		    const struct rr_metric *m, struct cmp_row *row)
{
	const char *base = rr_baseline(r);
	if (!base || !strcmp(base, res->scheduler))
		return -1;
	const struct rr_result *rb = rr_find_group(r, base, res->workload, res->kernel, res->topology);
	if (!rb || strcmp(rb->status, "ok"))
		return -1;
	const struct rr_metric *mb = rr_metric_find(rb, m->name);
	if (!mb || !mb->n || !m->n)
		return -1;
	memset(row, 0, sizeof(*row));
	row->scheduler = res->scheduler;
	row->workload = res->workload;
	row->kernel = res->kernel;
	row->topology = res->topology;
	row->metric = m->name;
	row->unit = m->unit;
	/* a display mark per metric, from the repeats as samples (a family
	 * and pairing belong to compare, which gates) */
	cmp_metric(mb, m, CMP_ALPHA, row);
	return 0;
}

/* ---- pairing rows of two runs (see compare.h) ---------------------------- */

static void count_tags(const struct run_results *r, size_t *nk, size_t *nt)
{
	struct rr_group g[RR_MAX_GROUPS];
	size_t ng = rr_groups(r, g, RR_MAX_GROUPS);
	*nk = *nt = 0;
	for (size_t i = 0; i < ng; i++) {
		int dk = !*g[i].kernel, dt = !*g[i].topology;
		for (size_t j = 0; j < i; j++) {
			dk |= !strcmp(g[j].kernel, g[i].kernel);
			dt |= !strcmp(g[j].topology, g[i].topology);
		}
		*nk += !dk;
		*nt += !dt;
	}
}

/* Tag a of document A against tag b of document B, which hold na and nb
 * distinct values of that tag. */
static int tag_match(const char *a, const char *b, size_t na, size_t nb)
{
	if (*a && *b)
		return !strcmp(a, b);
	if (!*a && !*b)
		return 1;
	return *a ? na == 1 : nb == 1;
}

/* Do a row tagged (ka, ta) of side x and one tagged (kb, tb) of the other
 * side pair? x: 0 base, 1 cand. */
static int same_group(const struct comparison *c, int x, const char *ka, const char *ta, const char *kb,
		      const char *tb)
{
	return tag_match(ka, kb, c->nkernels[x], c->nkernels[!x]) &&
	       tag_match(ta, tb, c->ntopologies[x], c->ntopologies[!x]);
}

/* The scheduler row a side's rows are taken from: one named row of the
 * run (compare_rows), or, for two runs, every row (NULL). */
static const char *side_row(const struct comparison *c, int x)
{
	return x ? c->cand_row : c->base_row;
}

/* Is row sched of side x part of the comparison? */
static int on_side(const struct comparison *c, int x, const char *sched)
{
	return !side_row(c, x) || !strcmp(side_row(c, x), sched);
}

/* The scheduler on side !x that pairs with scheduler sched of side x. */
static const char *partner(const struct comparison *c, int x, const char *sched)
{
	return side_row(c, !x) ? side_row(c, !x) : sched;
}

/* The row of run y (side !x) that pairs with row rx of side x, or NULL. */
static const struct rr_result *pair_of(const struct comparison *c, int x, const struct run_results *y,
				       const struct rr_result *rx)
{
	const char *want = partner(c, x, rx->scheduler);
	for (size_t i = 0; i < y->nresults; i++) {
		const struct rr_result *ry = &y->results[i];
		if (!strcmp(ry->scheduler, want) && !strcmp(ry->workload, rx->workload) &&
		    same_group(c, x, rx->kernel, rx->topology, ry->kernel, ry->topology))
			return ry;
	}
	return NULL;
}

static void set_group(struct cmp_row *row, const struct rr_result *a, const struct rr_result *b)
{
	const struct rr_result *t = a && (*a->kernel || *a->topology) ? a : b ? b : a;
	row->kernel = t ? t->kernel : "";
	row->topology = t ? t->topology : "";
}

static int push_row(struct comparison *c, size_t *cap, struct cmp_row **out)
{
	if (c->nrows == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct cmp_row *n = realloc(c->rows, nc * sizeof(*n));
		if (!n)
			return -1;
		c->rows = n;
		*cap = nc;
	}
	*out = &c->rows[c->nrows++];
	memset(*out, 0, sizeof(**out));
	(*out)->p = (*out)->change = (*out)->ci_lo = (*out)->ci_hi = NAN;
	(*out)->base_median = (*out)->cand_median = NAN;
	return 0;
}

static void mismatch(struct comparison *c, const char *what, const char *a, const char *b)
{
	if (c->nmismatch >= sizeof(c->mismatch) / sizeof(c->mismatch[0]))
		return;
	rep_snprintf(c->mismatch[c->nmismatch++], sizeof(c->mismatch[0]), "%s: %s vs %s", what, a, b);
}

static void check_mismatches(struct comparison *c)
{
	const struct run_results *a = c->base, *b = c->cand;
	char x[64], y[64];
	if (strcmp(a->kernel, b->kernel))
		mismatch(c, "kernel", a->kernel, b->kernel);
	if (a->cpus != b->cpus) {
		rep_snprintf(x, sizeof(x), "%d", a->cpus);
		rep_snprintf(y, sizeof(y), "%d", b->cpus);
		mismatch(c, "cpus", x, y);
	}
	if (*a->hostname && *b->hostname && strcmp(a->hostname, b->hostname))
		mismatch(c, "machine", a->hostname, b->hostname);
	const char *va = a->vm_accel ? a->vm_accel : "bare metal";
	const char *vb = b->vm_accel ? b->vm_accel : "bare metal";
	if (strcmp(va, vb))
		mismatch(c, "vm", va, vb);
	static const char *const keys[] = { "duration_s", "repeat", NULL };
	for (int i = 0; keys[i]; i++) {
		json_t *pa = a->run_params ? json_object_get(a->run_params, keys[i]) : NULL;
		json_t *pb = b->run_params ? json_object_get(b->run_params, keys[i]) : NULL;
		if (pa && pb && !json_equal(pa, pb)) {
			char *sa = json_dumps(pa, JSON_ENCODE_ANY | JSON_COMPACT);
			char *sb = json_dumps(pb, JSON_ENCODE_ANY | JSON_COMPACT);
			char what[64];
			rep_snprintf(what, sizeof(what), "params.%s", keys[i]);
			mismatch(c, what, sa ? sa : "?", sb ? sb : "?");
			free(sa);
			free(sb);
		}
	}
	/* per-row workload parameters */
	for (size_t i = 0; i < a->nresults; i++) {
		const struct rr_result *ra = &a->results[i];
		const struct rr_result *rb = pair_of(c, 0, b, ra);
		if (!rb || !ra->params || !rb->params || json_equal((json_t *)ra->params, (json_t *)rb->params))
			continue;
		char what[300], g[300];
		rep_snprintf(what, sizeof(what), "%s/%s%s params", ra->scheduler, ra->workload,
			     rep_at_group(g, sizeof(g), c->grouped, ra->kernel, ra->topology));
		char *sa = json_dumps(ra->params, JSON_COMPACT | JSON_SORT_KEYS);
		char *sb = json_dumps(rb->params, JSON_COMPACT | JSON_SORT_KEYS);
		mismatch(c, what, sa ? sa : "?", sb ? sb : "?");
		free(sa);
		free(sb);
	}
}

/* Status rows (a workload that failed) always gate; a metric row only when
 * it is a headline metric, metric gating is meaningful (rows of one run)
 * and the regression is at least the gate's size. */
static void gate(struct comparison *c, struct cmp_row *r)
{
	r->gated = 0;
	if (r->verdict != CMP_REGRESSED)
		return;
	if (!r->metric)
		r->gated = 1;
	else if (r->headline && c->metric_gate && (c->fail_pct < 0 || r->worse * 100.0 >= c->fail_pct))
		r->gated = 1;
}

/* Holm within each family, then the verdicts and the gate. A document
 * without headline marks puts every metric in the gated family. */
static void judge_families(struct comparison *c)
{
	int any_headline = 0;
	for (size_t i = 0; i < c->nrows; i++)
		any_headline |= c->rows[i].metric && c->rows[i].headline;
	double *p = malloc((c->nrows ? c->nrows : 1) * sizeof(double));
	double *adj = malloc((c->nrows ? c->nrows : 1) * sizeof(double));
	if (!p || !adj)
		goto out;
	for (int fam = 0; fam < 2; fam++) {
		size_t m = 0;
		for (size_t i = 0; i < c->nrows; i++) {
			struct cmp_row *r = &c->rows[i];
			int in = r->metric && !isnan(r->p) && (r->nb || r->nc) &&
				 (any_headline ? r->headline : 1) == !fam;
			if (in && !any_headline)
				r->headline = 1;
			p[i] = in ? r->p : NAN;
			m += in;
		}
		c->family[fam] = m;
		stats_holm(p, c->nrows, adj);
		for (size_t i = 0; i < c->nrows; i++) {
			if (isnan(p[i]))
				continue;
			cmp_decide(&c->rows[i], adj[i], m, CMP_ALPHA);
			gate(c, &c->rows[i]);
		}
	}
out:
	free(p);
	free(adj);
}

static int compare_core(struct comparison *c);

int compare_runs(const struct run_results *base, const struct run_results *cand, double fail_pct,
		 struct comparison *c)
{
	memset(c, 0, sizeof(*c));
	c->base = base;
	c->cand = cand;
	c->fail_pct = fail_pct;
	/* repeats of one run cannot see the run-to-run variance */
	c->metric_gate = 0;
	return compare_core(c);
}

int compare_rows(const struct run_results *r, const char *base_row, const char *cand_row, double fail_pct,
		 struct comparison *c)
{
	memset(c, 0, sizeof(*c));
	c->base = c->cand = r;
	c->fail_pct = fail_pct;
	c->base_row = base_row;
	c->cand_row = cand_row;
	c->metric_gate = 1;
	if (!rr_sched_find(r, base_row) || !rr_sched_find(r, cand_row))
		return -2;
	return compare_core(c);
}

static int compare_core(struct comparison *c)
{
	const struct run_results *base = c->base, *cand = c->cand;
	size_t cap = 0;
	c->grouped = rr_grouped(base) || rr_grouped(cand);
	count_tags(base, &c->nkernels[0], &c->ntopologies[0]);
	count_tags(cand, &c->nkernels[1], &c->ntopologies[1]);
	if (!c->base_row)
		check_mismatches(c);

	/* rows in base order, then rows only in cand */
	for (int pass = 0; pass < 2; pass++) {
		const struct run_results *x = pass ? cand : base, *y = pass ? base : cand;
		for (size_t i = 0; i < x->nresults; i++) {
			const struct rr_result *rx = &x->results[i];
			if (!on_side(c, pass, rx->scheduler))
				continue;
			const struct rr_result *ry = pair_of(c, pass, y, rx);
			if (pass && ry)
				continue; /* already handled in pass 0 */
			const struct rr_result *rb = pass ? ry : rx, *rc = pass ? rx : ry;
			struct cmp_row *row;
			if (!rb || !rc) {
				if (push_row(c, &cap, &row))
					return -1;
				row->scheduler = rx->scheduler;
				row->workload = rx->workload;
				set_group(row, rx, NULL);
				row->verdict = rb ? CMP_ONLY_BASE : CMP_ONLY_CAND;
				rep_snprintf(row->note, sizeof(row->note), "workload row present in %s only",
					 rb ? "base" : "cand");
				continue;
			}
			int bok = !strcmp(rb->status, "ok"), cok = !strcmp(rc->status, "ok");
			if (!bok || !cok) {
				if (push_row(c, &cap, &row))
					return -1;
				row->scheduler = rb->scheduler;
				row->workload = rb->workload;
				set_group(row, rb, rc);
				if (bok && results_status_bad(rc->status)) {
					row->verdict = CMP_REGRESSED;
					row->worse = INFINITY;
				} else if (!bok && results_status_bad(rb->status) && cok) {
					row->verdict = CMP_IMPROVED;
				} else {
					row->verdict = CMP_SKIPPED;
				}
				rep_snprintf(row->note, sizeof(row->note), "status %s -> %s%s%s", rb->status,
					 rc->status, *rc->reason ? ": " : "", *rc->reason ? rc->reason : rb->reason);
				gate(c, row);
				if (!bok || !cok)
					continue;
			}
			for (size_t k = 0; k < rb->nmetrics; k++) {
				const struct rr_metric *mb = &rb->metrics[k];
				const struct rr_metric *mc = rr_metric_find(rc, mb->name);
				if (push_row(c, &cap, &row))
					return -1;
				row->scheduler = rb->scheduler;
				row->workload = rb->workload;
				set_group(row, rb, rc);
				row->metric = mb->name;
				row->unit = mb->unit;
				row->dir = mb->dir;
				if (!mc) {
					row->verdict = CMP_ONLY_BASE;
					rep_snprintf(row->note, sizeof(row->note), "metric missing in cand");
					continue;
				}
				if (c->base_row)
					cmp_metric_paired(mb, mc, CMP_ALPHA, row);
				else
					cmp_metric(mb, mc, CMP_ALPHA, row);
				row->headline = mb->headline || mc->headline;
				if (mb->s.noisy || mc->s.noisy)
					rep_snprintf(row->note, sizeof(row->note), "noisy: CV %.0f%% / %.0f%%",
						     mb->s.cv * 100, mc->s.cv * 100);
			}
			for (size_t k = 0; k < rc->nmetrics; k++) {
				if (rr_metric_find(rb, rc->metrics[k].name))
					continue;
				if (push_row(c, &cap, &row))
					return -1;
				row->scheduler = rc->scheduler;
				row->workload = rc->workload;
				set_group(row, rb, rc);
				row->metric = rc->metrics[k].name;
				row->unit = rc->metrics[k].unit;
				row->dir = rc->metrics[k].dir;
				row->verdict = CMP_ONLY_CAND;
				rep_snprintf(row->note, sizeof(row->note), "metric new in cand");
			}
		}
	}

	/* probes: pass -> fail is a regression */
	size_t pcap = base->nprobes + cand->nprobes + 1;
	c->probes = calloc(pcap, sizeof(*c->probes));
	if (!c->probes)
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		const struct run_results *x = pass ? cand : base, *y = pass ? base : cand;
		for (size_t i = 0; i < x->nprobes; i++) {
			const struct rr_probe *px = &x->probes[i], *py = NULL;
			if (!on_side(c, pass, px->scheduler))
				continue;
			for (size_t j = 0; j < y->nprobes; j++)
				if (!strcmp(y->probes[j].scheduler, partner(c, pass, px->scheduler)) &&
				    !strcmp(y->probes[j].probe, px->probe) &&
				    same_group(c, pass, px->kernel, px->topology, y->probes[j].kernel,
					       y->probes[j].topology))
					py = &y->probes[j];
			if (pass && py)
				continue;
			const struct rr_probe *pb = pass ? py : px, *pc = pass ? px : py;
			struct cmp_probe_row *pr = &c->probes[c->nprobes++];
			pr->scheduler = px->scheduler;
			pr->probe = px->probe;
			pr->kernel = px->kernel;
			pr->topology = px->topology;
			if (py && !*px->kernel && !*px->topology) {
				pr->kernel = py->kernel;
				pr->topology = py->topology;
			}
			pr->base_status = pb ? pb->status : NULL;
			pr->cand_status = pc ? pc->status : NULL;
			pr->reason = pc ? pc->reason : "";
			if (!pb)
				pr->verdict = CMP_ONLY_CAND;
			else if (!pc)
				pr->verdict = CMP_ONLY_BASE;
			else if (!strcmp(pb->status, "pass") && !strcmp(pc->status, "fail"))
				pr->verdict = CMP_REGRESSED;
			else if (!strcmp(pb->status, "fail") && !strcmp(pc->status, "pass"))
				pr->verdict = CMP_IMPROVED;
			else
				pr->verdict = CMP_SAME;
			/* a probe that fails in cand and did not exist in base is also gated */
			if (pr->verdict == CMP_REGRESSED ||
			    (pr->verdict == CMP_ONLY_CAND && !strcmp(pc->status, "fail")))
				pr->gated = 1;
		}
	}

	judge_families(c);
	for (size_t i = 0; i < c->nrows; i++) {
		switch (c->rows[i].verdict) {
		case CMP_UNDECIDED: c->undecided++; break;
		case CMP_IMPROVED: c->improved++; break;
		case CMP_REGRESSED: c->regressed++; break;
		case CMP_CHANGED: c->changed++; break;
		case CMP_SAME: c->same++; break;
		default: break;
		}
		c->gated += c->rows[i].gated;
	}
	for (size_t i = 0; i < c->nprobes; i++) {
		if (c->probes[i].verdict == CMP_REGRESSED)
			c->regressed++;
		if (c->probes[i].verdict == CMP_IMPROVED)
			c->improved++;
		c->gated += c->probes[i].gated;
	}
	return 0;
}

void comparison_free(struct comparison *c)
{
	free(c->rows);
	free(c->probes);
	c->rows = NULL;
	c->probes = NULL;
}

/* ---- output -------------------------------------------------------------- */

static const char *row_name(char *buf, size_t len, const struct comparison *c, const struct cmp_row *r)
{
	char g[300];
	rep_snprintf(buf, len, "%s/%s%s%s%s", r->scheduler, r->workload, r->metric ? "/" : "",
		     r->metric ? r->metric : "", rep_at_group(g, sizeof(g), c->grouped, r->kernel, r->topology));
	return buf;
}

static const char *probe_name(char *buf, size_t len, const struct comparison *c,
			      const struct cmp_probe_row *pr)
{
	char g[300];
	rep_snprintf(buf, len, "probe %s/%s%s", pr->scheduler, pr->probe,
		     rep_at_group(g, sizeof(g), c->grouped, pr->kernel, pr->topology));
	return buf;
}

static void summary_line(FILE *f, const struct comparison *c, const char *prefix)
{
	fprintf(f, "%s%zu improved, %zu regressed, %zu same", prefix, c->improved, c->regressed, c->same);
	if (c->changed)
		fprintf(f, ", %zu changed (direction-less)", c->changed);
	if (c->undecided)
		fprintf(f, ", %zu undecided (too few repeats to decide)", c->undecided);
	if (c->fail_pct >= 0)
		fprintf(f, "; %zu beyond the gate (%.4g%%)", c->gated, c->fail_pct);
	fputc('\n', f);
}

/* What was compared and how, in words (text and Markdown). */
static void method_lines(FILE *f, const struct comparison *c, const char *pre)
{
	if (c->base_row)
		fprintf(f, "%srows '%s' (base) and '%s' (cand) of one run, paired by round: Wilcoxon signed-rank on "
			   "the per-round log-ratios, Holm-adjusted within the %zu headline metric(s) (gated) and "
			   "the %zu others (shown)\n", pre, c->base_row, c->cand_row, c->family[0], c->family[1]);
	else
		fprintf(f, "%stwo runs: Mann-Whitney U per metric, Holm-adjusted within the %zu headline metric(s) "
			   "and the %zu others; NOT GATED on metrics: repeats inside one run cannot see the variance "
			   "between runs (boots, machines). To gate, measure both builds as rows of one run: "
			   "scxbench run --sched-obj base=OLD.bpf.o --sched-obj cand=NEW.bpf.o ... then scxbench "
			   "compare RUN --base-row base --cand-row cand\n", pre, c->family[0], c->family[1]);
}

void compare_print_text(FILE *f, const struct comparison *c)
{
	char a[32], b[32], ch[32], lo[32], hi[32], p[32], name[512];
	if (c->base_row) {
		fprintf(f, "compare: run %s (%s, %s)\n", c->base->path, c->base->kernel, c->base->started);
	} else {
		fprintf(f, "compare: base %s (%s, %s)\n", c->base->path, c->base->kernel, c->base->started);
		fprintf(f, "         cand %s (%s, %s)\n", c->cand->path, c->cand->kernel, c->cand->started);
	}
	method_lines(f, c, "method: ");
	for (size_t i = 0; i < c->nmismatch; i++)
		fprintf(f, "WARNING: runs differ: %s\n", c->mismatch[i]);
	if (c->base->warning[0])
		fprintf(f, "warning: %s\n", c->base->warning);
	if (c->cand->warning[0])
		fprintf(f, "warning: %s\n", c->cand->warning);
	fprintf(f, "%-40s %12s %12s %9s %20s %8s  %s\n", "scheduler/workload/metric", "base", "cand",
		"change", "95% CI of change", "p (Holm)", "verdict");
	for (size_t i = 0; i < c->nrows; i++) {
		const struct cmp_row *r = &c->rows[i];
		char ci[80];
		if (isnan(r->ci_lo))
			rep_snprintf(ci, sizeof(ci), "-");
		else
			rep_snprintf(ci, sizeof(ci), "[%s, %s]", rep_fmt_pct(lo, sizeof(lo), r->ci_lo),
				 rep_fmt_pct(hi, sizeof(hi), r->ci_hi));
		fprintf(f, "%-40s %12s %12s %9s %20s %8s  %s%s%s%s\n", row_name(name, sizeof(name), c, r),
			r->metric ? rep_fmt_num(a, sizeof(a), r->base_median) : "-",
			r->metric ? rep_fmt_num(b, sizeof(b), r->cand_median) : "-",
			r->metric ? rep_fmt_pct(ch, sizeof(ch), r->change) : "-", ci,
			rep_fmt_p(p, sizeof(p), r->p_adj), cmp_verdict_name(r->verdict),
			r->gated && c->fail_pct >= 0 ? " [GATE]" : r->headline && r->metric ? " [headline]" : "",
			r->note[0] ? "  # " : "", r->note);
	}
	for (size_t i = 0; i < c->nprobes; i++) {
		const struct cmp_probe_row *pr = &c->probes[i];
		char pn[600];
		probe_name(pn, sizeof(pn), c, pr);
		fprintf(f, "%-40s %12s %12s %9s %20s %8s  %s%s%s%s\n", pn,
			pr->base_status ? pr->base_status : "-", pr->cand_status ? pr->cand_status : "-",
			"", "", "", cmp_verdict_name(pr->verdict),
			pr->gated && c->fail_pct >= 0 ? " [GATE]" : "", *pr->reason ? "  # " : "", pr->reason);
	}
	summary_line(f, c, "summary: ");
}

static const char *md_mark(enum cmp_verdict v)
{
	switch (v) {
	case CMP_IMPROVED: return "✅ improved";
	case CMP_REGRESSED: return "❌ **regressed**";
	case CMP_CHANGED: return "⚠️ changed";
	case CMP_SAME: return "same";
	default: return cmp_verdict_name(v);
	}
}

void compare_print_md(FILE *f, const struct comparison *c)
{
	char a[32], b[32], ch[32], lo[32], hi[32], p[32];
	fprintf(f, "## scxbench compare\n\n");
	if (c->base_row) {
		fprintf(f, "- run: `%s` — kernel `%s`, started %s\n", c->base->path, c->base->kernel, c->base->started);
	} else {
		fprintf(f, "- base: `%s` — kernel `%s`, started %s\n", c->base->path, c->base->kernel, c->base->started);
		fprintf(f, "- cand: `%s` — kernel `%s`, started %s\n", c->cand->path, c->cand->kernel, c->cand->started);
	}
	method_lines(f, c, "- method: ");
	fprintf(f, "- ");
	summary_line(f, c, "");
	if (c->nmismatch) {
		fprintf(f, "\n> ⚠️ **The runs differ** — compare ratios with care:\n");
		for (size_t i = 0; i < c->nmismatch; i++) {
			fprintf(f, "> - ");
			rep_md_cell(f, c->mismatch[i]);
			fputc('\n', f);
		}
	}
	fprintf(f, "\nA change is claimed only when its p, adjusted with Holm's method within its family, is "
		   "below 0.05, its 95%% CI excludes zero and it is at least 1%%%s; *undecided* means the "
		   "repeats are too few for any outcome to reach that. Only headline metrics are gated.\n\n",
		c->base_row ? "" : " and beyond 2x the larger CV");
	char g[300];
	fprintf(f, "| %sscheduler | workload | metric | base | cand | change | 95%% CI | p (Holm) | verdict | note |\n",
		c->grouped ? "kernel/topology | " : "");
	fprintf(f, "|%s---|---|---|--:|--:|--:|---|--:|---|---|\n", c->grouped ? "---|" : "");
	for (size_t i = 0; i < c->nrows; i++) {
		const struct cmp_row *r = &c->rows[i];
		fputs("| ", f);
		if (c->grouped) {
			rep_md_cell(f, rr_group_label(g, sizeof(g), r->kernel, r->topology));
			fputs(" | ", f);
		}
		rep_md_cell(f, r->scheduler);
		fputs(" | ", f);
		rep_md_cell(f, r->workload);
		fprintf(f, " | %s | %s | %s | %s | ", r->metric ? r->metric : "(status)",
			r->metric ? rep_fmt_num(a, sizeof(a), r->base_median) : "",
			r->metric ? rep_fmt_num(b, sizeof(b), r->cand_median) : "",
			r->metric ? rep_fmt_pct(ch, sizeof(ch), r->change) : "");
		if (!isnan(r->ci_lo))
			fprintf(f, "%s … %s", rep_fmt_pct(lo, sizeof(lo), r->ci_lo), rep_fmt_pct(hi, sizeof(hi), r->ci_hi));
		fprintf(f, " | %s | %s%s | ", rep_fmt_p(p, sizeof(p), r->p_adj), md_mark(r->verdict),
			r->gated && c->fail_pct >= 0 ? " (gate)" : r->headline && r->metric ? " (headline)" : "");
		rep_md_cell(f, r->note);
		fputs(" |\n", f);
	}
	if (c->nprobes) {
		fprintf(f, "\n| %sscheduler | probe | base | cand | verdict |\n|%s---|---|---|---|---|\n",
			c->grouped ? "kernel/topology | " : "", c->grouped ? "---|" : "");
		for (size_t i = 0; i < c->nprobes; i++) {
			const struct cmp_probe_row *pr = &c->probes[i];
			if (c->grouped)
				fprintf(f, "| %s ", rr_group_label(g, sizeof(g), pr->kernel, pr->topology));
			fprintf(f, "| %s | %s | %s | %s | %s |\n", pr->scheduler, pr->probe,
				pr->base_status ? pr->base_status : "—", pr->cand_status ? pr->cand_status : "—",
				md_mark(pr->verdict));
		}
	}
}

void compare_print_tap(FILE *f, const struct comparison *c)
{
	char buf[64], name[512];
	fprintf(f, "TAP version 13\n");
	fprintf(f, "1..%zu\n", c->nrows + c->nprobes);
	if (c->base_row)
		fprintf(f, "# compare rows %s vs %s of %s\n", c->base_row, c->cand_row, c->base->path);
	else
		fprintf(f, "# compare base %s vs cand %s\n", c->base->path, c->cand->path);
	fprintf(f, "# ");
	method_lines(f, c, "");
	for (size_t i = 0; i < c->nmismatch; i++)
		fprintf(f, "# WARNING: runs differ: %s\n", c->mismatch[i]);
	size_t n = 0;
	for (size_t i = 0; i < c->nrows; i++) {
		const struct cmp_row *r = &c->rows[i];
		fprintf(f, "%sok %zu - %s: %s", r->gated ? "not " : "", ++n, row_name(name, sizeof(name), c, r),
			cmp_verdict_name(r->verdict));
		if (r->metric && !isnan(r->change))
			fprintf(f, " (%s)", rep_fmt_pct(buf, sizeof(buf), r->change));
		if (r->verdict == CMP_SKIPPED)
			fprintf(f, " # SKIP %s", r->note);
		else if (r->verdict == CMP_UNDECIDED)
			fprintf(f, " # SKIP too few repeats to decide (smallest p %.3g)", r->min_p);
		fputc('\n', f);
		fprintf(f, "  ---\n");
		rep_yaml_kv(f, "verdict", cmp_verdict_name(r->verdict));
		if (c->grouped) {
			rep_yaml_kv(f, "kernel", r->kernel);
			rep_yaml_kv(f, "topology", r->topology);
		}
		if (r->metric) {
			rep_yaml_kv(f, "unit", r->unit);
			rep_yaml_kv(f, "dir", rr_dir_name(r->dir));
			rep_yaml_kv_num(f, "base_median", r->base_median);
			rep_yaml_kv_num(f, "cand_median", r->cand_median);
			rep_yaml_kv_num(f, "change_pct", r->change * 100);
			rep_yaml_kv_num(f, "ci_lo_pct", r->ci_lo * 100);
			rep_yaml_kv_num(f, "ci_hi_pct", r->ci_hi * 100);
			rep_yaml_kv_num(f, "p", r->p);
			rep_yaml_kv_num(f, "p_holm", r->p_adj);
			fprintf(f, "  headline: %s\n  paired: %s\n", r->headline ? "true" : "false",
				r->paired ? "true" : "false");
			rep_yaml_kv_num(f, "cv_base", r->cv_base);
			rep_yaml_kv_num(f, "cv_cand", r->cv_cand);
			rep_yaml_kv_num(f, "n_base", (double)r->nb);
			rep_yaml_kv_num(f, "n_cand", (double)r->nc);
		}
		if (r->note[0])
			rep_yaml_kv(f, "note", r->note);
		fprintf(f, "  ...\n");
	}
	for (size_t i = 0; i < c->nprobes; i++) {
		const struct cmp_probe_row *pr = &c->probes[i];
		fprintf(f, "%sok %zu - %s: %s\n", pr->gated ? "not " : "", ++n,
			probe_name(name, sizeof(name), c, pr), cmp_verdict_name(pr->verdict));
		fprintf(f, "  ---\n");
		if (c->grouped) {
			rep_yaml_kv(f, "kernel", pr->kernel);
			rep_yaml_kv(f, "topology", pr->topology);
		}
		rep_yaml_kv(f, "base", pr->base_status ? pr->base_status : "absent");
		rep_yaml_kv(f, "cand", pr->cand_status ? pr->cand_status : "absent");
		if (*pr->reason)
			rep_yaml_kv(f, "reason", pr->reason);
		fprintf(f, "  ...\n");
	}
	fprintf(f, "# ");
	summary_line(f, c, "");
}
