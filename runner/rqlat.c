/* See rqlat.h.
 *
 * Loaded through libbpf's generic object API from the copy embedded in the
 * binary (like every bundled BPF object; bpftool 7.5 skeletons do not build
 * against libbpf 1.4). All state the tracer keeps is in BPF maps read with
 * the map syscalls: nothing needs a mmap of .bss/.data, which libbpf 1.4
 * does not remap after load.
 *
 * Reading a window: the 4352-bucket per-CPU histogram is fetched with one
 * BPF_MAP_LOOKUP_BATCH call where the kernel has it (array maps: 5.7+), one
 * lookup per bucket otherwise; under TCG a syscall costs tens of
 * microseconds, so the batch path keeps a read around a millisecond.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "runner/embedded.h"
#include "runner/rqlat.h"
#include "scxb_rqlat.h"

/* the BPF side buckets exactly like workloads/histogram.c (see scxb_rqlat.h) */
_Static_assert(RQLAT_SUB_BITS == HIST_SUB_BITS, "tracer and histogram layouts differ");
_Static_assert(RQLAT_BUCKETS <= HIST_BUCKETS, "tracer has more buckets than the histogram");

#define NR_PROGS 3

struct rqlat {
	const char *method;        /* "sched_info" or "timestamps" */
	struct bpf_object *obj;
	struct bpf_link *links[NR_PROGS];
	int prog_fds[NR_PROGS];
	int nr_links;
	int hist_fd, stats_fd, max_fd;
	int ncpus;
	bool no_batch;             /* kernel refused BPF_MAP_LOOKUP_BATCH once */
	uint64_t *pcpu;            /* scratch: RQLAT_BUCKETS * ncpus values */
	uint32_t *keys;            /* scratch: RQLAT_BUCKETS keys */
	uint64_t base_buckets[RQLAT_BUCKETS];
	uint64_t cur_buckets[RQLAT_BUCKETS];
	struct rqlat_window base;  /* totals at the last reset (max_ns unused) */
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
	h->min = hist_bucket_low((unsigned)lo);
	h->sum = (double)w->sum_ns;
	/* max_ns may miss events that raced the last reset, or include one that
	 * landed just before the histogram was read: keep it inside the highest
	 * non-empty bucket so percentiles and max agree. The last bucket also
	 * holds everything clamped above 2^RQLAT_MAX_MSB ns. */
	uint64_t blo = hist_bucket_low((unsigned)hi), bhi = hist_bucket_high((unsigned)hi);
	uint64_t m = w->max_ns;
	if (m < blo)
		m = blo;
	if (m > bhi && hi != RQLAT_BUCKETS - 1)
		m = bhi;
	h->max = m;
}

json_t *rqlat_summary_json(const struct histogram *h, const struct rqlat_window *w, const char *method)
{
	json_t *o = json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:I, s:o}",
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
	if (o && method)
		json_object_set_new(o, "method", json_string(method));
	return o;
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

/* ---- reading the maps ------------------------------------------------------ */
static int read_buckets(struct rqlat *r, uint64_t *out)
{
	memset(out, 0, sizeof(uint64_t) * RQLAT_BUCKETS);
	if (!r->no_batch) {
		uint32_t done = 0, out_batch = 0;
		void *in = NULL;
		int err = 0;
		LIBBPF_OPTS(bpf_map_batch_opts, opts);
		while (done < RQLAT_BUCKETS) {
			__u32 count = RQLAT_BUCKETS - done;
			err = bpf_map_lookup_batch(r->hist_fd, in, &out_batch, r->keys + done,
						   r->pcpu + (size_t)done * r->ncpus, &count, &opts);
			if (err && errno != ENOENT)
				break;
			done += count;
			in = &out_batch;
			if (err) /* ENOENT: the end of the map */
				break;
		}
		if (done == RQLAT_BUCKETS) {
			for (uint32_t i = 0; i < done; i++) {
				uint32_t k = r->keys[i];
				if (k >= RQLAT_BUCKETS)
					continue;
				for (int c = 0; c < r->ncpus; c++)
					out[k] += r->pcpu[(size_t)i * r->ncpus + c];
			}
			return 0;
		}
		r->no_batch = true; /* older kernel: fall back for good */
		memset(out, 0, sizeof(uint64_t) * RQLAT_BUCKETS);
	}
	for (uint32_t k = 0; k < RQLAT_BUCKETS; k++) {
		if (bpf_map_lookup_elem(r->hist_fd, &k, r->pcpu) < 0)
			return -1;
		for (int c = 0; c < r->ncpus; c++)
			out[k] += r->pcpu[c];
	}
	return 0;
}

static int read_totals(struct rqlat *r, struct rqlat_window *w)
{
	struct rqlat_stats s[r->ncpus];
	uint64_t mx[r->ncpus];
	uint32_t zero = 0;
	memset(w, 0, sizeof(*w));
	if (bpf_map_lookup_elem(r->stats_fd, &zero, s) < 0 || bpf_map_lookup_elem(r->max_fd, &zero, mx) < 0)
		return -1;
	for (int c = 0; c < r->ncpus; c++) {
		w->requeues += s[c].requeues;
		w->samples += s[c].samples;
		w->sum_ns += s[c].sum_ns;
		w->untracked += s[c].untracked;
		if (mx[c] > w->max_ns)
			w->max_ns = mx[c];
	}
	return 0;
}

static void zero_max(struct rqlat *r)
{
	uint64_t z[r->ncpus];
	uint32_t zero = 0;
	memset(z, 0, sizeof(z));
	bpf_map_update_elem(r->max_fd, &zero, z, BPF_ANY);
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
	/* max first: an event between the two reads is then counted in the
	 * window and may raise max, never the other way round */
	zero_max(r);
	if (read_buckets(r, r->base_buckets) < 0 || read_totals(r, &r->base) < 0)
		memset(r->base_buckets, 0, sizeof(r->base_buckets));
	read_run_stats(r, &r->base_run_ns, &r->base_run_cnt);
}

json_t *rqlat_read_and_reset(struct rqlat *r)
{
	struct rqlat_window now, w;
	if (!r || read_buckets(r, r->cur_buckets) < 0 || read_totals(r, &now) < 0)
		return NULL;
	uint64_t run_ns, run_cnt;
	read_run_stats(r, &run_ns, &run_cnt);
	struct histogram *h = malloc(sizeof(*h));
	if (!h)
		return NULL;
	/* window = now - base; buckets reuse cur_buckets in place */
	for (unsigned i = 0; i < RQLAT_BUCKETS; i++) {
		uint64_t b = r->base_buckets[i];
		r->base_buckets[i] = r->cur_buckets[i];
		r->cur_buckets[i] = r->cur_buckets[i] >= b ? r->cur_buckets[i] - b : 0;
	}
	w.requeues = now.requeues - r->base.requeues;
	w.samples = now.samples - r->base.samples;
	w.sum_ns = now.sum_ns - r->base.sum_ns;
	w.untracked = now.untracked - r->base.untracked;
	w.max_ns = now.max_ns;
	r->base = now;
	zero_max(r);
	rqlat_fill_hist(h, r->cur_buckets, &w);
	json_t *o = rqlat_summary_json(h, &w, r->method);
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

const char *rqlat_method(const struct rqlat *r)
{
	return r ? r->method : NULL;
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
	free(r->keys);
	free(r);
}

static bool has_member(const struct btf *btf, const char *type, const char *member)
{
	__s32 id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	if (id < 0)
		return false;
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), member))
			return true;
	return false;
}

/* The cheaper "sched_info" method needs scx_bpf_now() (6.14+; callable
 * from tracing programs) and the schedstat fields it reads. */
static bool sched_info_usable(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		return false;
	bool ok = btf__find_by_name_kind(vmlinux, "scx_bpf_now", BTF_KIND_FUNC) > 0 &&
		  has_member(vmlinux, "task_struct", "sched_info") &&
		  has_member(vmlinux, "sched_info", "last_queued") &&
		  has_member(vmlinux, "sched_info", "run_delay") && has_member(vmlinux, "sched_info", "pcount");
	btf__free(vmlinux);
	return ok;
}

static bool prog_of(const struct bpf_program *prog, bool sched_info)
{
	const char *n = bpf_program__name(prog);
	return sched_info ? !strcmp(n, "rqlat_switch_si") : strcmp(n, "rqlat_switch_si") != 0;
}

/* Loads and attaches one method's programs; -1 with err filled (and
 * nothing left loaded) on failure. */
static int load_method(struct rqlat *r, const struct embedded_obj *eo, bool sched_info, char *err, size_t len)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "rqlat");
	const char *what = "open";
	struct bpf_program *prog;
	last_msg[0] = '\0';
	r->obj = bpf_object__open_mem(eo->start, (size_t)(eo->end - eo->start), &opts);
	if (!r->obj)
		goto fail;
	bpf_object__for_each_program(prog, r->obj)
		bpf_program__set_autoload(prog, prog_of(prog, sched_info));
	what = "load";
	if (bpf_object__load(r->obj) < 0)
		goto fail;
	what = "attach";
	bpf_object__for_each_program(prog, r->obj) {
		if (!prog_of(prog, sched_info) || r->nr_links == NR_PROGS)
			continue;
		struct bpf_link *l = bpf_program__attach(prog);
		if (!l)
			goto fail;
		r->prog_fds[r->nr_links] = bpf_program__fd(prog);
		r->links[r->nr_links++] = l;
	}
	what = "find the maps of";
	struct bpf_map *mh = bpf_object__find_map_by_name(r->obj, "rq_hist");
	struct bpf_map *ms = bpf_object__find_map_by_name(r->obj, "rq_stats");
	struct bpf_map *mm = bpf_object__find_map_by_name(r->obj, "rq_max");
	if (!mh || !ms || !mm || r->nr_links != (sched_info ? 1 : 3)) {
		errno = ENOENT;
		goto fail;
	}
	r->hist_fd = bpf_map__fd(mh);
	r->stats_fd = bpf_map__fd(ms);
	r->max_fd = bpf_map__fd(mm);
	r->method = sched_info ? "sched_info" : "timestamps";
	return 0;
fail:;
	int e = errno;
	snprintf(err, len, "run-queue latency tracer (%s): cannot %s it: %s%s%s",
		 sched_info ? "sched_info" : "timestamps", what, strerror(e), last_msg[0] ? ": " : "", last_msg);
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
	r->pcpu = calloc((size_t)RQLAT_BUCKETS * (size_t)r->ncpus, sizeof(uint64_t));
	r->keys = calloc(RQLAT_BUCKETS, sizeof(uint32_t));
	if (!r->pcpu || !r->keys) {
		snprintf(err, len, "run-queue latency tracer: out of memory");
		rqlat_stop(r);
		return NULL;
	}
	const char *force = getenv("SCXBENCH_RQLAT_METHOD");
	bool want_si = force && *force ? !strcmp(force, "sched_info") : sched_info_usable();
	libbpf_print_fn_t old = libbpf_set_print(quiet_print);
	int rc = load_method(r, eo, want_si, err, len);
	/* sched_info failed (an unexpected kernel): the portable method */
	if (rc < 0 && want_si && !(force && *force))
		rc = load_method(r, eo, false, err, len);
	libbpf_set_print(old);
	if (rc < 0) {
		rqlat_stop(r);
		return NULL;
	}
	rqlat_reset(r);
	return r;
}
