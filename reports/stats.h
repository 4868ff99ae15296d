/* SPDX-License-Identifier: GPL-2.0-only */
/* Statistics for repeated measurements.
 *
 * Summaries keep what the comparison code needs: robust centre (median),
 * spread (stddev, CV) and a bootstrap 95% CI of the median. Bootstraps use
 * a fixed-seed generator so reports are reproducible from the same data.
 */
#ifndef SCXB_STATS_H
#define SCXB_STATS_H

#include <stddef.h>
#include <stdint.h>

#define STATS_CV_FLAG 0.10       /* CV above this is flagged "noisy" */
#define STATS_BOOTSTRAP_ITERS 2000
#define STATS_BOOTSTRAP_SEED 0x5c8b3e7du

struct summary {
	size_t n;
	double mean, stddev, cv, median, min, max;
	double ci_lo, ci_hi; /* bootstrap 95% CI of the median (== median when n < 2) */
	int noisy;           /* cv > STATS_CV_FLAG */
};

double stats_mean(const double *v, size_t n);
double stats_stddev(const double *v, size_t n);   /* sample stddev (n-1) */
double stats_median(const double *v, size_t n);
double stats_quantile(const double *v, size_t n, double q); /* q in [0,1], linear interp */
double stats_harmonic_mean(const double *v, size_t n);
double stats_geomean(const double *v, size_t n);
double stats_jain(const double *x, size_t n);      /* Jain's fairness index */
void stats_summarize(const double *v, size_t n, struct summary *s);

/* small deterministic PRNG (splitmix64) for bootstraps */
uint64_t stats_rand_next(uint64_t *state);

/* Percentile bootstrap CI of stat() at level (e.g. 0.95). */
void stats_bootstrap_ci(const double *v, size_t n,
			double (*stat)(const double *, size_t),
			int iters, uint64_t seed, double level,
			double *lo, double *hi);

/* Mann-Whitney U test, two-sided, normal approximation with tie correction
 * (exact distribution for small samples without ties). */
struct mwu {
	double u;  /* U statistic of sample a */
	double z;
	double p;  /* two-sided p-value */
	int exact; /* 1: p from the exact null distribution (added by reports) */
};
int stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		       struct mwu *out);

/* Additions used by reports/compare (additive to the agreed interface). */

/* Smallest two-sided p the exact Mann-Whitney test can reach with these
 * sample sizes: 2 / C(na+nb, na). With 3 vs 3 repeats it is 0.10, so such
 * runs can never be "significant at 0.05" by the test alone. */
double stats_mwu_min_p(size_t na, size_t nb);

/* Percentile bootstrap CI of the relative change median(cand)/median(base)-1,
 * resampling both samples independently (fixed seed, reproducible). */
void stats_bootstrap_change_ci(const double *base, size_t nb,
			       const double *cand, size_t nc,
			       int iters, uint64_t seed, double level,
			       double *lo, double *hi);

/* Paired comparison (rows of one run, paired by round).
 *
 * Wilcoxon signed-rank test on the per-round differences d (usually
 * log(cand/base)), zeros dropped (Wilcoxon's convention), two-sided. Exact
 * null distribution when n <= 40 and no |d| ties, normal approximation with
 * tie correction otherwise. The estimate is the Hodges-Lehmann median of
 * the Walsh averages (d_i + d_j)/2, i <= j, and the CI the matching
 * distribution-free interval from their order statistics, so the CI
 * excludes 0 exactly when the test rejects at 1 - level (exact case). */
struct wsr {
	size_t n;      /* non-zero differences used */
	double w_plus; /* sum of ranks of positive differences */
	double p;      /* two-sided */
	int exact;
	double hl;     /* Hodges-Lehmann estimate of the centre of d */
	double lo, hi; /* its CI at the requested level (NaN when n < 2) */
};
int stats_wilcoxon_signed_rank(const double *d, size_t n, double level, struct wsr *out);
/* Smallest two-sided p the exact signed-rank test can reach with n pairs:
 * 2 / 2^n (n = 5: 0.0625, so at least 6 rounds are needed for p < 0.05). */
double stats_wsr_min_p(size_t n);
/* Holm's step-down adjustment of n p-values (family-wise error control
 * under any dependence). adj[i] is the adjusted p of p[i]; NaN stays NaN
 * and does not count in the family. */
void stats_holm(const double *p, size_t n, double *adj);

#endif
