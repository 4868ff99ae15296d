// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for reports/stats.c against known values.
 *
 * Why: every verdict the suite prints rests on these few functions. The
 * reference values come from textbook definitions worked by hand, the
 * published splitmix64 sequence, the SciPy documentation's Mann-Whitney
 * example (males/females: U=17, exact p=1/9, asymptotic p=0.111346886533),
 * and an independent Python re-implementation (full enumeration of rank
 * arrangements for exact p; the same splitmix64 resampling for bootstraps).
 */
#include "reports/stats.h"
#include "tests/unit/tap.h"

#include <math.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_basic(void)
{
	double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	is_near(stats_mean(v, N(v)), 5.0, 1e-12, "mean");
	is_near(stats_stddev(v, N(v)), 2.138089935299395, 1e-12, "sample stddev (n-1)");
	is_near(stats_stddev(v, 1), 0.0, 0, "stddev of one value is 0");
	is_near(stats_median(v, N(v)), 4.5, 1e-12, "median of even count");
	double odd[] = { 9, 1, 5 };
	is_near(stats_median(odd, 3), 5.0, 0, "median of odd count (unsorted input)");
	double q[] = { 1, 2, 3, 4 };
	is_near(stats_quantile(q, 4, 0.25), 1.75, 1e-12, "quantile type 7, q=0.25");
	is_near(stats_quantile(q, 4, 0.9), 3.7, 1e-12, "quantile type 7, q=0.9");
	is_near(stats_quantile(q, 4, 0.0), 1.0, 0, "quantile q=0 is min");
	is_near(stats_quantile(q, 4, 1.0), 4.0, 0, "quantile q=1 is max");
	ok(isnan(stats_median(q, 0)), "median of nothing is NaN");
	is_near(stats_harmonic_mean(v, N(v)), 4.201750729470613, 1e-12, "harmonic mean");
	double hm[] = { 40, 60 };
	is_near(stats_harmonic_mean(hm, 2), 48.0, 1e-12, "harmonic mean of 40,60 is 48 (average speed)");
	ok(isnan(stats_harmonic_mean((double[]){ 1, 0 }, 2)), "harmonic mean undefined with 0");
	is_near(stats_geomean(v, N(v)), 4.603215596046737, 1e-12, "geometric mean");
	is_near(stats_geomean((double[]){ 2, 8 }, 2), 4.0, 1e-12, "geomean(2,8) = 4");
	ok(isnan(stats_geomean((double[]){ 2, -1 }, 2)), "geomean undefined with negative");
	is_near(stats_jain((double[]){ 1, 2, 3, 4 }, 4), 0.8333333333333334, 1e-12, "Jain 1..4");
	is_near(stats_jain((double[]){ 5, 5, 5 }, 3), 1.0, 1e-12, "Jain equal shares = 1");
	is_near(stats_jain((double[]){ 9, 0, 0 }, 3), 1.0 / 3, 1e-12, "Jain one-takes-all = 1/n");
}

static void test_rand(void)
{
	uint64_t st = 0;
	ok(stats_rand_next(&st) == 0xe220a8397b1dcdafull, "splitmix64 seed 0 #1");
	ok(stats_rand_next(&st) == 0x6e789e6aa1b965f4ull, "splitmix64 seed 0 #2");
	ok(stats_rand_next(&st) == 0x06c45d188009454full, "splitmix64 seed 0 #3");
}

static void test_bootstrap(void)
{
	double lo, hi;
	double a[] = { 10, 12, 11, 15, 13, 14, 9 };
	stats_bootstrap_ci(a, N(a), stats_median, 2000, STATS_BOOTSTRAP_SEED, 0.95, &lo, &hi);
	is_near(lo, 10.0, 1e-12, "bootstrap median CI lo (python reference)");
	is_near(hi, 14.0, 1e-12, "bootstrap median CI hi (python reference)");
	double b[] = { 10.3, 12.7, 11.1, 15.9, 13.2, 14.4 };
	stats_bootstrap_ci(b, N(b), stats_median, 2000, STATS_BOOTSTRAP_SEED, 0.95, &lo, &hi);
	is_near(lo, 10.7, 1e-9, "bootstrap CI, even n, lo");
	is_near(hi, 15.15, 1e-9, "bootstrap CI, even n, hi");
	stats_bootstrap_ci(b, N(b), stats_median, 1000, 42, 0.90, &lo, &hi);
	is_near(lo, 11.1, 1e-9, "bootstrap CI seed 42, 90%%, lo");
	is_near(hi, 14.55, 1e-9, "bootstrap CI seed 42, 90%%, hi");
	double c[] = { 100.0, 101.5, 99.2 };
	stats_bootstrap_ci(c, 3, stats_median, 2000, STATS_BOOTSTRAP_SEED, 0.95, &lo, &hi);
	ok(lo == 99.2 && hi == 101.5, "bootstrap CI n=3 spans min..max");
	stats_bootstrap_ci(c, 1, stats_median, 2000, STATS_BOOTSTRAP_SEED, 0.95, &lo, &hi);
	ok(lo == 100.0 && hi == 100.0, "bootstrap CI of one value is the value");

	double base[] = { 10, 11, 12, 10.5, 11.5 }, cand[] = { 12, 13.2, 14.4, 12.6, 13.8 };
	stats_bootstrap_change_ci(base, 5, cand, 5, 2000, STATS_BOOTSTRAP_SEED, 0.95, &lo, &hi);
	is_near(lo, 0.05, 1e-12, "bootstrap change CI lo (python reference)");
	is_near(hi, 0.37142857142857144, 1e-12, "bootstrap change CI hi (python reference)");
}

static void test_summary(void)
{
	struct summary s;
	double v[] = { 100, 102, 98, 101, 99 };
	stats_summarize(v, 5, &s);
	is_int(s.n, 5, "summary n");
	is_near(s.mean, 100, 1e-12, "summary mean");
	is_near(s.median, 100, 1e-12, "summary median");
	is_near(s.stddev, 1.5811388300841898, 1e-12, "summary stddev");
	is_near(s.cv, 0.015811388300841898, 1e-12, "summary cv");
	ok(s.min == 98 && s.max == 102, "summary min/max");
	ok(s.ci_lo <= s.median && s.median <= s.ci_hi, "CI contains the median");
	ok(s.ci_lo >= s.min && s.ci_hi <= s.max, "CI within the data range");
	ok(!s.noisy, "cv 1.6%% is not noisy");
	double w[] = { 50, 100, 150 };
	stats_summarize(w, 3, &s);
	ok(s.noisy, "cv 50%% is noisy");
	stats_summarize(w, 0, &s);
	ok(s.n == 0 && isnan(s.median), "empty summary is NaN, not a crash");
	struct summary s2;
	stats_summarize(v, 5, &s);
	stats_summarize(v, 5, &s2);
	ok(s.ci_lo == s2.ci_lo && s.ci_hi == s2.ci_hi, "bootstrap is reproducible");
}

static void test_mwu(void)
{
	struct mwu r;
	/* SciPy docs example: exact two-sided p = 1/9 */
	double males[] = { 19, 22, 16, 29, 24 }, females[] = { 20, 11, 17, 12 };
	is_int(stats_mann_whitney(males, 5, females, 4, &r), 0, "mwu returns 0");
	is_near(r.u, 17, 0, "U of sample a = 17 (SciPy docs)");
	is_near(r.p, 1.0 / 9, 1e-12, "exact p = 0.1111 (SciPy docs)");
	ok(r.exact, "small untied samples use the exact distribution");
	stats_mann_whitney(females, 4, males, 5, &r);
	is_near(r.u, 3, 0, "U of the other sample = na*nb - 17");
	is_near(r.p, 1.0 / 9, 1e-12, "p symmetric in argument order");

	double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	stats_mann_whitney(a, 3, b, 3, &r);
	ok(r.u == 0 && fabs(r.p - 0.1) < 1e-12, "3 vs 3 complete separation: p = 0.1");
	is_near(stats_mwu_min_p(3, 3), 0.1, 1e-12, "min achievable p 3v3 = 2/20");
	is_near(stats_mwu_min_p(5, 5), 2.0 / 252, 1e-12, "min achievable p 5v5 = 2/252");

	double c[] = { 12.1, 11.8, 12.5, 12.0, 11.9 }, d[] = { 14.2, 14.9, 14.5, 14.4, 15.1 };
	stats_mann_whitney(c, 5, d, 5, &r);
	is_near(r.p, 0.007936507936507936, 1e-12, "5 vs 5 separation: p = 2/252");
	ok(r.z < 0, "z negative when a is smaller");

	/* ties -> normal approximation with tie and continuity corrections */
	double e[] = { 1.1, 2.2, 2.2, 3.3, 4.4, 4.4, 5.5 }, f[] = { 2.2, 4.4, 6.6, 6.6, 7.7, 8.8 };
	stats_mann_whitney(e, 7, f, 6, &r);
	ok(!r.exact, "ties force the normal approximation");
	is_near(r.u, 7, 1e-12, "U with mid-ranks");
	is_near(fabs(r.z), 1.9528650984016618, 1e-9, "z with tie + continuity correction");
	is_near(r.p, 0.050835582280956346, 1e-9, "asymptotic p with ties");

	/* 12 vs 10 exact (python enumeration of C(22,12) arrangements) */
	double g[] = { 11.288, 11.449, 10.066, 9.235, 8.908, 10.031,
		       8.978, 8.563, 10.199, 10.133, 10.546, 9.086 };
	double h[] = { 11.005, 10.935, 9.494, 11.538, 11.321, 13.389, 11.203, 10.855, 12.233, 11.199 };
	stats_mann_whitney(g, 12, h, 10, &r);
	is_near(r.u, 18, 0, "U 12 vs 10");
	is_near(r.p, 0.004429007524982757, 1e-12, "exact p 12 vs 10");

	double same[] = { 5, 5, 5 };
	stats_mann_whitney(same, 3, same, 3, &r);
	is_near(r.p, 1.0, 0, "all values tied: p = 1");
	ok(stats_mann_whitney(a, 0, b, 3, &r) != 0, "empty sample is an error, not a crash");

	/* large samples (n > exact limit) take the normal approximation */
	double big_a[40], big_b[40];
	for (int i = 0; i < 40; i++) {
		big_a[i] = i;
		big_b[i] = i + 0.5;
	}
	stats_mann_whitney(big_a, 40, big_b, 40, &r);
	ok(!r.exact && r.p > 0.5, "large overlapping samples: normal approx, large p");
}

static void test_paired(void)
{
	/* all six differences positive: W+ = 21, exact two-sided p = 2/2^6 */
	double d[] = { 1, 2, 3, 4, 5, 6 };
	struct wsr w;
	stats_wilcoxon_signed_rank(d, 6, 0.95, &w);
	is_near(w.w_plus, 21, 0, "signed-rank W+ of 1..6");
	is_near(w.p, 2.0 / 64, 1e-12, "exact p = 1/32");
	ok(w.exact, "exact distribution used");
	is_near(w.hl, 3.5, 1e-12, "Hodges-Lehmann of 1..6 = 3.5");
	ok(w.lo > 0 && w.hi <= 6 && w.lo <= w.hl && w.hl <= w.hi, "CI [%g, %g] brackets the estimate, excludes 0",
	   w.lo, w.hi);
	is_near(stats_wsr_min_p(5), 0.0625, 1e-12, "5 pairs: smallest p 0.0625");
	/* symmetric around 0: W+ at its mean, p = 1 */
	double s0[] = { -3, -1, 1, 3, -2, 2 };
	stats_wilcoxon_signed_rank(s0, 6, 0.95, &w);
	is_near(w.p, 1.0, 1e-12, "symmetric differences: p = 1");
	is_near(w.hl, 0, 1e-12, "and estimate 0");
	/* zeros are dropped from the test (Wilcoxon), not the estimate */
	double z[] = { 0, 0, 1, 2 };
	stats_wilcoxon_signed_rank(z, 4, 0.95, &w);
	is_int((long long)w.n, 2, "two non-zero differences tested");
	/* ties in |d|: normal approximation */
	double t[] = { 1, 1, 1, -1, 2, 2, 2, 2, 3, 3 };
	stats_wilcoxon_signed_rank(t, 10, 0.95, &w);
	ok(!w.exact && w.p > 0 && w.p < 0.05, "ties: normal approximation, p %.4f", w.p);
	/* Holm: sorted p 0.01 0.03 0.04 -> 0.03 0.06 0.06 (step-down, monotone) */
	double p[] = { 0.04, 0.01, 0.03, NAN }, adj[4];
	stats_holm(p, 4, adj);
	is_near(adj[1], 0.03, 1e-12, "Holm: smallest p x 3");
	is_near(adj[2], 0.06, 1e-12, "second x 2");
	is_near(adj[0], 0.06, 1e-12, "third x 1, but never below the one before");
	ok(isnan(adj[3]), "NaN stays out of the family");
}

int main(void)
{
	test_paired();
	test_basic();
	test_rand();
	test_bootstrap();
	test_summary();
	test_mwu();
	return done_testing();
}
