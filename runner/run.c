// SPDX-License-Identifier: GPL-2.0-only
/* See run.h.
 *
 * Order of a run (run_design.h): the workloads run in rounds; in round r
 * every row (EEVDF baseline, then the schedulers, in an order rotated per
 * round) is attached -> verified -> runs repeat r of each workload ->
 * detached (verify disabled, read exit info). --order sequential runs all
 * repeats of a row in one cycle instead. Then per row: probes that need the
 * row attached (one more cycle) -> the lifecycle point (every cycle clean)
 * -> probes that load the row themselves. Kernel-scope probes run once at
 * the end. A (row, workload) point is written when the rounds are done.
 * Every item runs in a child process in its own cgroup with a time bound;
 * every completed item is appended to results.jsonl before the next starts.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance/probe.h"
#include "reports/results.h"
#include "reports/tap.h"
#include "runner/cgroup.h"
#include "runner/bpf_stats.h"
#include "runner/child.h"
#include "runner/clock.h"
#include "runner/log.h"
#include "runner/progress.h"
#include "runner/provenance.h"
#include "runner/repro.h"
#include "runner/rqlat.h"
#include "runner/run.h"
#include "runner/run_design.h"
#include "runner/run_reports.h"
#include "runner/sched.h"
#include "runner/signals.h"
#include "runner/stale.h"
#include "runner/sysmetrics.h"
#include "workloads/workload.h"

#define PROBE_DEFAULT_BOUND_S 120.0

struct run_state {
	struct run_opts *o;
	struct tap tap;
	struct results *res;
	struct progress prog;
	int nr_cpus;
	bool any_failed;
	struct sched_handle *cur; /* the row's attached scheduler */
	struct rqlat *rq;         /* run-queue latency tracer, NULL if off or unavailable */
	int bpf_stats_fd;         /* --bpf-stats: keeps the kernel's run-time statistics on; -1 */
	struct bpf_stats_snap *bs0; /* --bpf-stats: the row's programs before a repeat */
};

int run_preflight(const struct run_opts *o, char *err, size_t errlen)
{
	char state[64];
	bool need_scx = o->nr_rows > 0;
	for (int i = 0; i < o->nr_probes && !need_scx; i++)
		need_scx = (probe_find(o->probes[i])->flags & PROBE_KERNEL) != 0;
	if (geteuid() != 0) {
		snprintf(err, errlen, "must run as root (it loads BPF schedulers and creates cgroups)");
		return EXIT_ENV;
	}
	if (need_scx && !scx_supported()) {
		snprintf(err, errlen, "this kernel has no sched_ext (/sys/kernel/sched_ext missing); run in a sched_ext VM: add --vm, or: ci/vm -- scxbench run ...");
		return EXIT_ENV;
	}
	if (scx_supported() && scx_state(state, sizeof(state)) == 0 && strcmp(state, "disabled") != 0) {
		char ops[128];
		scx_ops_name(ops, sizeof(ops));
		snprintf(err, errlen, "a sched_ext scheduler is already loaded (ops '%s', state %s): refusing to displace it; stop it first",
			 ops[0] ? ops : "?", state);
		return EXIT_ENV;
	}
	if (!cgroup_v2_available()) {
		snprintf(err, errlen, "cgroup v2 is not mounted at /sys/fs/cgroup (needed to contain workloads)");
		return EXIT_ENV;
	}
	return 0;
}

/* An item's time bound, capped by --item-timeout: the user's way to keep a
 * hung workload or probe from holding the run for the default bound. */
static double item_bound(const struct run_opts *o, double bound)
{
	return o->item_timeout_s > 0 && o->item_timeout_s < bound ? o->item_timeout_s : bound;
}

/* ---- workloads in a child ------------------------------------------------ */
struct wl_job {
	const struct workload *wl;
	struct wl_params p;
};

static json_t *wl_child(void *arg)
{
	struct wl_job *j = arg;
	struct wl_result r;
	wl_result_init(&r);
	if (j->wl->needs_tool) {
		char cmd[256];
		snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", j->wl->needs_tool);
		if (system(cmd) != 0) {
			wl_skip(&r, "%s is not installed (ci/setup installs it)", j->wl->needs_tool);
			goto out;
		}
	}
	if (j->wl->run(&j->p, &r) != 0 && r.status == WL_OK)
		wl_fail(&r, "workload returned an error");
out:;
	json_t *o = wl_result_to_json(&r);
	wl_result_free(&r);
	return o;
}

static int watch_sched(void *arg)
{
	struct sched_handle *h = arg;
	return h && !sched_running(h);
}

static json_t *counters_delta(json_t *before, json_t *after)
{
	json_t *d = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(after, k, v)
		json_object_set_new(d, k, json_integer(json_integer_value(v) -
						      json_integer_value(json_object_get(before, k))));
	return d;
}

static double tick_rqlat(void *rq)
{
	return rqlat_tick(rq);
}

/* --bpf-stats: what the row's programs cost over the repeat, since
 * st->bs0, into rec and a TAP comment. */
static void record_bpf_stats(struct run_state *st, const struct sched_spec *row, const struct workload *wl,
			     json_t *rec, double elapsed_s)
{
	struct bpf_stats_snap *s1 = malloc(sizeof(*s1));
	if (!s1 || sched_bpf_stats(st->cur, s1) < 0) {
		free(s1);
		return;
	}
	json_t *bs = bpf_stats_delta_json(st->bs0, s1, elapsed_s);
	char line[512];
	bpf_stats_line(bs, 3, line, sizeof(line));
	tap_comment(&st->tap, "%s %s repeat %d: %s", row->name, wl->name,
		    (int)json_integer_value(json_object_get(rec, "repeat")) + 1, line);
	json_object_set_new(rec, "bpf_stats", bs);
	free(s1);
}

/* Runs one repeat; returns the repeat record (new reference). */
static json_t *run_repeat(struct run_state *st, const struct sched_spec *row, const char *wl_spec,
			  const struct workload *wl, int rep)
{
	struct run_opts *o = st->o;
	struct wl_job job = { .wl = wl };
	char cgname[128], cgpath[512];
	snprintf(cgname, sizeof(cgname), "%s-%s-%d", row->name, wl->name, rep);
	for (char *c = cgname; *c; c++)
		if (*c == '/' || *c == ' ' || *c == ':')
			*c = '_';
	snprintf(cgpath, sizeof(cgpath), "%s/%s", cgroup_run_path(), cgname);
	job.p.duration_s = o->duration_s;
	job.p.nr_cpus = st->nr_cpus;
	job.p.arg = strchr(wl_spec, ':') ? strchr(wl_spec, ':') + 1 : NULL;
	job.p.cgroup = cgpath;

	struct sys_snapshot s0, s1;
	json_t *c0 = st->cur ? sched_counters_json(st->cur) : NULL;
	bool bpf_stats = st->bs0 && st->cur && sched_bpf_stats(st->cur, st->bs0) == 0;
	rqlat_reset(st->rq, o->duration_s);
	sys_snapshot_take(&s0);
	child_set_watch(st->cur && row->kind != SCHED_EEVDF ? watch_sched : NULL, st->cur);
	child_set_tick(st->rq ? tick_rqlat : NULL, st->rq);
	struct child_result cr;
	double bound = item_bound(o, o->duration_s * o->timeout_factor + 30);
	child_run(wl_child, &job, cgname, bound, &cr);
	child_set_tick(NULL, NULL);
	child_set_watch(NULL, NULL);
	sys_snapshot_take(&s1);
	json_t *runq = rqlat_read_and_reset(st->rq); /* NULL without the tracer */

	json_t *rec = json_object();
	json_object_set_new(rec, "repeat", json_integer(rep));
	json_object_set_new(rec, "elapsed_s", json_real(cr.elapsed_s));
	if (cr.status == CHILD_OK) {
		struct wl_result r;
		char e[256];
		if (wl_result_from_json(cr.out, &r, e, sizeof(e)) == 0) {
			static const char *const names[] = { "ok", "fail", "skip" };
			json_object_set_new(rec, "status", json_string(names[r.status]));
			json_object_set_new(rec, "reason", json_string(r.reason));
			json_object_set(rec, "params", r.params);
			json_object_set(rec, "metrics", r.metrics);
			json_object_set(rec, "detail", r.detail);
			wl_result_free(&r);
		} else {
			json_object_set_new(rec, "status", json_string("fail"));
			json_object_set_new(rec, "reason", json_string(e));
		}
	} else {
		json_object_set_new(rec, "status",
				    json_string(cr.status == CHILD_TIMEOUT ? "timeout" : "fail"));
		json_object_set_new(rec, "reason", json_string(cr.reason));
		/* cut short by a signal: measured nothing (the caller drops it) */
		if (cr.status == CHILD_INTERRUPTED)
			json_object_set_new(rec, "interrupted", json_true());
	}
	json_decref(cr.out);
	if (!json_object_get(rec, "params"))
		json_object_set_new(rec, "params", json_object());
	if (!json_object_get(rec, "metrics"))
		json_object_set_new(rec, "metrics", json_array());
	{
		size_t i;
		json_t *m;
		const char *chosen = json_string_value(json_object_get(json_object_get(rec, "params"), "headline"));
		json_array_foreach(json_object_get(rec, "metrics"), i, m)
			if (workload_is_headline(wl, json_string_value(json_object_get(m, "name")), chosen))
				json_object_set_new(m, "headline", json_true());
	}
	json_object_set_new(json_object_get(rec, "params"), "duration_s", json_real(o->duration_s));
	if (job.p.arg)
		json_object_set_new(json_object_get(rec, "params"), "arg", json_string(job.p.arg));
	json_object_set_new(rec, "system", sys_snapshot_delta(&s0, &s1));
	if (runq)
		json_object_set_new(json_object_get(rec, "system"), "runq_latency", runq);
	sys_snapshot_free(&s0);
	sys_snapshot_free(&s1);
	if (c0) {
		json_t *c1 = sched_counters_json(st->cur);
		json_object_set_new(rec, "sched_counters", counters_delta(c0, c1));
		json_decref(c0);
		json_decref(c1);
	}
	if (bpf_stats)
		record_bpf_stats(st, row, wl, rec, cr.elapsed_s);
	/* a scheduler that died during the repeat invalidates it */
	if (st->cur && row->kind != SCHED_EEVDF && !sched_running(st->cur)) {
		struct sched_exit ex;
		sched_peek_exit(st->cur, &ex);
		char why[1200];
		snprintf(why, sizeof(why), "scheduler exited during the workload: %s%s%s",
			 ex.valid ? sched_exit_kind_name(ex.kind) : "no exit info",
			 ex.valid ? ": " : "", ex.valid ? ex.msg : "");
		json_object_set_new(rec, "status", json_string("fail"));
		json_object_set_new(rec, "reason", json_string(why));
	}
	return rec;
}

static const char *main_metric_line(json_t *metrics, char *buf, size_t len)
{
	size_t i, used = 0;
	json_t *m;
	buf[0] = '\0';
	json_array_foreach(metrics, i, m) {
		if (i >= 3)
			break;
		/* "7.5e+04 1/s", "266.9ms": a space unless the unit starts
		 * with a letter, so a value never runs into a digit */
		const char *unit = json_string_value(json_object_get(m, "unit")) ?: "";
		int w = snprintf(buf + used, len - used, "%s%s=%.4g%s%s", used ? " " : "",
				 json_string_value(json_object_get(m, "name")),
				 json_number_value(json_object_get(m, "value")),
				 unit[0] && !isalpha((unsigned char)unit[0]) && unit[0] != '%' ? " " : "", unit);
		if (w > 0 && (size_t)w < len - used)
			used += (size_t)w;
	}
	return buf;
}

/* One (row, workload): its repeats accumulate over the rounds, and its TAP
 * point is written when the last repeat is in. */
struct wl_acc {
	int nok, nskip, nfail, ntimeout, ndone;
	char reason[2100];
	json_t *all; /* metric arrays of the repeats */
};

/* A scheduler row across the rounds of a run. */
struct row_state {
	const struct sched_spec *row;
	json_t *entry;           /* its "schedulers" record */
	char error[2048];        /* attach failed: every item of the row fails with this */
	char died[1300];         /* it exited mid-round: later items fail with this */
	bool announced;          /* the "attached" comment was written */
	bool was_running;        /* every cycle was still running when detached */
	bool detach_ok;
	char why[1400];          /* first lifecycle problem */
	struct sched_exit exit;  /* the first bad cycle's exit, else the last one's */
	struct wl_acc *wl;       /* [o->nr_workloads] */
};

static void report_workload(struct run_state *st, struct row_state *rs, int wi)
{
	struct run_opts *o = st->o;
	const struct sched_spec *row = rs->row;
	struct wl_acc *a = &rs->wl[wi];
	const char *wl_spec = o->workloads[wi];
	char desc[256];
	snprintf(desc, sizeof(desc), "%s %s", row->name, wl_spec);
	json_t *diag = json_pack("{s:s, s:s}", "scheduler", row->name, "workload", wl_spec);
	const char *ops = json_string_value(json_object_get(json_object_get(rs->entry, "info"), "ops"));
	if (row->kind != SCHED_EEVDF && ops)
		json_object_set_new(diag, "ops", json_string(ops));
	if (a->ndone < o->repeat && scxb_interrupted) {
		json_object_set_new(diag, "reason", json_string("interrupted"));
		tap_point(&st->tap, false, desc, NULL, diag);
		st->any_failed = true;
		json_decref(diag);
		return;
	}
	/* diagnostics: median of each metric over repeats */
	json_t *by_name = json_object();
	size_t i, k;
	json_t *ms, *m;
	json_array_foreach(a->all, i, ms) json_array_foreach(ms, k, m) {
		const char *n = json_string_value(json_object_get(m, "name"));
		if (!n)
			continue;
		if (!json_object_get(by_name, n))
			json_object_set_new(by_name, n, json_array());
		json_array_append(json_object_get(by_name, n), json_object_get(m, "value"));
	}
	const char *n;
	json_object_foreach(by_name, n, ms) {
		json_t *sum = results_summarize_values(ms);
		json_object_set(diag, n, json_object_get(sum, "median"));
		json_decref(sum);
	}
	json_decref(by_name);
	json_object_set_new(diag, "repeats", json_integer(o->repeat));
	if (a->nfail) {
		json_object_set_new(diag, "reason", json_string(a->reason));
		repro_diag(diag, o, row, wl_spec, NULL);
		tap_point_directive(&st->tap, false, desc, a->ntimeout ? "timeout" : NULL, NULL, diag);
		st->any_failed = true;
	} else if (a->nskip && !a->nok) {
		tap_point(&st->tap, true, desc, a->reason, diag);
	} else {
		tap_point(&st->tap, true, desc, NULL, diag);
	}
	json_decref(diag);
}

/* Repeat rep of workload wi on the row (attached, or failed to). */
static void run_cell(struct run_state *st, struct row_state *rs, int wi, int rep, int slot)
{
	struct run_opts *o = st->o;
	const struct sched_spec *row = rs->row;
	const char *wl_spec = o->workloads[wi];
	struct wl_acc *a = &rs->wl[wi];
	if (scxb_interrupted)
		return;
	progress_item(&st->prog, row->name, wl_spec, rep + 1, o->repeat);
	if (o->resume && results_has_repeat(st->res, row->name, wl_spec, rep)) {
		progress_step(&st->prog);
		a->nok++;
		a->ndone++;
	} else if (rs->error[0] || rs->died[0]) {
		/* no repeat record: nothing was measured */
		progress_step(&st->prog);
		a->nfail++;
		a->ndone++;
		if (!a->reason[0])
			snprintf(a->reason, sizeof(a->reason), "%s", rs->error[0] ? rs->error : rs->died);
	} else {
		json_t *rec = run_repeat(st, row, wl_spec, workload_find(wl_spec), rep);
		progress_step(&st->prog);
		/* only a repeat the signal cut short is dropped: one that
		 * finished just before the signal is a complete result and is
		 * kept (the run stops before the next item) */
		if (json_object_get(rec, "interrupted")) {
			json_decref(rec);
			return;
		}
		json_object_set_new(rec, "round", json_integer(rep));
		json_object_set_new(rec, "slot", json_integer(slot));
		const char *s = json_string_value(json_object_get(rec, "status"));
		if (!strcmp(s, "ok"))
			a->nok++;
		else if (!strcmp(s, "skip"))
			a->nskip++;
		else
			a->nfail++;
		if (!strcmp(s, "timeout"))
			a->ntimeout++;
		if (strcmp(s, "ok") != 0 && !a->reason[0])
			snprintf(a->reason, sizeof(a->reason), "%s%s", !strcmp(s, "timeout") ? "timeout: " : "",
				 json_string_value(json_object_get(rec, "reason")) ?: "");
		char line[256];
		log_progress_result(&st->prog, "%s %s repeat %d/%d: %s %s", row->name, wl_spec, rep + 1,
				    o->repeat, s, main_metric_line(json_object_get(rec, "metrics"), line, sizeof(line)));
		json_array_append(a->all, json_object_get(rec, "metrics"));
		results_add_repeat(st->res, row->name, wl_spec, rec);
		a->ndone++;
	}
}

/* ---- probes in a child ----------------------------------------------------- */
struct probe_job {
	const struct probe *p;
	struct probe_ctx ctx;
};

static json_t *probe_child(void *arg)
{
	struct probe_job *j = arg;
	j->ctx.diag = json_object();
	enum probe_status s = j->p->run(&j->ctx);
	json_t *o = json_pack("{s:s, s:s, s:O}", "status", probe_status_name(s), "reason", j->ctx.reason,
			      "diag", j->ctx.diag);
	json_decref(j->ctx.diag);
	return o;
}

static void run_probe(struct run_state *st, const struct probe *p, const struct sched_spec *row,
		      const char *row_name, const char *row_error)
{
	char desc[256];
	snprintf(desc, sizeof(desc), "%s probe %s", row_name, p->name);
	progress_item(&st->prog, row_name, p->name, 1, 1);
	json_t *rec = json_pack("{s:s, s:s}", "scheduler", row_name, "probe", p->name);
	char status[16] = "fail";
	char reason[1024] = "";
	json_t *diag = NULL;

	if (st->o->resume && results_has_probe(st->res, row_name, p->name)) {
		progress_step(&st->prog);
		tap_point(&st->tap, true, desc, "done in the resumed run", NULL);
		json_decref(rec);
		return;
	}
	if (row_error) {
		snprintf(reason, sizeof(reason), "%s", row_error);
	} else if ((p->flags & PROBE_NEEDS_2CPUS) && st->nr_cpus < 2) {
		snprintf(status, sizeof(status), "skip");
		snprintf(reason, sizeof(reason), "needs at least 2 CPUs, this system has %d", st->nr_cpus);
	} else {
		struct probe_job job = { .p = p };
		job.ctx.spec = row;
		job.ctx.handle = (p->flags & PROBE_ATTACHED) ? st->cur : NULL;
		job.ctx.nr_cpus = st->nr_cpus;
		job.ctx.duration_s = st->o->duration_s;
		double bound = item_bound(st->o, p->time_bound_s > 0 ? p->time_bound_s
						   : PROBE_DEFAULT_BOUND_S + st->o->duration_s * st->o->timeout_factor);
		char cg[128];
		snprintf(cg, sizeof(cg), "probe-%s-%s", row_name, p->name);
		child_set_watch(NULL, NULL);
		struct child_result cr;
		child_run(probe_child, &job, cg, bound, &cr);
		if (cr.status == CHILD_OK) {
			snprintf(status, sizeof(status), "%s",
				 json_string_value(json_object_get(cr.out, "status")) ?: "fail");
			snprintf(reason, sizeof(reason), "%s", json_string_value(json_object_get(cr.out, "reason")) ?: "");
			diag = json_incref(json_object_get(cr.out, "diag"));
		} else {
			snprintf(status, sizeof(status), "%s", cr.status == CHILD_TIMEOUT ? "timeout" : "fail");
			snprintf(reason, sizeof(reason), "%s", cr.reason);
		}
		json_decref(cr.out);
		json_object_set_new(rec, "elapsed_s", json_real(cr.elapsed_s));
		/* a probe must leave no scheduler behind */
		char state[64];
		if (!(p->flags & PROBE_ATTACHED) && scx_state(state, sizeof(state)) == 0 &&
		    strcmp(state, "disabled") != 0 && scx_wait_state("disabled", 10000) < 0) {
			snprintf(status, sizeof(status), "fail");
			snprintf(reason, sizeof(reason), "probe left sched_ext state '%s'", state);
		}
	}
	progress_step(&st->prog);
	if (scxb_interrupted) {
		snprintf(status, sizeof(status), "fail");
		snprintf(reason, sizeof(reason), "interrupted");
	}
	bool timeout = !strcmp(status, "timeout");
	if (!diag)
		diag = json_object();
	json_object_set_new(rec, "status", json_string(timeout ? "fail" : status));
	json_object_set_new(rec, "reason", json_string(reason));
	json_object_set_new(rec, "timeout", json_boolean(timeout));
	json_object_set(rec, "diag", diag);
	if (!scxb_interrupted)
		results_add_probe(st->res, json_incref(rec));
	json_t *tdiag = json_deep_copy(diag);
	if (reason[0] && strcmp(status, "skip") != 0)
		json_object_set_new(tdiag, "reason", json_string(reason));
	bool ok = !strcmp(status, "pass") || !strcmp(status, "skip");
	if (!ok)
		repro_diag(tdiag, st->o, row, NULL, p->name);
	tap_point_directive(&st->tap, ok, desc, !strcmp(status, "skip") ? "SKIP" : timeout ? "timeout" : NULL,
			    !strcmp(status, "skip") ? reason : NULL, tdiag);
	if (!ok)
		st->any_failed = true;
	log_progress_result(&st->prog, "%s: %s%s%s", desc, status, reason[0] ? " - " : "", reason);
	json_decref(tdiag);
	json_decref(diag);
	json_decref(rec);
}

/* ---- rows ------------------------------------------------------------------- */
static struct row_state *row_new(struct run_state *st, const struct sched_spec *row)
{
	struct row_state *rs = calloc(1, sizeof(*rs));
	rs->row = row;
	rs->wl = calloc((size_t)st->o->nr_workloads + 1, sizeof(*rs->wl));
	for (int i = 0; i < st->o->nr_workloads; i++)
		rs->wl[i].all = json_array();
	rs->entry = json_pack("{s:s, s:s}", "name", row->name, "kind", sched_kind_name(row->kind));
	if (row->object[0] && strcmp(row->object, row->name))
		json_object_set_new(rs->entry, "object", json_string(row->object));
	json_t *opts = json_object();
	for (int i = 0; i < row->nr_opts; i++)
		json_object_set_new(opts, row->opts[i].key, json_string(row->opts[i].value));
	json_object_set_new(rs->entry, "options", opts);
	rs->was_running = rs->detach_ok = true;
	return rs;
}

static void row_free(struct run_state *st, struct row_state *rs)
{
	for (int i = 0; i < st->o->nr_workloads; i++)
		json_decref(rs->wl[i].all);
	json_decref(rs->entry);
	free(rs->wl);
	free(rs);
}

/* Attach the row for one cycle (a round, or the probes). The first
 * failure to attach is kept: the row is not tried again. */
static void row_attach(struct run_state *st, struct row_state *rs)
{
	const struct sched_spec *row = rs->row;
	char err[2048] = "";
	st->cur = NULL;
	if (rs->error[0])
		return;
	progress_row(&st->prog, row->name);
	if (sched_attach(row, &st->cur, err, sizeof(err)) < 0) {
		snprintf(rs->error, sizeof(rs->error), "%s", err);
		st->cur = NULL;
		log_error("%s", err);
		tap_comment(&st->tap, "scheduler %s: attach failed: %s", row->name, err);
		return;
	}
	if (!rs->announced) {
		rs->announced = true;
		if (row->kind != SCHED_EEVDF) {
			char state[64] = "", ops[128] = "";
			scx_state(state, sizeof(state));
			scx_ops_name(ops, sizeof(ops));
			tap_comment(&st->tap, "scheduler %s attached: ops=%s state=%s enable_seq=%lld", row->name,
				    ops, state, scx_read_ll("enable_seq"));
		} else {
			tap_comment(&st->tap, "scheduler eevdf: kernel default, no BPF scheduler loaded");
		}
	}
	if (!json_object_get(rs->entry, "info"))
		json_object_set_new(rs->entry, "info", sched_info_json(st->cur));
}

/* Has the attached scheduler exited by itself? Then the row's later
 * items fail with its exit. */
static bool row_check_alive(struct run_state *st, struct row_state *rs)
{
	if (rs->died[0] || !st->cur || rs->row->kind == SCHED_EEVDF || sched_running(st->cur))
		return !rs->died[0];
	struct sched_exit ex;
	sched_peek_exit(st->cur, &ex);
	snprintf(rs->died, sizeof(rs->died), "scheduler is no longer running: %s%s%s",
		 ex.valid ? sched_exit_kind_name(ex.kind) : "no exit info", ex.valid ? ": " : "",
		 ex.valid ? ex.msg : "");
	return false;
}

/* Detach (always, also when interrupted) and judge the cycle. */
static void row_detach(struct run_state *st, struct row_state *rs)
{
	const struct sched_spec *row = rs->row;
	if (!st->cur)
		return;
	struct sched_exit ex = { 0 };
	char derr[512] = "";
	bool bpf = row->kind != SCHED_EEVDF;
	bool running = bpf && sched_running(st->cur);
	if (bpf) {
		json_object_set_new(rs->entry, "counters", sched_counters_json(st->cur));
		json_t *info = json_object_get(rs->entry, "info");
		if (row->kind == SCHED_CMD && info) {
			json_t *fresh = sched_info_json(st->cur);
			json_object_update(info, fresh);
			json_decref(fresh);
		}
	}
	bool ok = sched_detach(st->cur, &ex, derr, sizeof(derr)) == 0;
	st->cur = NULL;
	if (!bpf)
		return;
	bool had_problem = rs->why[0] != '\0';
	if (!running && rs->was_running) {
		rs->was_running = false;
		if (!rs->why[0])
			snprintf(rs->why, sizeof(rs->why), "scheduler exited before detach: %s: %s",
				 ex.valid ? sched_exit_kind_name(ex.kind) : "no exit info", ex.valid ? ex.msg : "");
	} else if (!ok && rs->detach_ok) {
		rs->detach_ok = false;
		if (!rs->why[0])
			snprintf(rs->why, sizeof(rs->why), "%s", derr);
	} else if (running && ok && row->kind != SCHED_CMD && ex.valid && ex.kind != SCXB_EXIT_UNREG &&
		   !rs->why[0]) {
		snprintf(rs->why, sizeof(rs->why), "unexpected exit kind %s: %s", sched_exit_kind_name(ex.kind),
			 ex.msg);
	}
	/* keep the exit of the first cycle that went wrong, else the last */
	if (!had_problem)
		rs->exit = ex;
}

/* After the rounds: probes that need the row attached (one more cycle),
 * the lifecycle point, probes that load the row themselves; then the row's
 * record. */
static void row_finish(struct run_state *st, struct row_state *rs)
{
	struct run_opts *o = st->o;
	const struct sched_spec *row = rs->row;
	bool any_attached = false;
	for (int i = 0; i < o->nr_probes; i++) {
		const struct probe *p = probe_find(o->probes[i]);
		any_attached |= (p->flags & PROBE_ROW) && (p->flags & PROBE_ATTACHED);
	}
	/* a row no round attached (no workloads) is attached here once, so
	 * its lifecycle is always tested */
	if (row->kind != SCHED_EEVDF && !scxb_interrupted && (any_attached || !rs->announced)) {
		row_attach(st, rs);
		for (int i = 0; i < o->nr_probes && !scxb_interrupted; i++) {
			const struct probe *p = probe_find(o->probes[i]);
			if ((p->flags & PROBE_ROW) && (p->flags & PROBE_ATTACHED))
				run_probe(st, p, row, row->name, rs->error[0] ? rs->error : NULL);
		}
		row_detach(st, rs);
	}
	json_object_set_new(rs->entry, "exit", sched_exit_json(&rs->exit));
	if (row->kind != SCHED_EEVDF) {
		/* lifecycle test point: attached, stayed up, detached cleanly,
		 * in every cycle */
		char desc[128];
		json_t *diag = json_pack("{s:s}", "scheduler", row->name);
		char why[2100] = "";
		if (rs->error[0])
			snprintf(why, sizeof(why), "%s", rs->error);
		else if (!rs->announced && scxb_interrupted)
			snprintf(why, sizeof(why), "interrupted");
		else
			snprintf(why, sizeof(why), "%s", rs->why);
		bool ok = !why[0];
		sched_exit_diag(diag, &rs->exit);
		sched_notices_diag(json_object_get(rs->entry, "info"), diag);
		char state[64] = "";
		scx_state(state, sizeof(state));
		json_object_set_new(diag, "state_after", json_string(state));
		if (why[0])
			json_object_set_new(diag, "reason", json_string(why));
		if (!ok)
			repro_diag(diag, o, row, NULL, NULL);
		snprintf(desc, sizeof(desc), "%s attach/detach", row->name);
		tap_point(&st->tap, ok, desc, NULL, diag);
		json_decref(diag);
		if (!ok)
			st->any_failed = true;
		json_object_set_new(rs->entry, "status", json_string(ok ? "ok" : "fail"));
		if (why[0])
			json_object_set_new(rs->entry, "error", json_string(why));
		for (int i = 0; i < o->nr_probes && !scxb_interrupted; i++) {
			const struct probe *p = probe_find(o->probes[i]);
			if ((p->flags & PROBE_ROW) && !(p->flags & PROBE_ATTACHED))
				run_probe(st, p, row, row->name, rs->error[0] ? rs->error : NULL);
		}
	} else {
		json_object_set_new(rs->entry, "status", json_string(rs->error[0] ? "fail" : "ok"));
		if (rs->error[0])
			json_object_set_new(rs->entry, "error", json_string(rs->error));
	}
	results_add_scheduler(st->res, json_incref(rs->entry));
}

/* One cycle of a row: attach, the given repeats, detach. reps < 0: every
 * repeat of every workload (sequential order). */
static void row_cycle(struct run_state *st, struct row_state *rs, int rep, int *slot)
{
	struct run_opts *o = st->o;
	/* a resumed run attaches only rows with work left in this cycle */
	bool work = false;
	for (int wi = 0; wi < o->nr_workloads && !work; wi++)
		for (int r = rep < 0 ? 0 : rep; r < (rep < 0 ? o->repeat : rep + 1) && !work; r++)
			work = !(o->resume && results_has_repeat(st->res, rs->row->name, o->workloads[wi], r));
	if (work && !rs->error[0] && !rs->died[0])
		row_attach(st, rs);
	for (int wi = 0; wi < o->nr_workloads && !scxb_interrupted; wi++)
		for (int r = rep < 0 ? 0 : rep; r < (rep < 0 ? o->repeat : rep + 1) && !scxb_interrupted; r++) {
			row_check_alive(st, rs);
			run_cell(st, rs, wi, r, (*slot)++);
		}
	row_detach(st, rs);
}

/* Time the row and kernel probes will take after the rounds, for --budget:
 * what they took under TCG on 2 vCPUs (README, statistics), capped by
 * their own bounds. */
#define BUDGET_MIN_ROUNDS 3
#define PROBE_TYPICAL_S 25.0
static double probes_estimate_s(const struct run_opts *o)
{
	double t = 0;
	for (int i = 0; i < o->nr_probes; i++) {
		const struct probe *p = probe_find(o->probes[i]);
		double one = item_bound(o, p->time_bound_s > 0 && p->time_bound_s < PROBE_TYPICAL_S ? p->time_bound_s
												: PROBE_TYPICAL_S);
		t += one * ((p->flags & PROBE_KERNEL) ? 1 : o->nr_rows);
	}
	return t;
}

static int count_plan(const struct run_opts *o, int rows_total, int bpf_rows, int *steps)
{
	int n = rows_total * o->nr_workloads, kernel = 0, row_probes = 0;
	for (int i = 0; i < o->nr_probes; i++) {
		const struct probe *p = probe_find(o->probes[i]);
		if (p->flags & PROBE_KERNEL)
			kernel++;
		else if (p->flags & PROBE_ROW)
			row_probes++;
	}
	n += bpf_rows * (1 + row_probes) + kernel;
	*steps = rows_total * o->nr_workloads * o->repeat + bpf_rows * row_probes + kernel;
	return n;
}

int run_main(struct run_opts *o)
{
	struct run_state st = { .o = o, .bpf_stats_fd = -1 };
	char err[2048];
	int rc = run_preflight(o, err, sizeof(err));
	if (rc) {
		log_error("%s", err);
		return rc;
	}
	/* up front: a run asked to attribute cost that cannot is no run; the
	 * fd is closed by the kernel on any exit, which turns them off */
	if (o->bpf_stats) {
		st.bs0 = malloc(sizeof(*st.bs0));
		if (!st.bs0 || (st.bpf_stats_fd = bpf_stats_enable(err, sizeof(err))) < 0) {
			log_error("%s", st.bs0 ? err : "--bpf-stats: out of memory");
			free(st.bs0);
			return EXIT_ENV;
		}
	}
	log_set_verbose(o->verbose);
	st.nr_cpus = online_cpus();
	/* before anything is created: a signal from here on only sets the flag,
	 * so the cgroup made next is always removed again and the results file
	 * always gets its footer (installed later, an early SIGINT killed us
	 * with the run's cgroup left behind) */
	signals_install();
	if (cgroup_setup(o->out_dir, err, sizeof(err)) < 0) {
		log_error("%s", err);
		return EXIT_ENV;
	}
	stale_log();
	json_t *tool = provenance_tool();
	json_t *prov = provenance_collect(o);
	{
		const char *names[CLI_MAX_ROWS + 1];
		int n = 0;
		if (!o->no_baseline)
			names[n++] = "eevdf";
		for (int i = 0; i < o->nr_rows; i++)
			names[n++] = o->rows[i].name;
		json_object_set_new(json_object_get(prov, "params"), "design",
				    run_design_json(o->order, o->seed, o->repeat, n, names));
	}
	st.res = results_open(o->out_dir, tool, prov, o->resume, err, sizeof(err));
	if (!st.res) {
		log_error("%s", err);
		json_decref(tool);
		json_decref(prov);
		cgroup_teardown();
		return EXIT_ENV;
	}
	/* one tracer for the whole run; a run without it is still a run */
	if (!o->no_tracer && !(st.rq = rqlat_start(o->tracer_duty / 100.0, err, sizeof(err))))
		log_warn("%s; continuing without runq_latency", err);

	struct sched_spec baseline = { .kind = SCHED_EEVDF };
	snprintf(baseline.name, sizeof(baseline.name), "eevdf");
	int rows_total = o->nr_rows + (o->no_baseline ? 0 : 1), steps;
	int plan = count_plan(o, rows_total, o->nr_rows, &steps);

	tap_init(&st.tap, stdout);
	tap_plan(&st.tap, plan);
	{
		json_t *topo = json_object_get(prov, "topology");
		tap_comment(&st.tap, "scxbench %s (%s) kernel %s, %d CPU%s (%s), %s", SCXB_VERSION, provenance_git_hash(),
			    json_string_value(json_object_get(prov, "kernel")), st.nr_cpus, st.nr_cpus == 1 ? "" : "s",
			    json_string_value(json_object_get(topo, "preset")),
			    getenv("SCXBENCH_VM_ACCEL") ? getenv("SCXBENCH_VM_ACCEL") : "no VM");
		tap_comment(&st.tap, "duration %.3g s x %d repeat%s; results in %s", o->duration_s, o->repeat,
			    o->repeat == 1 ? "" : "s", o->out_dir);
	}
	progress_init(&st.prog, steps, o->duration_s);

	/* rows: the EEVDF baseline first, then the schedulers in the order
	 * given; rounds interleave them (run_design.h) */
	int nrows = 0;
	struct row_state *rows[CLI_MAX_ROWS + 1];
	if (!o->no_baseline)
		rows[nrows++] = row_new(&st, &baseline);
	for (int i = 0; i < o->nr_rows; i++)
		rows[nrows++] = row_new(&st, &o->rows[i]);
	int slot = 0;
	if (o->nr_workloads > 0 && o->order == RUN_ORDER_INTERLEAVED) {
		int order[CLI_MAX_ROWS + 1];
		double t0 = mono_s(), reserve = probes_estimate_s(o);
		for (int rep = 0; rep < o->repeat && !scxb_interrupted; rep++) {
			double r0 = mono_s();
			run_design_round_order(nrows, o->seed, rep, order);
			for (int k = 0; k < nrows && !scxb_interrupted; k++)
				row_cycle(&st, rows[order[k]], rep, &slot);
			if (o->budget_s > 0 && !scxb_interrupted) {
				/* go on while one more round (as long as this one, with
				 * 10% to spare) and the probes still fit */
				double now = mono_s(), rt = now - r0;
				int fit = (int)((o->budget_s - (now - t0) - reserve) / (rt * 1.1));
				int rounds = rep + 1 + (fit > 0 ? fit : 0);
				if (rounds < BUDGET_MIN_ROUNDS)
					rounds = BUDGET_MIN_ROUNDS;
				if (rounds < o->repeat) {
					st.prog.total -= (o->repeat - rounds) * (nrows * o->nr_workloads);
					o->repeat = rounds;
				}
			}
		}
		if (o->budget_s > 0)
			tap_comment(&st.tap, "budget %.0f s: %d rounds of %d rows x %d workloads fit, %.0f s reserved for "
				    "the probes", o->budget_s, o->repeat, nrows, o->nr_workloads, reserve);
	} else if (o->nr_workloads > 0) {
		for (int k = 0; k < nrows && !scxb_interrupted; k++)
			row_cycle(&st, rows[k], -1, &slot);
	}
	/* one point per (row, workload), in plan order once the rounds are
	 * done (an interrupted one says so) */
	for (int k = 0; k < nrows; k++)
		for (int wi = 0; wi < o->nr_workloads; wi++)
			report_workload(&st, rows[k], wi);
	for (int k = 0; k < nrows; k++) {
		if (!scxb_interrupted || rows[k]->announced)
			row_finish(&st, rows[k]);
		row_free(&st, rows[k]);
	}
	for (int i = 0; i < o->nr_probes && !scxb_interrupted; i++) {
		const struct probe *p = probe_find(o->probes[i]);
		if (p->flags & PROBE_KERNEL)
			run_probe(&st, p, NULL, "kernel", NULL);
	}
	/* keep the plan: what an interrupt cut off is reported as not run */
	while (st.tap.next <= plan) {
		tap_point(&st.tap, false, "not run", NULL, NULL);
		st.any_failed = true;
	}
	progress_done(&st.prog);
	rqlat_stop(st.rq);
	st.rq = NULL;
	if (st.bpf_stats_fd >= 0)
		close(st.bpf_stats_fd);
	free(st.bs0);

	char fin[64];
	iso_time_now(fin, sizeof(fin));
	rc = results_finish(st.res, fin, err, sizeof(err));
	if (rc < 0) {
		log_error("%s", err);
	} else {
		json_t *doc = results_document(st.res);
		run_tap_detectable(&st.tap, doc);
		if (run_write_reports(doc, o->out_dir) == 0)
			log_info("results: %s/results.json (.jsonl), reports: %s/results.md, %s/report.html",
				 o->out_dir, o->out_dir, o->out_dir);
		json_decref(doc);
	}
	results_writer_free(st.res);
	json_decref(tool);
	json_decref(prov);
	cgroup_teardown();
	if (scxb_interrupted) {
		log_error("interrupted by signal %d: completed results are in %s/results.jsonl and results.json",
			  (int)scxb_interrupted, o->out_dir);
		return signals_exit_code();
	}
	if (rc < 0)
		return EXIT_ENV;
	return st.any_failed ? EXIT_TEST_FAILED : EXIT_OK;
}
