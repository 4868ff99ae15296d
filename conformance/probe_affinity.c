// SPDX-License-Identifier: GPL-2.0-only
/* affinity: a task never runs outside its cpumask, and a task confined to
 * one busy CPU still runs.
 *
 * Why: sched_setaffinity is a hard contract (licensing, isolation, NUMA,
 * real-time partitioning). A scheduler that keeps a stale copy of a task's
 * mask (ignores ops.set_cpumask) or queues it where it may not run either
 * gets refused by the kernel — the task is stuck — or, were the kernel not
 * to check, runs it where it must not. With every CPU busy:
 *
 *   scxb-aff-pin   pinned to the last CPU;
 *   scxb-aff-self  changes its own mask every 0.3 s (CPU 0, last CPU, all);
 *   scxb-aff-ext   its mask is changed by the probe every 0.4 s;
 *
 * each must keep running (longest time off the CPU under a bound) and never
 * be seen outside its mask: the two that set their own masks check every
 * sched_getcpu() sample against it, and the sched_switch tracepoint
 * (conformance/bpf/affinity_trace) checks every switch-in of all three
 * against the task's mask at that moment. Without the tracer (no BTF
 * tracepoints) the sampling still runs and the diagnostics say so.
 *
 * Scope: a row probe, run with the row's scheduler attached; needs 2 CPUs.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"
#include "runner/embedded.h"

#define AFF_WINDOW_S 3.0
#define AFF_MAX_BOUND_S 2.0
#define AFF_SELF_PERIOD_S 0.3
#define AFF_EXT_PERIOD_S 0.4

struct aff_stats {
	uint64_t switches;
	uint64_t violations;
	uint32_t bad_pid;
	int32_t bad_cpu;
	uint64_t bad_mask;
	uint64_t cpu_seen;
};

struct tracer {
	struct bpf_object *obj;
	struct bpf_link *link;
	int watch_fd, stats_fd;
};

static int silent_print(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l, (void)f, (void)ap;
	return 0;
}

static int tracer_start(struct tracer *t, char *err, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->watch_fd = t->stats_fd = -1;
	const struct embedded_obj *e = embedded_find("affinity_trace", EMBED_CONFORMANCE);
	if (!e) {
		snprintf(err, len, "affinity_trace is not built in");
		return -1;
	}
	libbpf_set_print(silent_print);
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "affinity_trace");
	t->obj = bpf_object__open_mem(e->start, (size_t)(e->end - e->start), &opts);
	if (!t->obj) {
		snprintf(err, len, "open: %s", strerror(errno));
		return -1;
	}
	if (bpf_object__load(t->obj) < 0) {
		snprintf(err, len, "load: %s", strerror(errno));
		bpf_object__close(t->obj);
		t->obj = NULL;
		return -1;
	}
	struct bpf_program *p = bpf_object__find_program_by_name(t->obj, "scxb_aff_switch");
	t->link = p ? bpf_program__attach(p) : NULL;
	if (!t->link) {
		snprintf(err, len, "attach sched_switch: %s", strerror(errno));
		bpf_object__close(t->obj);
		t->obj = NULL;
		return -1;
	}
	t->watch_fd = bpf_object__find_map_fd_by_name(t->obj, "watch");
	t->stats_fd = bpf_object__find_map_fd_by_name(t->obj, "aff_stats");
	return 0;
}

static void tracer_watch(struct tracer *t, pid_t pid)
{
	uint32_t k = (uint32_t)pid;
	uint8_t v = 1;
	if (t->obj && t->watch_fd >= 0)
		bpf_map_update_elem(t->watch_fd, &k, &v, BPF_ANY);
}

static int tracer_read(struct tracer *t, struct aff_stats *s)
{
	uint32_t k = 0;
	memset(s, 0, sizeof(*s));
	if (!t->obj || t->stats_fd < 0)
		return -1;
	return bpf_map_lookup_elem(t->stats_fd, &k, s);
}

static void tracer_stop(struct tracer *t)
{
	if (t->link)
		bpf_link__destroy(t->link);
	if (t->obj)
		bpf_object__close(t->obj);
	memset(t, 0, sizeof(*t));
}

static int set_mask_of(pid_t pid, uint64_t mask)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	for (int c = 0; c < 64; c++)
		if (mask >> c & 1)
			CPU_SET(c, &set);
	return sched_setaffinity(pid, sizeof(set), &set);
}

static enum probe_status affinity_run(struct probe_ctx *c)
{
	struct workers g;
	struct tracer tr;
	char why[1400], terr[256], mbuf[64];
	if (!pu_sched_alive(c->handle, why, sizeof(why)))
		return probe_fail(c, "before the probe: %s", why);
	int ncpu = c->nr_cpus;
	if (ncpu < 2)
		return probe_skip(c, "needs at least 2 CPUs");
	int last = (ncpu - 1) & 63;
	uint64_t all = ncpu >= 64 ? ~0ull : (1ull << ncpu) - 1;
	long tmo = pu_loaded_ops_timeout_ms();
	double bound = (tmo > 0 ? (double)tmo / 1000.0 : 30.0) / 3;
	if (bound > AFF_MAX_BOUND_S)
		bound = AFF_MAX_BOUND_S;
	json_object_set_new(c->diag, "bound_s", json_real(bound));

	bool traced = tracer_start(&tr, terr, sizeof(terr)) == 0;
	json_object_set_new(c->diag, "tracer", json_string(traced ? "sched_switch" : terr));
	if (workers_init(&g) < 0) {
		tracer_stop(&tr);
		return probe_fail(c, "cannot map shared memory");
	}
	for (int i = 0; i < ncpu + 1; i++) {
		struct worker_spec w = { .comm = "scxb-hog", .policy = -1 };
		workers_start(&g, &w);
	}
	struct worker_spec pin = { .comm = "scxb-aff-pin", .policy = -1, .mask = 1ull << last, .check_cpu = true };
	struct worker_spec self = { .comm = "scxb-aff-self", .policy = -1, .check_cpu = true,
				  .masks = { 1ull, 1ull << last, all, 1ull << last, 1ull },
				  .nr_masks = 5, .period_s = AFF_SELF_PERIOD_S };
	struct worker_spec ext = { .comm = "scxb-aff-ext", .policy = -1 };
	int ipin = workers_start(&g, &pin), iself = workers_start(&g, &self), iext = workers_start(&g, &ext);
	if (ipin < 0 || iself < 0 || iext < 0) {
		workers_stop(&g, 2);
		tracer_stop(&tr);
		return probe_fail(c, "could not start the worker processes");
	}
	const int watched[3] = { ipin, iself, iext };
	for (int k = 0; k < 3; k++)
		tracer_watch(&tr, g.pids[watched[k]]);

	const uint64_t ext_masks[3] = { 1ull, 1ull << last, all };
	int ext_changes = 0, ext_fail = 0;
	double end = mono_s() + AFF_WINDOW_S, next_ext = mono_s();
	bool alive = true;
	while (alive && mono_s() < end) {
		if (mono_s() >= next_ext) {
			if (set_mask_of(g.pids[iext], ext_masks[ext_changes % 3]) == 0)
				ext_changes++;
			else
				ext_fail++;
			next_ext = mono_s() + AFF_EXT_PERIOD_S;
		}
		sleep_s(0.05);
		alive = pu_sched_alive(c->handle, why, sizeof(why));
	}
	struct aff_stats s;
	int have_trace = tracer_read(&tr, &s) == 0;
	tracer_stop(&tr);

	enum probe_status ret = PROBE_PASS;
	const char *const names[3] = { "pin", "self", "ext" };
	uint64_t samples = 0, sviol = 0;
	for (int k = 0; k < 3; k++) {
		int i = watched[k];
		char key[64];
		double gap = (double)worker_gap_ns(&g, i) / 1e9;
		snprintf(key, sizeof(key), "%s_longest_gap_ms", names[k]);
		json_object_set_new(c->diag, key, json_real(gap * 1000));
		snprintf(key, sizeof(key), "%s_chunks", names[k]);
		json_object_set_new(c->diag, key, json_integer((json_int_t)g.st[i].chunks));
		samples += g.st[i].samples;
		sviol += g.st[i].violations;
		if (ret == PROBE_PASS && g.st[i].violations)
			ret = probe_fail(c, "%s sampled itself on CPU %d outside its mask {%s} (%llu of %llu samples)",
					 g.comm[i], g.st[i].bad_cpu, pu_mask_str(g.st[i].bad_mask, mbuf, sizeof(mbuf)),
					 (unsigned long long)g.st[i].violations, (unsigned long long)g.st[i].samples);
		if (ret == PROBE_PASS && gap > bound)
			ret = probe_fail(c, "%s was kept off the CPU for %.2f s (bound %.2f s)%s", g.comm[i], gap, bound,
					 k == 0 ? ": a task pinned to one busy CPU must still run"
					 : ": it must run wherever its current mask allows");
	}
	json_object_set_new(c->diag, "self_mask_changes", json_integer(g.st[iself].mask_changes));
	json_object_set_new(c->diag, "ext_mask_changes", json_integer(ext_changes));
	json_object_set_new(c->diag, "cpu_samples", json_integer((json_int_t)samples));
	json_object_set_new(c->diag, "sample_violations", json_integer((json_int_t)sviol));
	if (have_trace) {
		json_object_set_new(c->diag, "traced_switches", json_integer((json_int_t)s.switches));
		json_object_set_new(c->diag, "traced_violations", json_integer((json_int_t)s.violations));
		json_object_set_new(c->diag, "traced_cpus", json_string(pu_mask_str(s.cpu_seen, mbuf, sizeof(mbuf))));
		if (ret == PROBE_PASS && s.violations)
			ret = probe_fail(c, "sched_switch: pid %u switched in on CPU %d outside its mask {%s} (%llu times)",
					 s.bad_pid, s.bad_cpu, pu_mask_str(s.bad_mask, mbuf, sizeof(mbuf)),
					 (unsigned long long)s.violations);
	}
	if (ret == PROBE_PASS && ext_fail)
		ret = probe_fail(c, "sched_setaffinity on a running task failed %d times", ext_fail);
	if (!alive && ret == PROBE_PASS)
		ret = probe_fail(c, "%s", why);
	int left = workers_stop(&g, 2.0);
	if (left)
		json_object_set_new(c->diag, "unreaped_workers", json_integer(left));
	return ret;
}

static const struct probe affinity_probe = {
	.name = "affinity",
	.desc = "tasks never run outside their cpumask (sampled + sched_switch), also when masks change mid-run; a task pinned to a busy CPU runs",
	.order = 12,
	.flags = PROBE_ROW | PROBE_ATTACHED | PROBE_NEEDS_2CPUS,
	.run = affinity_run,
};
PROBE_REGISTER(affinity_probe);
