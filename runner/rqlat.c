// SPDX-License-Identifier: GPL-2.0-only
/* See rqlat.h.
 *
 * Loaded through libbpf's generic object API from the copy embedded in the
 * binary (like every bundled BPF object; bpftool 7.5 skeletons do not build
 * against libbpf 1.4). All the tracer's results are in one per-CPU array
 * element read with one lookup (bpf/scxb_rqlat.h): nothing needs a mmap of
 * .bss/.data, which libbpf 1.4 does not remap after load, and nothing in
 * BPF is ever written from here, so a window is the difference of two
 * snapshots.
 *
 * Sampling (duty < 100%): the three programs are attached for one window
 * at a time and detached in between (off-periods jittered +-25% so no
 * periodic workload stays in phase), each window's start written into
 * rq_ctl so waits that began before it are not measured. A detached
 * tracepoint costs nothing, so the tracer's cost scales with the duty while
 * every task on the system is still sampled. Windows are long because each
 * attach and detach patches kernel text (the tracepoints' static keys):
 * cheap on hardware, but under TCG each toggle stalls the vCPUs, and 100 ms
 * windows measured as costly as tracing half the time. After each reset
 * the first window starts at a random point early enough to fit a repeat of
 * the expected length, so every repeat gets at least one (a repeat shorter
 * than a window is traced whole); for a repeat shorter than a duty period
 * that one window is shortened toward the duty (rqlat_window_s()).
 *
 * No thread drives the windows: the runner calls rqlat_tick() from the
 * loop in which it waits for the workload anyway. A thread would make
 * scxbench multi-threaded, and every workload it forks would inherit
 * glibc's multi-threaded mode (atomics around each cancellable system
 * call): measured under TCG, a pinned pipe ping-pong forked from a process
 * that has, or once had, a second thread ran 1.5-2% slower, a cost of the
 * tracer that the tracer's own windows do not explain. Ticking from the
 * runner also means no window is ever open while the runner forks (so no
 * workload inherits an attached link) and none between repeats.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "runner/bpf_stats.h"
#include "runner/clock.h"
#include "runner/embedded.h"
#include "runner/rqlat.h"
#include "scxb_rqlat.h"

/* the BPF side buckets exactly like workloads/histogram.c (see scxb_rqlat.h) */
_Static_assert(RQLAT_SUB_BITS == HIST_SUB_BITS, "tracer and histogram layouts differ");
_Static_assert(RQLAT_BUCKETS <= HIST_BUCKETS, "tracer has more buckets than the histogram");
/* a per-CPU map value is at most PCPU_MIN_UNIT_SIZE (32 KiB) */
_Static_assert(sizeof(struct rqlat_cpu) <= 32768, "per-CPU record too large for the kernel");
_Static_assert(sizeof(struct rqlat_cpu) % 8 == 0, "per-CPU values are laid out 8-byte aligned");
_Static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "64-bit counters");

#define NR_PROGS 3
#define RQLAT_ON_S 0.5
#define RQLAT_MIN_ON_S 0.25

struct rqlat {
	struct bpf_object *obj;
	struct bpf_program *progs[NR_PROGS];
	struct bpf_link *links[NR_PROGS];
	int prog_fds[NR_PROGS];
	int nr_progs, nr_links;
	int map_fd, ctl_fd;
	/* sampling (duty < 1), driven by rqlat_tick(); times are CLOCK_MONOTONIC seconds */
	double duty;
	bool sampling;
	double on_s, period_s;     /* window length and mean period for the current repeat */
	double next_on;            /* when to attach next (0: not scheduled) */
	double traced_s, on_since; /* attached time since the last reset; start of the current attach (0: off) */
	unsigned seed;
	int ncpus;
	struct rqlat_cpu *pcpu; /* scratch: one record per possible CPU */
	struct rqlat_cpu base;  /* sums over CPUs at the last reset */
	struct rqlat_cpu cur;
	uint64_t base_run_ns, base_run_cnt;
};

/* ---- pure parts ---------------------------------------------------------- */
void rqlat_fill_hist(struct histogram *h, const uint64_t *buckets, const struct rqlat_window *w)
{
	int lo = -1, hi = -1;
	hist_init(h);
	for (unsigned i = 0; i < RQLAT_BUCKETS; i++) {
		if (!buckets[i])
			continue;
		h->buckets[i] = buckets[i];
		h->count += buckets[i];
		if (lo < 0)
			lo = (int)i;
		hi = (int)i;
	}
	if (!h->count)
		return;
	/* exact values are not kept: the outer buckets' bounds, which keep
	 * min <= every percentile <= max (percentiles are bucket midpoints) */
	h->min = hist_bucket_low((unsigned)lo);
	h->max = hist_bucket_high((unsigned)hi);
	h->sum = (double)w->sum_ns;
}

json_t *rqlat_summary_json(const struct histogram *h, const struct rqlat_window *w)
{
	return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:I, s:o}",
			 "count", (json_int_t)h->count,
			 "p50_us", hist_percentile(h, 50) / 1e3,
			 "p90_us", hist_percentile(h, 90) / 1e3,
			 "p99_us", hist_percentile(h, 99) / 1e3,
			 "p999_us", hist_percentile(h, 99.9) / 1e3,
			 "max_us", h->max / 1e3,
			 "mean_us", hist_mean(h) / 1e3,
			 "requeues", (json_int_t)w->requeues,
			 "untracked", (json_int_t)w->untracked,
			 "histogram", hist_to_json(h));
}

/* ---- libbpf messages: keep the last one for the one-line error ------------ */
static char last_msg[512];

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strcspn(line, "\n");
	if (n) { /* skip blank lines and verifier-log framing */
		line[n] = '\0';
		snprintf(last_msg, sizeof(last_msg), "%s", line);
	}
	return 0;
}

/* ---- reading ------------------------------------------------------------------ */
/* Sums every CPU's record into out. */
static int read_all(struct rqlat *r, struct rqlat_cpu *out)
{
	uint32_t zero = 0;
	memset(out, 0, sizeof(*out));
	if (bpf_map_lookup_elem(r->map_fd, &zero, r->pcpu) < 0)
		return -1;
	for (int c = 0; c < r->ncpus; c++) {
		const struct rqlat_cpu *p = &r->pcpu[c];
		out->requeues += p->requeues;
		out->samples += p->samples;
		out->sum_ns += p->sum_ns;
		out->untracked += p->untracked;
		for (unsigned i = 0; i < RQLAT_BUCKETS; i++)
			out->hist[i] += p->hist[i];
	}
	return 0;
}

/* The tracer's own cost: the kernel counts run time per program while
 * kernel.bpf_stats_enabled is 1 or `run --bpf-stats` holds them on (off by
 * default: it costs two clock reads per run). */
static void read_run_stats(struct rqlat *r, uint64_t *ns, uint64_t *cnt)
{
	*ns = *cnt = 0;
	for (int i = 0; i < r->nr_progs; i++) {
		uint64_t runs, t;
		if (bpf_stats_prog_read(r->prog_fds[i], &runs, &t) == 0) {
			*ns += t;
			*cnt += runs;
		}
	}
}

static void detach_all(struct rqlat *r)
{
	for (int i = 0; i < r->nr_links; i++)
		bpf_link__destroy(r->links[i]);
	r->nr_links = 0;
}

/* Attaches every program; all or nothing. When sampling, the window's
 * start goes to rq_ctl first (bpf_ktime_get_ns is CLOCK_MONOTONIC). */
static int attach_all(struct rqlat *r)
{
	if (r->duty < 1) {
		uint32_t zero = 0;
		uint64_t now_ns = (uint64_t)(mono_s() * 1e9);
		if (bpf_map_update_elem(r->ctl_fd, &zero, &now_ns, BPF_ANY) < 0)
			return -1;
	}
	for (int i = 0; i < r->nr_progs; i++) {
		struct bpf_link *l = bpf_program__attach(r->progs[i]);
		if (!l) {
			int e = errno;
			detach_all(r);
			errno = e;
			return -1;
		}
		r->links[r->nr_links++] = l;
	}
	return 0;
}

static double duty_rand(struct rqlat *r)
{
	return (double)rand_r(&r->seed) / ((double)RAND_MAX + 1.0);
}

/* RQLAT_ON_S, except when a repeat is shorter than one duty period: its
 * one window shrinks toward duty x repeat, but not below RQLAT_MIN_ON_S,
 * where the fixed cost of an attach (measured under TCG: 10-30 ms of a
 * pinned pipe's time, against ~55 ms for half a second of tracing) would
 * dominate. */
double rqlat_window_s(double duty, double expect_s)
{
	double on = RQLAT_ON_S;
	if (expect_s > 0 && duty * expect_s < on)
		on = duty * expect_s > RQLAT_MIN_ON_S ? duty * expect_s : RQLAT_MIN_ON_S;
	return on;
}

/* Ends the current window (if any) at now and counts it. */
static void window_end(struct rqlat *r, double now)
{
	if (r->on_since <= 0)
		return;
	detach_all(r);
	r->traced_s += now - r->on_since;
	r->on_since = 0;
}

double rqlat_tick(struct rqlat *r)
{
	if (!r || !r->sampling)
		return 0;
	double now = mono_s();
	if (r->on_since > 0) {
		if (now < r->on_since + r->on_s)
			return r->on_since + r->on_s;
		window_end(r, now);
		r->next_on = now + (r->period_s - r->on_s) * (0.75 + 0.5 * duty_rand(r));
		return r->next_on;
	}
	if (r->next_on <= 0)
		return 0;
	if (now < r->next_on)
		return r->next_on;
	if (attach_all(r) == 0) {
		r->on_since = now;
		return now + r->on_s;
	}
	/* could not attach (the reason was reported at start, when it worked):
	 * try again a period later rather than on every tick */
	r->next_on = now + r->period_s;
	return r->next_on;
}

/* ---- API -------------------------------------------------------------------- */
void rqlat_reset(struct rqlat *r, double expect_s)
{
	if (!r)
		return;
	if (r->sampling) {
		/* a window left open from before belongs to no repeat: close it
		 * uncounted, then plan this repeat's first window */
		detach_all(r);
		r->on_since = 0;
		r->traced_s = 0;
		r->on_s = rqlat_window_s(r->duty, expect_s);
		r->period_s = r->on_s / r->duty;
		double span = expect_s > 0 && expect_s < r->period_s ? expect_s : r->period_s;
		double lead = span > r->on_s ? duty_rand(r) * (span - r->on_s) : 0;
		r->next_on = mono_s() + lead;
	}
	if (read_all(r, &r->base) < 0)
		memset(&r->base, 0, sizeof(r->base));
	read_run_stats(r, &r->base_run_ns, &r->base_run_cnt);
}

json_t *rqlat_read_and_reset(struct rqlat *r)
{
	if (!r)
		return NULL;
	double traced = 0;
	if (r->sampling) {
		/* no windows until the next reset: between repeats nothing is measured */
		window_end(r, mono_s());
		traced = r->traced_s;
		r->traced_s = 0;
		r->next_on = 0;
	}
	int rc = read_all(r, &r->cur);
	uint64_t run_ns, run_cnt;
	read_run_stats(r, &run_ns, &run_cnt);
	if (rc < 0)
		return NULL;
	struct histogram *h = malloc(sizeof(*h));
	if (!h)
		return NULL;
	/* window = cur - base, computed in place in cur; cur becomes the base */
	struct rqlat_window w = {
		.requeues = r->cur.requeues - r->base.requeues,
		.samples = r->cur.samples - r->base.samples,
		.sum_ns = r->cur.sum_ns - r->base.sum_ns,
		.untracked = r->cur.untracked - r->base.untracked,
	};
	for (unsigned i = 0; i < RQLAT_BUCKETS; i++) {
		uint64_t now = r->cur.hist[i], b = r->base.hist[i];
		r->base.hist[i] = now;
		r->cur.hist[i] = now >= b ? now - b : 0;
	}
	r->base.requeues = r->cur.requeues;
	r->base.samples = r->cur.samples;
	r->base.sum_ns = r->cur.sum_ns;
	r->base.untracked = r->cur.untracked;
	/* unsigned long long (shared with BPF) and uint64_t: same 64 bits */
	rqlat_fill_hist(h, (const uint64_t *)r->cur.hist, &w);
	json_t *o = rqlat_summary_json(h, &w);
	free(h);
	if (o && run_cnt > r->base_run_cnt) {
		uint64_t dn = run_ns - r->base_run_ns, dc = run_cnt - r->base_run_cnt;
		json_object_set_new(o, "tracer_events", json_integer((json_int_t)dc));
		json_object_set_new(o, "tracer_ns_per_event", json_real((double)dn / (double)dc));
		json_object_set_new(o, "tracer_cpu_s", json_real((double)dn / 1e9));
	}
	r->base_run_ns = run_ns;
	r->base_run_cnt = run_cnt;
	if (o) {
		json_object_set_new(o, "tracer_duty", json_real(r->duty));
		if (r->sampling)
			json_object_set_new(o, "traced_s", json_real(traced));
	}
	return o;
}

static void unload(struct rqlat *r)
{
	detach_all(r);
	bpf_object__close(r->obj);
	r->obj = NULL;
}

void rqlat_stop(struct rqlat *r)
{
	if (!r)
		return;
	unload(r);
	free(r->pcpu);
	free(r);
}

/* Loads and attaches the three programs; -1 with err filled (and nothing
 * left loaded) on failure. */
static int load(struct rqlat *r, const struct embedded_obj *eo, char *err, size_t len)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "rqlat");
	const char *what = "open";
	struct bpf_program *prog;
	last_msg[0] = '\0';
	r->obj = bpf_object__open_mem(eo->start, (size_t)(eo->end - eo->start), &opts);
	if (!r->obj)
		goto fail;
	what = "load";
	if (bpf_object__load(r->obj) < 0)
		goto fail;
	bpf_object__for_each_program(prog, r->obj) {
		if (r->nr_progs == NR_PROGS)
			break;
		r->prog_fds[r->nr_progs] = bpf_program__fd(prog);
		r->progs[r->nr_progs++] = prog;
	}
	what = "find the maps of";
	struct bpf_map *m = bpf_object__find_map_by_name(r->obj, "rq_cpu");
	struct bpf_map *ctl = bpf_object__find_map_by_name(r->obj, "rq_ctl");
	if (!m || !ctl || r->nr_progs != NR_PROGS || bpf_map__value_size(m) != sizeof(struct rqlat_cpu)) {
		errno = ENOENT;
		goto fail;
	}
	r->map_fd = bpf_map__fd(m);
	r->ctl_fd = bpf_map__fd(ctl);
	/* sampling attaches in rqlat_tick(); a first attach here still
	 * proves now that attaching works, so a failure is reported at start */
	what = "attach";
	if (attach_all(r) < 0)
		goto fail;
	if (r->duty < 1)
		detach_all(r);
	return 0;
fail:;
	int e = errno;
	snprintf(err, len, "run-queue latency tracer: cannot %s it: %s%s%s", what, strerror(e),
		 last_msg[0] ? ": " : "", last_msg);
	unload(r);
	return -1;
}

struct rqlat *rqlat_start(double duty, char *err, size_t len)
{
	const struct embedded_obj *eo = embedded_find("rqlat", EMBED_TRACER);
	if (!eo) {
		snprintf(err, len, "run-queue latency tracer: not built into this binary");
		return NULL;
	}
	struct rqlat *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, len, "run-queue latency tracer: out of memory");
		return NULL;
	}
	r->duty = duty > 0 && duty < 1 ? duty : 1;
	r->sampling = r->duty < 1;
	r->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	r->ncpus = libbpf_num_possible_cpus();
	if (r->ncpus <= 0) {
		snprintf(err, len, "run-queue latency tracer: cannot count possible CPUs: %s",
			 strerror(-r->ncpus));
		free(r);
		return NULL;
	}
	r->pcpu = calloc((size_t)r->ncpus, sizeof(*r->pcpu));
	if (!r->pcpu) {
		snprintf(err, len, "run-queue latency tracer: out of memory");
		rqlat_stop(r);
		return NULL;
	}
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);
	int rc = load(r, eo, err, len);
	libbpf_set_print(old);
	if (rc < 0) {
		rqlat_stop(r);
		return NULL;
	}
	rqlat_reset(r, 0);
	return r;
}
