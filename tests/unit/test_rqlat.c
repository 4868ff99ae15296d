// SPDX-License-Identifier: GPL-2.0-only
/* Host unit tests for the run-queue latency tracer's pure parts
 * (bpf/scxb_rqlat.h, runner/rqlat.c).
 *
 * Why: the BPF program buckets latencies itself and user space copies the
 * counts into a struct histogram, so the two bucket functions must agree
 * exactly, the clamp above ~550 s must land in the last bucket, and the
 * summary must give the histogram's documented accuracy with percentiles
 * in order and a max consistent with the buckets. A last, optional check
 * loads the real tracer when this host allows it (root, BTF, BPF): it
 * skips otherwise, since host tests must not need a special kernel.
 */
#include "runner/cli.h"
#include "runner/rqlat.h"
#include "scxb_rqlat.h"
#include "tests/unit/tap.h"
#include "workloads/histogram.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t rng_state = 0x13198a2e03707344ull;

static uint64_t rng_next(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t exact_pct(const uint64_t *sorted, size_t n, double pct)
{
	double r = pct / 100.0 * (double)n;
	size_t rank = (size_t)r;
	if ((double)rank < r)
		rank++;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

static void test_buckets(void)
{
	int bad = 0;
	uint64_t first_bad = 0;
	for (uint64_t v = 0; v < 100000; v++)
		if (rqlat_bucket(v) != hist_bucket_of(v) && !bad++)
			first_bad = v;
	for (unsigned b = 1; b <= RQLAT_MAX_MSB; b++) {
		uint64_t p = 1ull << b;
		uint64_t vs[] = { p - 1, p, p + 1, p + p / 2, 2 * p - 1 };
		for (unsigned i = 0; i < 5; i++)
			if (vs[i] < (1ull << (RQLAT_MAX_MSB + 1)) && rqlat_bucket(vs[i]) != hist_bucket_of(vs[i]) &&
			    !bad++)
				first_bad = vs[i];
	}
	for (int i = 0; i < 200000; i++) {
		uint64_t v = rng_next() >> (64 - RQLAT_MAX_MSB - 1 + rng_next() % 30); /* below the clamp */
		if (rqlat_bucket(v) != hist_bucket_of(v) && !bad++)
			first_bad = v;
	}
	ok(!bad, "rqlat_bucket == hist_bucket_of for every value below the clamp tried (%d differ, first %" PRIu64 ")",
	   bad, first_bad);
	is_int(rqlat_bucket((1ull << (RQLAT_MAX_MSB + 1)) - 1), RQLAT_BUCKETS - 1,
	       "largest unclamped value lands in the last bucket");
	is_int(rqlat_bucket(1ull << (RQLAT_MAX_MSB + 1)), RQLAT_BUCKETS - 1, "2^%d ns is clamped into the last bucket",
	       RQLAT_MAX_MSB + 1);
	is_int(rqlat_bucket(UINT64_MAX), RQLAT_BUCKETS - 1, "UINT64_MAX is clamped into the last bucket");
	unsigned mx = 0;
	for (int i = 0; i < 100000; i++) {
		unsigned b = rqlat_bucket(rng_next());
		if (b > mx)
			mx = b;
	}
	ok(mx < RQLAT_BUCKETS, "any u64 maps inside the BPF array (max index %u < %u)", mx, RQLAT_BUCKETS);
}

/* Buckets a sample set the way the BPF side does, then summarizes. */
static void check_distribution(const char *name, uint64_t *s, size_t n)
{
	static uint64_t buckets[RQLAT_BUCKETS];
	struct rqlat_window w = { 0 };
	memset(buckets, 0, sizeof(buckets));
	for (size_t i = 0; i < n; i++) {
		buckets[rqlat_bucket(s[i])]++;
		w.samples++;
		w.sum_ns += s[i];
	}
	struct histogram *h = malloc(sizeof(*h));
	rqlat_fill_hist(h, buckets, &w);
	qsort(s, n, sizeof(s[0]), cmp_u64);
	is_int(h->count, n, "%s: count", name);
	ok(h->max >= s[n - 1] && h->max - s[n - 1] <= s[n - 1] * HIST_REL_ERROR, "%s: max within 1/128 above the largest",
	   name);
	ok(h->min <= s[0] && s[0] - h->min <= s[0] * HIST_REL_ERROR, "%s: min within the bucket bound", name);
	const double pcts[] = { 50, 90, 99, 99.9 };
	for (int i = 0; i < 4; i++) {
		double exact = (double)exact_pct(s, n, pcts[i]);
		double got = (double)hist_percentile(h, pcts[i]);
		ok(fabs(got - exact) <= exact * HIST_REL_ERROR + 1, "%s: p%g %.0f within 1/128 of exact %.0f", name,
		   pcts[i], got, exact);
	}
	json_t *j = rqlat_summary_json(h, &w);
	double p50 = json_real_value(json_object_get(j, "p50_us")), p90 = json_real_value(json_object_get(j, "p90_us"));
	double p99 = json_real_value(json_object_get(j, "p99_us")), p999 = json_real_value(json_object_get(j, "p999_us"));
	double mx = json_real_value(json_object_get(j, "max_us"));
	ok(p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= mx, "%s: summary percentiles ordered", name);
	is_near(json_real_value(json_object_get(j, "mean_us")), w.sum_ns / 1e3 / n, 1e-6, "%s: mean_us", name);
	struct histogram *back = malloc(sizeof(*back));
	char err[256] = "";
	int rc = hist_from_json(json_object_get(j, "histogram"), back, err, sizeof(err));
	ok(rc == 0 && back->count == n && hist_percentile(back, 99) == hist_percentile(h, 99),
	   "%s: histogram JSON reads back (%s)", name, rc ? err : "ok");
	free(back);
	json_decref(j);
	free(h);
}

static void test_summaries(void)
{
	enum { N = 20000 };
	uint64_t *s = malloc(sizeof(uint64_t) * N);
	for (size_t i = 0; i < N; i++) /* uniform 1 us .. 1 ms */
		s[i] = 1000 + rng_next() % 999000;
	check_distribution("uniform 1us-1ms", s, N);
	for (size_t i = 0; i < N; i++) { /* log-uniform 100 ns .. 100 ms: a long tail */
		double e = 2 + 6 * (double)(rng_next() >> 11) / 9007199254740992.0;
		s[i] = (uint64_t)pow(10, e);
	}
	check_distribution("log-uniform 100ns-100ms", s, N);
	for (size_t i = 0; i < N; i++) /* mostly fast, 1% very slow */
		s[i] = i % 100 == 0 ? 50000000 + rng_next() % 1000 : 2000 + rng_next() % 100;
	check_distribution("bimodal 2us/50ms", s, N);
	free(s);
}

static void test_edges(void)
{
	static uint64_t buckets[RQLAT_BUCKETS];
	struct histogram *h = malloc(sizeof(*h));
	struct rqlat_window w = { 0 };
	memset(buckets, 0, sizeof(buckets));
	rqlat_fill_hist(h, buckets, &w);
	json_t *j = rqlat_summary_json(h, &w);
	ok(j && json_integer_value(json_object_get(j, "count")) == 0 &&
		   json_real_value(json_object_get(j, "max_us")) == 0,
	   "empty window: count 0, max 0, no crash");
	json_decref(j);

	/* one sample: min/max are its bucket's bounds, the percentiles inside */
	unsigned b = rqlat_bucket(123456);
	buckets[b] = 1;
	w.sum_ns = 123456;
	rqlat_fill_hist(h, buckets, &w);
	ok(h->min == hist_bucket_low(b) && h->max == hist_bucket_high(b) && h->min <= 123456 &&
		   123456 <= h->max,
	   "one sample: min/max are its bucket's bounds [%" PRIu64 ", %" PRIu64 "]", h->min, h->max);
	ok(h->min <= hist_percentile(h, 50) && hist_percentile(h, 99.9) <= h->max,
	   "one sample: percentiles between min and max");
	/* the clamp bucket */
	memset(buckets, 0, sizeof(buckets));
	buckets[RQLAT_BUCKETS - 1] = 2;
	rqlat_fill_hist(h, buckets, &w);
	is_int(h->max, hist_bucket_high(RQLAT_BUCKETS - 1), "clamp bucket: max is its upper bound");
	is_int(h->count, 2, "clamp bucket: counted");
	free(h);
}

/* --no-tracer: the one CLI switch the tracer has (default: on). */
static int threads_now(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int n = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

/* Waits as the runner does: calling rqlat_tick() when it asks, for s
 * seconds or until child pid (if non-zero) has exited. */
static void tick_for(struct rqlat *r, double s, pid_t pid)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9, end = now + s;
	while (now < end) {
		double due = rqlat_tick(r);
		if (pid && waitpid(pid, NULL, WNOHANG) == pid)
			return;
		double nap = due > now && due < now + 0.01 ? due - now : 0.01;
		usleep((useconds_t)(nap * 1e6) + 1);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	}
}

static void test_window(void)
{
	static const struct {
		double duty, expect_s, want;
	} c[] = {
		{ 0.05, 5, 0.25 },    /* a default run: the floor, 5% of the repeat */
		{ 0.05, 8, 0.4 },     /* duty x repeat */
		{ 0.05, 20, 0.5 },    /* long repeats: full windows */
		{ 0.125, 5, 0.5 },    /* duty x repeat above a full window */
		{ 0.01, 5, 0.25 },    /* never below the floor */
		{ 0.5, 0.1, 0.25 },   /* shorter than the floor: traced whole anyway */
		{ 0.05, 0, 0.5 },     /* length unknown */
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		double w = rqlat_window_s(c[i].duty, c[i].expect_s);
		ok(w > c[i].want - 1e-9 && w < c[i].want + 1e-9, "window at duty %g for a %g s repeat: %g s (want %g)",
		   c[i].duty, c[i].expect_s, w, c[i].want);
	}
}

static void test_cli(void)
{
	struct run_opts o;
	char err[512] = "";
	char *on[] = { "run", "--workload", "pipe", "--probe", "none", NULL };
	char *off[] = { "run", "--workload", "pipe", "--probe", "none", "--no-tracer", NULL };
	ok(cli_parse_run(5, on, &o, err, sizeof(err)) == 0 && !o.no_tracer, "tracer on by default (%s)", err);
	cli_free(&o);
	ok(cli_parse_run(6, off, &o, err, sizeof(err)) == 0 && o.no_tracer, "--no-tracer turns it off (%s)", err);
	cli_free(&o);
	ok(cli_parse_run(5, on, &o, err, sizeof(err)) == 0 && o.tracer_duty == 5, "sampled 5%% by default");
	cli_free(&o);
	const char *good[] = { "100", "1", "33.3" }, *bad[] = { "0", "0.5", "101", "abc", "nan", "" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *a[] = { "run", "--tracer-duty", (char *)good[i], NULL };
		ok(cli_parse_run(3, a, &o, err, sizeof(err)) == 0 && o.tracer_duty == atof(good[i]),
		   "--tracer-duty %s accepted (%s)", good[i], err);
		cli_free(&o);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *a[] = { "run", "--tracer-duty", (char *)bad[i], NULL };
		err[0] = '\0';
		ok(cli_parse_run(3, a, &o, err, sizeof(err)) < 0 && strstr(err, "--tracer-duty") && !strchr(err, '\n'),
		   "--tracer-duty '%s' refused in one line naming the flag (%s)", bad[i], err);
		cli_free(&o);
	}
}

/* Loads the real tracer when the host allows it. */
static void test_live(void)
{
	char err[1024] = "";
	if (geteuid() != 0) {
		printf("ok %d - live tracer # SKIP not root\n", ++tap_n);
		return;
	}
	struct rqlat *r = rqlat_start(1, err, sizeof(err));
	if (!r) {
		printf("ok %d - live tracer # SKIP %s\n", ++tap_n, err);
		return;
	}
	ok(1, "live: tracer loads and attaches on this host");
	/* some sure wakeups: a child that sleeps briefly 50 times */
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 50; i++)
			usleep(1000);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	json_t *j = rqlat_read_and_reset(r);
	ok(j != NULL, "live: window read");
	json_int_t cnt = json_integer_value(json_object_get(j, "count"));
	ok(cnt >= 50, "live: at least the child's 50 wakeups were measured (count %lld)", (long long)cnt);
	ok(json_integer_value(json_object_get(j, "untracked")) >= 0 && json_object_get(j, "requeues"),
	   "live: requeues and untracked reported");
	double p50 = json_real_value(json_object_get(j, "p50_us")), p99 = json_real_value(json_object_get(j, "p99_us"));
	double mx = json_real_value(json_object_get(j, "max_us"));
	ok(p50 > 0 && p50 <= p99 && p99 <= mx, "live: p50 %.3f <= p99 %.3f <= max %.3f us", p50, p99, mx);
	json_decref(j);
	/* an immediately following window is (nearly) empty, never negative */
	j = rqlat_read_and_reset(r);
	json_int_t cnt2 = json_integer_value(json_object_get(j, "count"));
	ok(cnt2 >= 0 && cnt2 < cnt + 1000000, "live: back-to-back window count %lld is sane", (long long)cnt2);
	json_decref(j);
	rqlat_stop(r);
	ok(1, "live: stopped");

	/* sampled at 5% on a 2 s repeat: one window, shortened to the 0.25 s floor */
	r = rqlat_start(0.05, err, sizeof(err));
	ok(r != NULL, "live sampled 5%%: starts (%s)", err);
	if (!r)
		return;
	/* no thread: workloads forked from scxbench must not inherit glibc's
	 * multi-threaded mode (see rqlat.c) */
	ok(threads_now() == 1, "live sampled 5%%: the process stays single-threaded (%d threads)", threads_now());
	/* windows open only from ticks: none without them */
	rqlat_reset(r, 2);
	usleep(300 * 1000);
	j = rqlat_read_and_reset(r);
	ok(json_real_value(json_object_get(j, "traced_s")) == 0, "live sampled 5%%: nothing attached without ticks");
	json_decref(j);
	rqlat_reset(r, 2);
	tick_for(r, 2.3, 0);
	j = rqlat_read_and_reset(r);
	double tr5 = json_real_value(json_object_get(j, "traced_s"));
	ok(tr5 > 0.2 && tr5 < 0.35, "live sampled 5%%: one short window in a 2 s repeat (attached %.3f s)", tr5);
	json_decref(j);
	rqlat_stop(r);

	/* sampled at 50%: 0.5 s windows, 0.5 s (+-25%) apart */
	r = rqlat_start(0.5, err, sizeof(err));
	ok(r != NULL, "live sampled: starts (%s)", err);
	if (!r)
		return;
	rqlat_reset(r, 3);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 2500; i++)
			usleep(1000);
		_exit(0);
	}
	tick_for(r, 10, pid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double win = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	j = rqlat_read_and_reset(r);
	double traced = json_real_value(json_object_get(j, "traced_s"));
	ok(traced > 0.25 * win && traced < 0.75 * win, "live sampled: attached %.3f s of %.3f s (about half)", traced,
	   win);
	ok(json_real_value(json_object_get(j, "tracer_duty")) == 0.5, "live sampled: duty recorded");
	cnt = json_integer_value(json_object_get(j, "count"));
	ok(cnt > 0, "live sampled: waits measured in the windows (count %lld)", (long long)cnt);
	json_decref(j);
	rqlat_stop(r);
	ok(1, "live sampled: the tracer stops and unloads");
}

int main(void)
{
	test_buckets();
	test_summaries();
	test_edges();
	test_window();
	test_cli();
	test_live();
	return done_testing();
}
