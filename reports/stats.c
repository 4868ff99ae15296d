// SPDX-License-Identifier: GPL-2.0-only
/* Statistics for repeated benchmark measurements.
 *
 * Why this file exists: every report (summaries in results.json, compare,
 * recommend, Markdown/HTML) must agree on how a handful of repeats becomes a
 * number and a verdict. Benchmark repeats are few (3..10) and not normally
 * distributed, so the suite leans on robust and non-parametric tools: the
 * median with a percentile-bootstrap CI, and the Mann-Whitney U test (exact
 * for small samples without ties, normal approximation otherwise). The
 * bootstrap generator is a fixed-seed splitmix64 so the same data always
 * yields the same report.
 */
#include "reports/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double stats_mean(const double *v, size_t n)
{
	if (!n)
		return NAN;
	/* Kahan summation: values can span many orders of magnitude */
	double s = 0, c = 0;
	for (size_t i = 0; i < n; i++) {
		double y = v[i] - c, t = s + y;
		c = (t - s) - y;
		s = t;
	}
	return s / (double)n;
}

double stats_stddev(const double *v, size_t n)
{
	if (n < 2)
		return 0.0;
	double m = stats_mean(v, n), ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - m) * (v[i] - m);
	return sqrt(ss / (double)(n - 1));
}

/* Sorted copy on the stack for small n, heap otherwise; NULL on OOM. */
static double *sorted_copy(const double *v, size_t n, double *stackbuf, size_t stackn)
{
	double *s = n <= stackn ? stackbuf : malloc(n * sizeof(*s));
	if (!s)
		return NULL;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return s;
}

/* Hyndman-Fan type 7 (numpy/R default) on sorted data. */
static double quantile_sorted(const double *s, size_t n, double q)
{
	if (q <= 0)
		return s[0];
	if (q >= 1)
		return s[n - 1];
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return s[n - 1];
	double f = h - (double)lo;
	return s[lo] + f * (s[lo + 1] - s[lo]);
}

double stats_quantile(const double *v, size_t n, double q)
{
	if (!n || isnan(q))
		return NAN;
	double buf[64];
	double *s = sorted_copy(v, n, buf, 64);
	if (!s)
		return NAN;
	double r = quantile_sorted(s, n, q);
	if (s != buf)
		free(s);
	return r;
}

double stats_median(const double *v, size_t n)
{
	return stats_quantile(v, n, 0.5);
}

/* Rates (ops/s) average harmonically; defined only for positive values. */
double stats_harmonic_mean(const double *v, size_t n)
{
	if (!n)
		return NAN;
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] > 0))
			return NAN;
		s += 1.0 / v[i];
	}
	return (double)n / s;
}

/* Ratios average geometrically; defined only for positive values. */
double stats_geomean(const double *v, size_t n)
{
	if (!n)
		return NAN;
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] > 0))
			return NAN;
		s += log(v[i]);
	}
	return exp(s / (double)n);
}

/* Jain's fairness index: (sum x)^2 / (n * sum x^2), 1 = perfectly fair,
 * 1/n = one consumer got everything. All-zero input is treated as fair. */
double stats_jain(const double *x, size_t n)
{
	if (!n)
		return NAN;
	double s = 0, s2 = 0;
	for (size_t i = 0; i < n; i++) {
		s += x[i];
		s2 += x[i] * x[i];
	}
	if (s2 == 0)
		return 1.0;
	return s * s / ((double)n * s2);
}

uint64_t stats_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform index in [0, n) without modulo bias worth caring about for the
 * tiny n here (multiply-shift on the top 32 bits). */
static size_t rand_index(uint64_t *st, size_t n)
{
	return (size_t)(((stats_rand_next(st) >> 32) * (uint64_t)n) >> 32);
}

void stats_bootstrap_ci(const double *v, size_t n,
			double (*stat)(const double *, size_t),
			int iters, uint64_t seed, double level,
			double *lo, double *hi)
{
	if (!n) {
		*lo = *hi = NAN;
		return;
	}
	double point = stat(v, n);
	if (n < 2 || iters < 2 || !(level > 0 && level < 1)) {
		*lo = *hi = point;
		return;
	}
	double *res = malloc((size_t)iters * sizeof(*res));
	double *smp = malloc(n * sizeof(*smp));
	if (!res || !smp) {
		free(res);
		free(smp);
		*lo = *hi = point;
		return;
	}
	uint64_t st = seed;
	for (int i = 0; i < iters; i++) {
		for (size_t j = 0; j < n; j++)
			smp[j] = v[rand_index(&st, n)];
		res[i] = stat(smp, n);
	}
	qsort(res, (size_t)iters, sizeof(*res), cmp_double);
	double a = (1.0 - level) / 2.0;
	*lo = quantile_sorted(res, (size_t)iters, a);
	*hi = quantile_sorted(res, (size_t)iters, 1.0 - a);
	free(res);
	free(smp);
}

void stats_bootstrap_change_ci(const double *base, size_t nb,
			       const double *cand, size_t nc,
			       int iters, uint64_t seed, double level,
			       double *lo, double *hi)
{
	*lo = *hi = NAN;
	if (!nb || !nc)
		return;
	double mb = stats_median(base, nb), mc = stats_median(cand, nc);
	double point = mb != 0 ? mc / mb - 1.0 : NAN;
	if ((nb < 2 && nc < 2) || iters < 2 || !(level > 0 && level < 1)) {
		*lo = *hi = point;
		return;
	}
	double *res = malloc((size_t)iters * sizeof(*res));
	double *sb = malloc(nb * sizeof(*sb)), *sc = malloc(nc * sizeof(*sc));
	if (!res || !sb || !sc) {
		free(res);
		free(sb);
		free(sc);
		*lo = *hi = point;
		return;
	}
	uint64_t st = seed;
	int k = 0;
	for (int i = 0; i < iters; i++) {
		for (size_t j = 0; j < nb; j++)
			sb[j] = base[rand_index(&st, nb)];
		for (size_t j = 0; j < nc; j++)
			sc[j] = cand[rand_index(&st, nc)];
		double b = stats_median(sb, nb);
		if (b == 0)
			continue;
		res[k++] = stats_median(sc, nc) / b - 1.0;
	}
	if (k >= 2) {
		qsort(res, (size_t)k, sizeof(*res), cmp_double);
		double a = (1.0 - level) / 2.0;
		*lo = quantile_sorted(res, (size_t)k, a);
		*hi = quantile_sorted(res, (size_t)k, 1.0 - a);
	} else {
		*lo = *hi = point;
	}
	free(res);
	free(sb);
	free(sc);
}

void stats_summarize(const double *v, size_t n, struct summary *s)
{
	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n) {
		s->mean = s->stddev = s->cv = s->median = s->min = s->max = NAN;
		s->ci_lo = s->ci_hi = NAN;
		return;
	}
	s->mean = stats_mean(v, n);
	s->stddev = stats_stddev(v, n);
	s->cv = s->mean != 0 ? s->stddev / fabs(s->mean) : 0.0;
	s->median = stats_median(v, n);
	s->min = s->max = v[0];
	for (size_t i = 1; i < n; i++) {
		if (v[i] < s->min)
			s->min = v[i];
		if (v[i] > s->max)
			s->max = v[i];
	}
	stats_bootstrap_ci(v, n, stats_median, STATS_BOOTSTRAP_ITERS,
			   STATS_BOOTSTRAP_SEED, 0.95, &s->ci_lo, &s->ci_hi);
	s->noisy = s->cv > STATS_CV_FLAG;
}

/* ---- Mann-Whitney U ---------------------------------------------------- */

/* Largest na+nb for which the exact null distribution is computed; the
 * counts are at most C(n, n/2) which doubles hold exactly enough up to here
 * and the O(na*nb*na*nb) table stays small. */
#define MWU_EXACT_MAX 50

/* P(U <= u) under H0 with sizes m, n and no ties: counts c[m][n][u] of
 * rank arrangements via c(m,n,u) = c(m-1,n,u-n) + c(m,n-1,u). Computed with
 * a rolling table over n for each m. Returns NAN on OOM. */
static double mwu_exact_cdf(size_t m, size_t n, double u)
{
	size_t umax = m * n;
	/* tab[i][j][k] flattened: i in 0..m, j in 0..n, k in 0..umax */
	size_t w = umax + 1;
	double *tab = calloc((m + 1) * (n + 1) * w, sizeof(double));
	if (!tab)
		return NAN;
#define T(i, j, k) tab[((i) * (n + 1) + (j)) * w + (k)]
	for (size_t i = 0; i <= m; i++)
		for (size_t j = 0; j <= n; j++) {
			if (i == 0 || j == 0) {
				T(i, j, 0) = 1;
				continue;
			}
			for (size_t k = 0; k <= i * j; k++) {
				double a = k >= j ? T(i - 1, j, k - j) : 0;
				double b = T(i, j - 1, k);
				T(i, j, k) = a + b;
			}
		}
	double total = 0, below = 0;
	for (size_t k = 0; k <= umax; k++) {
		total += T(m, n, k);
		if ((double)k <= u + 1e-9)
			below += T(m, n, k);
	}
#undef T
	free(tab);
	return below / total;
}

double stats_mwu_min_p(size_t na, size_t nb)
{
	if (!na || !nb)
		return 1.0;
	/* 2 / C(na+nb, na) */
	double lc = lgamma((double)(na + nb + 1)) - lgamma((double)(na + 1)) -
		    lgamma((double)(nb + 1));
	double p = 2.0 * exp(-lc);
	return p > 1 ? 1 : p;
}

struct ranked {
	double v;
	int grp;
};

static int cmp_ranked(const void *a, const void *b)
{
	return cmp_double(&((const struct ranked *)a)->v, &((const struct ranked *)b)->v);
}

int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       struct mwu *out)
{
	memset(out, 0, sizeof(*out));
	out->p = 1.0;
	if (!na || !nb)
		return -1;
	size_t n = na + nb;
	struct ranked *r = malloc(n * sizeof(*r));
	if (!r)
		return -1;
	for (size_t i = 0; i < na; i++)
		r[i] = (struct ranked){ a[i], 0 };
	for (size_t i = 0; i < nb; i++)
		r[na + i] = (struct ranked){ b[i], 1 };
	qsort(r, n, sizeof(*r), cmp_ranked);

	/* mid-ranks for ties; accumulate tie term sum(t^3 - t) */
	double ra = 0, tie = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && r[j + 1].v == r[i].v)
			j++;
		double rank = ((double)i + (double)j) / 2.0 + 1.0;
		double t = (double)(j - i + 1);
		tie += t * t * t - t;
		for (size_t k = i; k <= j; k++)
			if (r[k].grp == 0)
				ra += rank;
		i = j + 1;
	}
	free(r);

	double dna = (double)na, dnb = (double)nb, dn = (double)n;
	double u = ra - dna * (dna + 1.0) / 2.0;
	double mu = dna * dnb / 2.0;
	double var = dna * dnb / 12.0 * ((dn + 1.0) - tie / (dn * (dn - 1.0)));
	out->u = u;

	if (var > 0) {
		double d = fabs(u - mu) - 0.5; /* continuity correction */
		if (d < 0)
			d = 0;
		double z = d / sqrt(var);
		out->z = u < mu ? -z : z;
	}

	if (tie == 0 && n <= MWU_EXACT_MAX) {
		double lo = mwu_exact_cdf(na, nb, u);            /* P(U <= u) */
		double hi = mwu_exact_cdf(na, nb, dna * dnb - u); /* P(U >= u) by symmetry */
		if (!isnan(lo) && !isnan(hi)) {
			double p = 2.0 * (lo < hi ? lo : hi);
			out->p = p > 1.0 ? 1.0 : p;
			out->exact = 1;
			return 0;
		}
	}
	if (var <= 0) {
		out->p = 1.0; /* every value tied: no evidence of a difference */
		return 0;
	}
	double p = erfc(fabs(out->z) / M_SQRT2);
	out->p = p > 1.0 ? 1.0 : p;
	return 0;
}

/* ---- paired: Wilcoxon signed-rank, Hodges-Lehmann, Holm --------------------- */

double stats_wsr_min_p(size_t n)
{
	return n >= 1 ? fmin(1.0, 2.0 * ldexp(1.0, -(int)(n > 1000 ? 1000 : n))) : 1.0;
}

struct absd {
	double a;
	int pos;
};

static int cmp_absd(const void *x, const void *y)
{
	return cmp_double(&((const struct absd *)x)->a, &((const struct absd *)y)->a);
}

/* counts[s] = number of sign assignments with W+ = s, for ranks 1..n */
static double *wsr_counts(size_t n)
{
	size_t max = n * (n + 1) / 2;
	double *c = calloc(max + 1, sizeof(*c));
	if (!c)
		return NULL;
	c[0] = 1;
	for (size_t k = 1; k <= n; k++)
		for (size_t s = k * (k + 1) / 2; s >= k; s--)
			c[s] += c[s - k];
	return c;
}

int stats_wilcoxon_signed_rank(const double *d, size_t n, double level, struct wsr *out)
{
	memset(out, 0, sizeof(*out));
	out->p = 1.0;
	out->hl = out->lo = out->hi = NAN;
	struct absd *a = malloc((n ? n : 1) * sizeof(*a));
	if (!a)
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (d[i] != 0 && !isnan(d[i]))
			a[m++] = (struct absd){ fabs(d[i]), d[i] > 0 };
	qsort(a, m, sizeof(*a), cmp_absd);
	double wplus = 0, tie = 0;
	int ties = 0;
	for (size_t i = 0; i < m;) {
		size_t j = i;
		while (j + 1 < m && a[j + 1].a == a[i].a)
			j++;
		double rank = ((double)i + (double)j) / 2.0 + 1.0, t = (double)(j - i + 1);
		tie += t * t * t - t;
		ties |= j > i;
		for (size_t k = i; k <= j; k++)
			if (a[k].pos)
				wplus += rank;
		i = j + 1;
	}
	free(a);
	out->n = m;
	out->w_plus = wplus;
	double total = (double)m * (double)(m + 1) / 2.0;
	double *cnt = NULL;
	if (m > 0 && m <= 40 && !ties && (cnt = wsr_counts(m))) {
		/* two-sided: twice the smaller tail, capped at 1 */
		double all = ldexp(1.0, (int)m), lo = 0, hi = 0;
		for (size_t s = 0; s <= (size_t)total; s++) {
			if ((double)s <= wplus)
				lo += cnt[s];
			if ((double)s >= wplus)
				hi += cnt[s];
		}
		out->p = fmin(1.0, 2.0 * fmin(lo, hi) / all);
		out->exact = 1;
	} else if (m > 0) {
		double mean = total / 2.0;
		double var = (double)m * (double)(m + 1) * (double)(2 * m + 1) / 24.0 - tie / 48.0;
		double cc = wplus > mean ? -0.5 : wplus < mean ? 0.5 : 0; /* continuity */
		double z = var > 0 ? (wplus - mean + cc) / sqrt(var) : 0;
		out->p = fmin(1.0, erfc(fabs(z) / sqrt(2.0)));
	}

	/* Hodges-Lehmann and its CI from the Walsh averages (all n values,
	 * zeros included: the estimate is of the centre of d) */
	size_t nw = n * (n + 1) / 2;
	double *w = n ? malloc(nw * sizeof(*w)) : NULL;
	if (w) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i; j < n; j++)
				w[k++] = (d[i] + d[j]) / 2.0;
		qsort(w, nw, sizeof(*w), cmp_double);
		out->hl = stats_quantile(w, nw, 0.5);
		if (n >= 2) {
			/* k_lo = the largest c with P(W+ <= c) <= (1-level)/2 under
			 * the null for n pairs: the CI is [w(c+1), w(nw-c)] */
			double alpha2 = (1.0 - level) / 2.0;
			size_t c = 0;
			double *cn = n <= 40 ? wsr_counts(n) : NULL;
			if (cn) {
				double all = ldexp(1.0, (int)n), acc = 0;
				for (size_t s = 0; s < nw; s++) {
					acc += cn[s];
					if (acc / all > alpha2)
						break;
					c = s + 1;
				}
				free(cn);
			} else {
				/* large n: normal approximation of the same order
				 * statistic (1.96: the reports ask for 95%) */
				double mean = (double)nw / 2.0;
				double sd = sqrt((double)n * (double)(n + 1) * (double)(2 * n + 1) / 24.0);
				double cc = floor(mean - 1.959963984540054 * sd);
				c = cc > 0 ? (size_t)cc : 0;
			}
			if (c >= 1 && c <= nw / 2) {
				/* the c-th smallest and c-th largest Walsh averages */
				out->lo = w[c - 1];
				out->hi = w[nw - c];
			} else {
				/* too few pairs for this level: the whole range */
				out->lo = w[0];
				out->hi = w[nw - 1];
			}
		}
		free(w);
	}
	free(cnt);
	return 0;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *x, const void *y)
{
	return cmp_double(&((const struct pidx *)x)->p, &((const struct pidx *)y)->p);
}

void stats_holm(const double *p, size_t n, double *adj)
{
	struct pidx *v = malloc((n ? n : 1) * sizeof(*v));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		adj[i] = p[i];
		if (v && !isnan(p[i]))
			v[m++] = (struct pidx){ p[i], i };
	}
	if (!v)
		return;
	qsort(v, m, sizeof(*v), cmp_pidx);
	double run = 0;
	for (size_t k = 0; k < m; k++) {
		double a = fmin(1.0, (double)(m - k) * v[k].p);
		run = fmax(run, a); /* step-down: adjusted p never decreases */
		adj[v[k].i] = run;
	}
	free(v);
}
