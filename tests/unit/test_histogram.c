// SPDX-License-Identifier: GPL-2.0-only
/* Host unit tests for the log-linear histogram (workloads/histogram.c).
 *
 * Why: every latency the suite reports goes through this code, so its
 * documented bound (HIST_REL_ERROR) is checked against exact nearest-rank
 * percentiles of known distributions drawn from a fixed-seed generator, and
 * merging, JSON round trips and the edge values 0, 1 and UINT64_MAX are
 * checked explicitly.
 */
#include "tests/unit/tap.h"
#include "workloads/histogram.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rng_next(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double rng_unit(void) /* [0, 1) */
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* exact nearest-rank percentile of sorted v */
static uint64_t exact_pct(const uint64_t *v, size_t n, double pct)
{
	if (pct <= 0)
		return v[0];
	double r = ceil(pct / 100.0 * (double)n);
	size_t rank = r < 1 ? 1 : (r > (double)n ? n : (size_t)r);
	return v[rank - 1];
}

static const double pcts[] = { 0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100 };

static void check_distribution(const char *name, uint64_t *v, size_t n)
{
	struct histogram *h = malloc(sizeof(*h));
	hist_init(h);
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		hist_add(h, v[i]);
		sum += (double)v[i];
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	is_int(h->count, n, "%s: count", name);
	is_int(h->min, v[0], "%s: min exact", name);
	is_int(h->max, v[n - 1], "%s: max exact", name);
	is_near(hist_mean(h), sum / n, 1e-6 * sum / n, "%s: mean exact", name);
	double worst = 0;
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		uint64_t want = exact_pct(v, n, pcts[i]), got = hist_percentile(h, pcts[i]);
		double rel = want ? fabs((double)got - (double)want) / (double)want
				  : (double)got;
		if (rel > worst)
			worst = rel;
		ok(rel <= HIST_REL_ERROR, "%s: p%g = %" PRIu64 " vs exact %" PRIu64
		   " (rel err %.5f <= %.5f)", name, pcts[i], got, want, rel, HIST_REL_ERROR);
	}
	printf("# %s: worst relative error %.5f\n", name, worst);
	free(h);
}

static void test_bucket_layout(void)
{
	int bad = 0;
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		uint64_t lo = hist_bucket_low(i), hi = hist_bucket_high(i);
		if (hi < lo || hist_bucket_of(lo) != i || hist_bucket_of(hi) != i)
			bad++;
		if (i + 1 < HIST_BUCKETS && hist_bucket_low(i + 1) != hi + 1)
			bad++;
		if (lo >= HIST_SUB_COUNT && (double)(hi - lo + 1) / (double)lo > HIST_REL_ERROR)
			bad++;
	}
	is_int(bad, 0, "buckets tile [0, UINT64_MAX] contiguously, each within the bound");
	is_int(hist_bucket_low(0), 0, "first bucket starts at 0");
	is_int(hist_bucket_high(HIST_BUCKETS - 1) == UINT64_MAX, 1, "last bucket ends at UINT64_MAX");
	int exact = 1;
	for (uint64_t v = 0; v < 2 * HIST_SUB_COUNT; v++)
		exact &= hist_bucket_low(hist_bucket_of(v)) == v;
	ok(exact, "values below %u are exact", 2 * HIST_SUB_COUNT);
}

static void test_distributions(void)
{
	size_t n = 200000;
	uint64_t *v = malloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++) /* uniform 1 us .. 10 ms in ns */
		v[i] = 1000 + rng_next() % 9999000;
	check_distribution("uniform", v, n);
	for (size_t i = 0; i < n; i++) /* exponential, mean 50 us */
		v[i] = (uint64_t)(-50000.0 * log(1.0 - rng_unit()));
	check_distribution("exponential", v, n);
	for (size_t i = 0; i < n; i++) /* heavy tail spanning many decades */
		v[i] = (uint64_t)exp(rng_unit() * 40.0);
	check_distribution("log-uniform", v, n);
	for (size_t i = 0; i < n; i++) /* small integers: exact region */
		v[i] = rng_next() % 200;
	check_distribution("small", v, n);
	free(v);
}

static void test_edges(void)
{
	struct histogram *h = malloc(sizeof(*h));
	hist_init(h);
	is_int(hist_percentile(h, 50), 0, "empty: percentile is 0");
	is_near(hist_mean(h), 0, 0, "empty: mean is 0");
	hist_add(h, 0);
	is_int(hist_percentile(h, 50), 0, "single 0: p50 = 0");
	is_int(hist_percentile(h, 100), 0, "single 0: max = 0");
	hist_add(h, 1);
	hist_add(h, UINT64_MAX);
	is_int(h->min, 0, "min 0");
	ok(h->max == UINT64_MAX, "max UINT64_MAX");
	ok(hist_percentile(h, 100) == UINT64_MAX, "p100 = UINT64_MAX");
	is_int(hist_percentile(h, 50), 1, "p50 of {0,1,MAX} = 1");
	is_int(hist_percentile(h, 0), 0, "p0 = min");
	is_int(hist_bucket_of(UINT64_MAX), HIST_BUCKETS - 1, "UINT64_MAX in last bucket");
	uint64_t top = hist_percentile(h, 99.9);
	ok(top >= hist_bucket_low(HIST_BUCKETS - 1), "p99.9 in the top bucket");

	json_t *j = hist_to_json(h);
	struct histogram *g = malloc(sizeof(*g));
	char err[256] = "";
	is_int(hist_from_json(j, g, err, sizeof(err)), 0, "edges: JSON round trip parses (%s)", err);
	ok(g->max == UINT64_MAX && g->min == 0 && g->count == 3, "edges: min/max/count survive");
	ok(!memcmp(g->buckets, h->buckets, sizeof(h->buckets)), "edges: buckets survive");
	char *s = json_dumps(j, JSON_COMPACT);
	ok(s && strstr(s, "\"18446744073709551615\""), "UINT64_MAX written as a decimal string");
	free(s);
	json_decref(j);
	free(g);
	free(h);
}

static void test_merge_and_json(void)
{
	struct histogram *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b)),
			 *all = malloc(sizeof(*all)), *m = malloc(sizeof(*m));
	hist_init(a);
	hist_init(b);
	hist_init(all);
	hist_init(m);
	for (int i = 0; i < 50000; i++) {
		uint64_t x = rng_next() % 1000000, y = 500000 + rng_next() % 5000000;
		hist_add(a, x);
		hist_add(all, x);
		hist_add(b, y);
		hist_add(all, y);
	}
	hist_merge(m, a); /* into empty */
	hist_merge(m, b);
	is_int(m->count, all->count, "merge: count adds");
	ok(m->min == all->min && m->max == all->max, "merge: min/max");
	ok(!memcmp(m->buckets, all->buckets, sizeof(m->buckets)), "merge: buckets equal single histogram");
	is_int(hist_percentile(m, 99), hist_percentile(all, 99), "merge: p99 equal");
	struct histogram *e = malloc(sizeof(*e));
	hist_init(e);
	hist_merge(m, e);
	is_int(m->count, all->count, "merge: empty source changes nothing");

	json_t *j = hist_to_json(m);
	char *txt = json_dumps(j, JSON_COMPACT);
	json_error_t je;
	json_t *back = json_loads(txt, 0, &je);
	char err[256] = "";
	is_int(hist_from_json(back, e, err, sizeof(err)), 0, "JSON round trip via text (%s)", err);
	ok(e->count == m->count && e->min == m->min && e->max == m->max, "round trip: count/min/max");
	is_near(e->sum, m->sum, 1e-9 * m->sum, "round trip: sum");
	ok(!memcmp(e->buckets, m->buckets, sizeof(m->buckets)), "round trip: buckets");
	for (double p = 1; p <= 100; p += 7.3)
		if (hist_percentile(e, p) != hist_percentile(m, p))
			ok(0, "round trip: p%g differs", p);
	ok(1, "round trip: percentiles identical");
	free(txt);
	json_decref(j);
	json_decref(back);

	/* malformed input: clear error, no crash */
	static const char *bad[] = {
		"[]",
		"{\"count\":1,\"min\":0,\"max\":0,\"sum\":0}",
		"{\"count\":2,\"min\":0,\"max\":5,\"sum\":5,\"buckets\":[[5,1]]}",
		"{\"count\":1,\"min\":0,\"max\":5,\"sum\":5,\"buckets\":[[257,1]]}",
		"{\"count\":1,\"min\":0,\"max\":5,\"sum\":5,\"buckets\":[[5]]}",
		"{\"count\":-1,\"min\":0,\"max\":5,\"sum\":5,\"buckets\":[]}",
		"{\"count\":1,\"min\":\"x\",\"max\":5,\"sum\":5,\"buckets\":[[5,1]]}",
		"{\"count\":1,\"min\":0,\"max\":5,\"sum\":5,\"sub_bits\":5,\"buckets\":[[5,1]]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *x = json_loads(bad[i], 0, &je);
		err[0] = 0;
		int rc = hist_from_json(x, e, err, sizeof(err));
		ok(rc == -1 && err[0], "malformed %zu rejected: %s", i, err);
		json_decref(x);
	}
	free(a);
	free(b);
	free(all);
	free(m);
	free(e);
}

int main(void)
{
	test_bucket_layout();
	test_distributions();
	test_edges();
	test_merge_and_json();
	return done_testing();
}
