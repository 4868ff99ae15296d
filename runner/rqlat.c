/* See rqlat.h.
 *
 * Loaded through libbpf's generic object API from the copy embedded in the
 * binary (like every bundled BPF object; bpftool 7.5 skeletons do not build
 * against libbpf 1.4). All the tracer's results are in one per-CPU array
 * element read with one lookup (bpf/scxb_rqlat.h): nothing needs a mmap of
 * .bss/.data, which libbpf 1.4 does not remap after load, and nothing in
 * BPF is ever written from here, so a window is the difference of two
 * snapshots.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

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

struct rqlat {
	struct bpf_object *obj;
	struct bpf_link *links[NR_PROGS];
	int prog_fds[NR_PROGS];
	int nr_links;
	int map_fd;
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
 * kernel.bpf_stats_enabled is 1 (off by default: it costs two clock reads
 * per run). */
static void read_run_stats(struct rqlat *r, uint64_t *ns, uint64_t *cnt)
{
	*ns = *cnt = 0;
	for (int i = 0; i < r->nr_links; i++) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		memset(&info, 0, sizeof(info));
		if (bpf_prog_get_info_by_fd(r->prog_fds[i], &info, &len) == 0) {
			*ns += info.run_time_ns;
			*cnt += info.run_cnt;
		}
	}
}

/* ---- API -------------------------------------------------------------------- */
void rqlat_reset(struct rqlat *r)
{
	if (!r)
		return;
	if (read_all(r, &r->base) < 0)
		memset(&r->base, 0, sizeof(r->base));
	read_run_stats(r, &r->base_run_ns, &r->base_run_cnt);
}

json_t *rqlat_read_and_reset(struct rqlat *r)
{
	if (!r || read_all(r, &r->cur) < 0)
		return NULL;
	uint64_t run_ns, run_cnt;
	read_run_stats(r, &run_ns, &run_cnt);
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
	return o;
}

static void unload(struct rqlat *r)
{
	for (int i = 0; i < r->nr_links; i++)
		bpf_link__destroy(r->links[i]);
	r->nr_links = 0;
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
	what = "attach";
	bpf_object__for_each_program(prog, r->obj) {
		if (r->nr_links == NR_PROGS)
			break;
		struct bpf_link *l = bpf_program__attach(prog);
		if (!l)
			goto fail;
		r->prog_fds[r->nr_links] = bpf_program__fd(prog);
		r->links[r->nr_links++] = l;
	}
	what = "find the map of";
	struct bpf_map *m = bpf_object__find_map_by_name(r->obj, "rq_cpu");
	if (!m || r->nr_links != NR_PROGS || bpf_map__value_size(m) != sizeof(struct rqlat_cpu)) {
		errno = ENOENT;
		goto fail;
	}
	r->map_fd = bpf_map__fd(m);
	return 0;
fail:;
	int e = errno;
	snprintf(err, len, "run-queue latency tracer: cannot %s it: %s%s%s", what, strerror(e),
		 last_msg[0] ? ": " : "", last_msg);
	unload(r);
	return -1;
}

struct rqlat *rqlat_start(char *err, size_t len)
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
	rqlat_reset(r);
	return r;
}
