/* See run.h.
 *
 * Order of a run: EEVDF baseline row first (nothing attached), then each
 * scheduler row: attach -> verify -> workloads x repeats -> probes that need
 * the row attached -> detach (verify disabled, read exit info) -> probes
 * that load the row themselves. Kernel-scope probes run once at the end.
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
#include "runner/child.h"
#include "runner/log.h"
#include "runner/progress.h"
#include "runner/provenance.h"
#include "runner/repro.h"
#include "runner/rqlat.h"
#include "runner/run.h"
#include "runner/run_reports.h"
#include "runner/sched.h"
#include "runner/sched_internal.h"
#include "runner/signals.h"
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

static void run_workload(struct run_state *st, const struct sched_spec *row, const char *wl_spec,
			 const char *row_error)
{
	struct run_opts *o = st->o;
	const struct workload *wl = workload_find(wl_spec);
	char desc[256];
	snprintf(desc, sizeof(desc), "%s %s", row->name, wl_spec);
	json_t *diag = json_pack("{s:s, s:s}", "scheduler", row->name, "workload", wl_spec);
	if (st->cur && row->kind != SCHED_EEVDF)
		json_object_set_new(diag, "ops", json_string(sched_ops_name(st->cur)));

	if (row_error) {
		json_object_set_new(diag, "reason", json_string(row_error));
		repro_diag(diag, o, row, wl_spec, NULL);
		tap_point(&st->tap, false, desc, NULL, diag);
		st->any_failed = true;
		json_decref(diag);
		for (int rep = 0; rep < o->repeat; rep++)
			progress_step(&st->prog);
		return;
	}
	int nok = 0, nskip = 0, nfail = 0, ntimeout = 0;
	char reason[1200] = "";
	json_t *all = json_array();
	for (int rep = 0; rep < o->repeat; rep++) {
		if (scxb_interrupted)
			break;
		progress_item(&st->prog, row->name, wl_spec, rep + 1, o->repeat);
		json_t *rec;
		if (o->resume && results_has_repeat(st->res, row->name, wl_spec, rep)) {
			progress_step(&st->prog);
			nok++;
			continue;
		}
		rec = run_repeat(st, row, wl_spec, wl, rep);
		progress_step(&st->prog);
		/* only a repeat the signal cut short is dropped: one that finished
		 * just before the signal is a complete result and is kept (the
		 * loop stops at the next repeat) */
		if (json_object_get(rec, "interrupted")) {
			json_decref(rec);
			break;
		}
		const char *s = json_string_value(json_object_get(rec, "status"));
		if (!strcmp(s, "ok"))
			nok++;
		else if (!strcmp(s, "skip"))
			nskip++;
		else
			nfail++;
		if (!strcmp(s, "timeout"))
			ntimeout++;
		if (strcmp(s, "ok") != 0 && !reason[0])
			snprintf(reason, sizeof(reason), "%s%s%s", !strcmp(s, "timeout") ? "timeout: " : "",
				 json_string_value(json_object_get(rec, "reason")) ?: "", "");
		char line[256];
		log_progress_result(&st->prog, "%s %s repeat %d/%d: %s %s", row->name, wl_spec, rep + 1,
				    o->repeat, s, main_metric_line(json_object_get(rec, "metrics"), line, sizeof(line)));
		json_array_append(all, json_object_get(rec, "metrics"));
		json_object_set(rec, "params", json_object_get(rec, "params"));
		results_add_repeat(st->res, row->name, wl_spec, rec);
	}
	if (scxb_interrupted && nok + nskip + nfail < o->repeat) {
		json_object_set_new(diag, "reason", json_string("interrupted"));
		tap_point(&st->tap, false, desc, NULL, diag);
		st->any_failed = true;
		json_decref(diag);
		json_decref(all);
		return;
	}
	/* diagnostics: median of each metric over repeats */
	json_t *by_name = json_object();
	size_t i, k;
	json_t *ms, *m;
	json_array_foreach(all, i, ms) json_array_foreach(ms, k, m) {
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
	json_decref(all);
	json_object_set_new(diag, "repeats", json_integer(o->repeat));
	if (nfail) {
		json_object_set_new(diag, "reason", json_string(reason));
		repro_diag(diag, o, row, wl_spec, NULL);
		tap_point_directive(&st->tap, false, desc, ntimeout ? "timeout" : NULL, NULL, diag);
		st->any_failed = true;
	} else if (nskip && !nok) {
		tap_point(&st->tap, true, desc, reason, diag);
	} else {
		tap_point(&st->tap, true, desc, NULL, diag);
	}
	json_decref(diag);
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
static void run_row(struct run_state *st, const struct sched_spec *row)
{
	struct run_opts *o = st->o;
	char err[2048] = "";
	const char *row_error = NULL;
	json_t *entry = json_pack("{s:s, s:s}", "name", row->name, "kind", sched_kind_name(row->kind));
	json_t *opts = json_object();
	for (int i = 0; i < row->nr_opts; i++)
		json_object_set_new(opts, row->opts[i].key, json_string(row->opts[i].value));
	json_object_set_new(entry, "options", opts);

	progress_row(&st->prog, row->name);
	st->cur = NULL;
	if (sched_attach(row, &st->cur, err, sizeof(err)) < 0) {
		row_error = err;
		st->cur = NULL;
		log_error("%s", err);
		tap_comment(&st->tap, "scheduler %s: attach failed: %s", row->name, err);
	} else if (row->kind != SCHED_EEVDF) {
		char state[64] = "", ops[128] = "";
		scx_state(state, sizeof(state));
		scx_ops_name(ops, sizeof(ops));
		tap_comment(&st->tap, "scheduler %s attached: ops=%s state=%s enable_seq=%lld", row->name, ops,
			    state, scx_read_ll("enable_seq"));
	} else {
		tap_comment(&st->tap, "scheduler eevdf: kernel default, no BPF scheduler loaded");
	}
	if (st->cur)
		json_object_set_new(entry, "info", sched_info_json(st->cur));

	for (int i = 0; i < o->nr_workloads && !scxb_interrupted; i++) {
		const char *re = row_error;
		char died[1300];
		if (!re && st->cur && row->kind != SCHED_EEVDF && !sched_running(st->cur)) {
			struct sched_exit ex;
			sched_peek_exit(st->cur, &ex);
			snprintf(died, sizeof(died), "scheduler is no longer running: %s%s%s",
				 ex.valid ? sched_exit_kind_name(ex.kind) : "no exit info", ex.valid ? ": " : "",
				 ex.valid ? ex.msg : "");
			re = died;
		}
		run_workload(st, row, o->workloads[i], re);
	}
	if (row->kind != SCHED_EEVDF) {
		for (int i = 0; i < o->nr_probes && !scxb_interrupted; i++) {
			const struct probe *p = probe_find(o->probes[i]);
			if ((p->flags & PROBE_ROW) && (p->flags & PROBE_ATTACHED))
				run_probe(st, p, row, row->name, row_error);
		}
	}

	/* detach: always, also when interrupted */
	struct sched_exit ex = { 0 };
	bool detach_ok = true;
	char derr[512] = "";
	bool was_running = st->cur && row->kind != SCHED_EEVDF && sched_running(st->cur);
	if (st->cur && row->kind != SCHED_EEVDF)
		json_object_set_new(entry, "counters", sched_counters_json(st->cur));
	if (st->cur && row->kind != SCHED_EEVDF) {
		json_t *info = json_object_get(entry, "info");
		if (row->kind == SCHED_CMD && info) {
			json_t *fresh = sched_info_json(st->cur);
			json_object_update(info, fresh);
			json_decref(fresh);
		}
	}
	if (st->cur) {
		detach_ok = sched_detach(st->cur, &ex, derr, sizeof(derr)) == 0;
		st->cur = NULL;
	}
	json_object_set_new(entry, "exit", sched_exit_json(&ex));

	if (row->kind != SCHED_EEVDF) {
		/* lifecycle test point: attached, stayed up, detached cleanly */
		char desc[128];
		json_t *diag = json_pack("{s:s}", "scheduler", row->name);
		bool ok = !row_error && detach_ok && was_running;
		char why[1400] = "";
		if (row_error)
			snprintf(why, sizeof(why), "%s", row_error);
		else if (!was_running)
			snprintf(why, sizeof(why), "scheduler exited before detach: %s: %s",
				 ex.valid ? sched_exit_kind_name(ex.kind) : "no exit info", ex.valid ? ex.msg : "");
		else if (!detach_ok)
			snprintf(why, sizeof(why), "%s", derr);
		else if (row->kind != SCHED_CMD && ex.valid && ex.kind != SCXB_EXIT_UNREG) {
			ok = false;
			snprintf(why, sizeof(why), "unexpected exit kind %s: %s", sched_exit_kind_name(ex.kind),
				 ex.msg);
		}
		sched_exit_diag(diag, &ex);
		sched_notices_diag(json_object_get(entry, "info"), diag);
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
		json_object_set_new(entry, "status", json_string(ok ? "ok" : "fail"));
		if (why[0])
			json_object_set_new(entry, "error", json_string(why));
		for (int i = 0; i < o->nr_probes && !scxb_interrupted; i++) {
			const struct probe *p = probe_find(o->probes[i]);
			if ((p->flags & PROBE_ROW) && !(p->flags & PROBE_ATTACHED))
				run_probe(st, p, row, row->name, row_error);
		}
	} else {
		json_object_set_new(entry, "status", json_string(row_error ? "fail" : "ok"));
		if (row_error)
			json_object_set_new(entry, "error", json_string(row_error));
	}
	results_add_scheduler(st->res, entry);
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
	struct run_state st = { .o = o };
	char err[2048];
	int rc = run_preflight(o, err, sizeof(err));
	if (rc) {
		log_error("%s", err);
		return rc;
	}
	log_set_verbose(o->verbose);
	st.nr_cpus = online_cpus();
	/* before anything is created: a signal from here on only sets the flag,
	 * so the cgroup made next is always removed again and the results file
	 * always gets its footer (installed later, an early SIGINT killed us
	 * with the run's cgroup left behind) */
	signals_install();
	if (cgroup_setup(err, sizeof(err)) < 0) {
		log_error("%s", err);
		return EXIT_ENV;
	}
	if (cgroup_stale_removed())
		log_info("removed %d stale cgroup(s) left by a killed earlier run", cgroup_stale_removed());
	json_t *tool = provenance_tool();
	json_t *prov = provenance_collect(o);
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
		tap_comment(&st.tap, "scxbench %s (%s) kernel %s, %d CPU%s (%s), %s", SCXB_VERSION, SCXB_GIT_HASH,
			    json_string_value(json_object_get(prov, "kernel")), st.nr_cpus, st.nr_cpus == 1 ? "" : "s",
			    json_string_value(json_object_get(topo, "preset")),
			    getenv("SCXBENCH_VM_ACCEL") ? getenv("SCXBENCH_VM_ACCEL") : "no VM");
		tap_comment(&st.tap, "duration %.3g s x %d repeat%s; results in %s", o->duration_s, o->repeat,
			    o->repeat == 1 ? "" : "s", o->out_dir);
	}
	progress_init(&st.prog, steps, o->duration_s);

	if (!o->no_baseline && !scxb_interrupted)
		run_row(&st, &baseline);
	for (int i = 0; i < o->nr_rows && !scxb_interrupted; i++)
		run_row(&st, &o->rows[i]);
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

	char fin[64];
	iso_time_now(fin, sizeof(fin));
	rc = results_finish(st.res, fin, err, sizeof(err));
	if (rc < 0) {
		log_error("%s", err);
	} else {
		json_t *doc = results_document(st.res);
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
