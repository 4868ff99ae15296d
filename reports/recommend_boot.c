// SPDX-License-Identifier: GPL-2.0-only
/* Bootstrap of the recommendation (see recommend_boot.h and recommend.h). */
#include "reports/recommend_boot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/stats.h"

/* Oriented ratio (> 1 = better than base), clamped. Zero medians get an
 * offset of 1% of the larger one so "0 misses vs 3" is a large but finite
 * ratio. */
double rec_oriented_ratio(enum rr_dir dir, double base, double cand)
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

double rec_resolved_ratio(enum rr_dir dir, double base, double cand, double resolution)
{
	if (dir == RR_DIR_LOWER && resolution > 0) {
		base = fmax(base, resolution);
		cand = fmax(cand, resolution);
	}
	return rec_oriented_ratio(dir, base, cand);
}

/* One (row, metric) the scores use, as the bootstrap sees it. EEVDF's
 * metrics are shared by every candidate and appear once. */
struct series {
	const struct rr_result *row;
	const struct rr_metric *m;
	long *rounds;   /* repeat index of each value */
	size_t stream;  /* series of one stream share the drawn positions */
	enum rec_stat stat; /* what the evidence compares: median or mean */
	double med;     /* that statistic in the current replicate */
};

struct stream {
	size_t n, off; /* positions drawn per replicate, at draws[off] */
};

/* Repeat index of each of m's values: the "repeat" field of the ok repeats
 * that carry the metric, in order (values are stored in that order). When
 * that does not account for every value (hand-made input with metrics but
 * no repeats) the values are taken as repeats 0..n-1. */
static void rounds_of(const struct rr_result *row, const struct rr_metric *m, long *out)
{
	size_t k = 0, i;
	const json_t *rep;
	json_array_foreach(row->repeats, i, rep) {
		const char *st = json_string_value(json_object_get(rep, "status"));
		if (!st || strcmp(st, "ok"))
			continue;
		size_t j;
		const json_t *x;
		int has = 0;
		json_array_foreach(json_object_get(rep, "metrics"), j, x) {
			const char *name = json_string_value(json_object_get(x, "name"));
			if (name && !strcmp(name, m->name) && json_is_number(json_object_get(x, "value")))
				has = 1;
		}
		if (!has)
			continue;
		if (k == m->n) {
			k = m->n + 1; /* more repeats than values: do not trust the mapping */
			break;
		}
		const json_t *ix = json_object_get(rep, "repeat");
		out[k++] = json_is_integer(ix) ? (long)json_integer_value(ix) : (long)i;
	}
	if (k != m->n)
		for (k = 0; k < m->n; k++)
			out[k] = (long)k;
}

static size_t find_series(const struct series *s, size_t n, const struct rr_metric *m, enum rec_stat stat)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].m == m && s[i].stat == stat)
			return i;
	return n;
}

/* Can one draw of rounds serve every series? Only when all have the same
 * repeat indices, so that value k of every series is from the same round. */
static int same_rounds(const struct series *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (s[i].m->n != s[0].m->n || memcmp(s[i].rounds, s[0].rounds, s[0].m->n * sizeof(long)))
			return 0;
	return 1;
}

/* Streams: one for everything when paired; otherwise one per row (a row's
 * metrics come from the same repeats, so they stay together). */
static size_t assign_streams(struct series *s, size_t ns, int paired, struct stream *st)
{
	size_t nst = 0, off = 0;
	for (size_t i = 0; i < ns; i++) {
		size_t k = nst;
		for (size_t j = 0; j < i && k == nst; j++)
			if ((paired || s[j].row == s[i].row) && s[j].m->n == s[i].m->n)
				k = s[j].stream;
		if (k == nst) {
			st[nst].n = s[i].m->n;
			st[nst].off = off;
			off += s[i].m->n;
			nst++;
		}
		s[i].stream = k;
	}
	return nst;
}

/* Uniform index in [0, n) (multiply-shift on the top 32 bits). */
static size_t draw(uint64_t *state, size_t n)
{
	return (size_t)(((stats_rand_next(state) >> 32) * (uint64_t)n) >> 32);
}

/* Median of v at the drawn positions d. Rows have a handful of repeats, and
 * this runs (candidates x metrics x replicates) times per profile, so small
 * samples are insertion-sorted in place instead of going through qsort; the
 * interpolation is stats_median's, so drawing every position once gives the
 * point median exactly. */
static double drawn_median(const double *v, const size_t *d, size_t n, double *tmp)
{
	if (n > 32) {
		for (size_t j = 0; j < n; j++)
			tmp[j] = v[d[j]];
		return stats_median(tmp, n);
	}
	for (size_t j = 0; j < n; j++) {
		double x = v[d[j]];
		size_t k = j;
		for (; k > 0 && tmp[k - 1] > x; k--)
			tmp[k] = tmp[k - 1];
		tmp[k] = x;
	}
	size_t lo = (n - 1) / 2;
	return n % 2 ? tmp[lo] : tmp[lo] + 0.5 * (tmp[lo + 1] - tmp[lo]);
}

static double drawn_mean(const double *v, const size_t *d, size_t n)
{
	double sum = 0;
	for (size_t j = 0; j < n; j++)
		sum += v[d[j]];
	return sum / (double)n;
}

/* A candidate's score from the current replicate's statistics. */
static double replicate_score(const struct rec_candidate *c, const size_t *sb, const size_t *sc,
			      const struct series *s)
{
	double wsum = 0, lsum = 0;
	for (size_t e = 0; e < c->nev; e++) {
		double ratio = rec_resolved_ratio(c->ev[e].mb->dir, s[sb[e]].med, s[sc[e]].med, c->ev[e].resolution);
		if (isnan(ratio))
			continue;
		wsum += c->ev[e].weight;
		lsum += c->ev[e].weight * log(ratio);
	}
	return wsum > 0 ? exp(lsum / wsum) : NAN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* 95% percentile interval of the replicate scores that are numbers. */
static void percentile_ci(double *v, size_t n, double *lo, double *hi)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[k++] = v[i];
	qsort(v, k, sizeof(*v), cmp_double);
	*lo = k ? stats_quantile(v, k, 0.025) : NAN;
	*hi = k ? stats_quantile(v, k, 0.975) : NAN;
}

int rec_bootstrap(struct recommendation *rec, enum rec_resample how)
{
	const int B = REC_BOOT_REPLICATES;
	size_t nel = 0, nsmax = 0, nmax = 1;
	rec->baseline_p_best = 1.0;
	rec->replicates = 0;
	rec->paired = 0;
	for (size_t i = 0; i < rec->ncands; i++)
		if (rec->cands[i].eligible) {
			nel++;
			nsmax += 2 * rec->cands[i].nev;
		}
	if (!nel)
		return 0; /* EEVDF alone: best by definition */

	int rc = -1;
	struct series *s = calloc(nsmax, sizeof(*s));
	struct stream *st = calloc(nsmax, sizeof(*st));
	size_t *sb = calloc(nsmax, sizeof(*sb)), *sc = calloc(nsmax, sizeof(*sc));
	size_t *wins = calloc(nel + 1, sizeof(*wins));
	double *reps = calloc(nel * (size_t)B, sizeof(*reps));
	size_t ns = 0, ndraw = 0;
	size_t *draws = NULL;
	double *tmp = NULL;
	if (!s || !st || !sb || !sc || !wins || !reps)
		goto out;
	/* the series, and for evidence row e of eligible candidate j (in
	 * order) the index of its base and candidate series at sb/sc[k] */
	size_t k = 0;
	for (size_t i = 0; i < rec->ncands; i++) {
		const struct rec_candidate *c = &rec->cands[i];
		for (size_t e = 0; c->eligible && e < c->nev; e++, k++) {
			const struct rec_evidence *ev = &c->ev[e];
			for (int side = 0; side < 2; side++) {
				const struct rr_metric *m = side ? ev->mc : ev->mb;
				size_t at = find_series(s, ns, m, ev->stat);
				if (at == ns) {
					s[ns].row = side ? ev->rowc : ev->rowb;
					s[ns].m = m;
					s[ns].stat = ev->stat;
					if (!(s[ns].rounds = malloc(m->n * sizeof(long))))
						goto out;
					rounds_of(s[ns].row, m, s[ns].rounds);
					if (m->n > nmax)
						nmax = m->n;
					ns++;
				}
				(side ? sc : sb)[k] = at;
			}
		}
	}
	rec->paired = how == REC_RESAMPLE_AUTO && same_rounds(s, ns);
	size_t nst = assign_streams(s, ns, rec->paired, st);
	for (size_t i = 0; i < nst; i++)
		ndraw += st[i].n;
	draws = malloc(ndraw * sizeof(*draws));
	tmp = malloc(nmax * sizeof(*tmp));
	if (!draws || !tmp)
		goto out;

	uint64_t state = REC_BOOT_SEED;
	for (int b = 0; b < B; b++) {
		for (size_t i = 0; i < nst; i++)
			for (size_t j = 0; j < st[i].n; j++)
				draws[st[i].off + j] = draw(&state, st[i].n);
		for (size_t i = 0; i < ns; i++) {
			const size_t *d = draws + st[s[i].stream].off;
			s[i].med = s[i].stat == REC_STAT_MEAN ? drawn_mean(s[i].m->values, d, s[i].m->n)
							      : drawn_median(s[i].m->values, d, s[i].m->n, tmp);
		}
		/* EEVDF scores 1; a candidate must beat it strictly */
		size_t best = 0, j = 0, off = 0;
		double best_score = 1.0;
		for (size_t i = 0; i < rec->ncands; i++) {
			const struct rec_candidate *c = &rec->cands[i];
			if (!c->eligible)
				continue;
			double v = replicate_score(c, sb + off, sc + off, s);
			reps[j * (size_t)B + (size_t)b] = v;
			if (v > best_score) {
				best_score = v;
				best = j + 1;
			}
			off += c->nev;
			j++;
		}
		wins[best]++;
	}
	rec->replicates = B;
	rec->baseline_p_best = (double)wins[0] / B;
	size_t j = 0;
	for (size_t i = 0; i < rec->ncands; i++) {
		struct rec_candidate *c = &rec->cands[i];
		if (!c->eligible)
			continue;
		c->p_best = (double)wins[j + 1] / B;
		percentile_ci(reps + j * (size_t)B, (size_t)B, &c->ci_lo, &c->ci_hi);
		j++;
	}
	rc = 0;
out:
	for (size_t i = 0; s && i < ns; i++)
		free(s[i].rounds);
	free(s);
	free(st);
	free(sb);
	free(sc);
	free(wins);
	free(reps);
	free(draws);
	free(tmp);
	return rc;
}
