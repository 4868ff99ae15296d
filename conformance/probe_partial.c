// SPDX-License-Identifier: GPL-2.0-only
/* partial: in SCX_OPS_SWITCH_PARTIAL mode only SCHED_EXT tasks are handled.
 *
 * Why: partial mode is how a scheduler is tried on one workload without
 * handing it the whole machine; a scheduler that takes every task anyway
 * turns a contained experiment into a system-wide one. The row's scheduler
 * is loaded asking for partial mode — a BPF object with SWITCH_PARTIAL
 * OR-ed into its ops flags, a program with the arguments given as
 * --sched-opt NAME.partial_args='ARGS' appended to its command — with a
 * normal task (SCHED_OTHER) and a SCHED_EXT task already running, and a
 * second SCHED_EXT task started after the load. Then:
 *   - /sys/kernel/sched_ext/switch_all must be 0;
 *   - /proc/PID/sched ext.enabled: 0 for the normal task, 1 for the
 *     SCHED_EXT ones; every task keeps running;
 *   - switching the normal task in (policy 7) and the SCHED_EXT one out
 *     moves each across, and back again, and they keep running;
 *   - the scheduler is still up and detaches cleanly.
 *
 * Scope: a row probe that loads the scheduler itself (with the flag).
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"

#define PARTIAL_SETTLE_S 0.4

static int set_policy(pid_t pid, int policy)
{
	struct sched_param sp = { 0 };
	return sched_setscheduler(pid, policy, &sp);
}

/* Each task i in idx[] must be (want_ext[i]) on sched_ext and have run
 * during the last settle; returns 0 or fails with a reason. */
static int check_tasks(struct probe_ctx *c, struct workers *g, const int *idx, const int *want,
		       int n, const char *when, enum probe_status *ret)
{
	uint64_t before[8];
	for (int k = 0; k < n; k++)
		before[k] = g->st[idx[k]].chunks;
	sleep_s(PARTIAL_SETTLE_S);
	for (int k = 0; k < n; k++) {
		int i = idx[k];
		int on = task_on_ext(g->pids[i]);
		if (on < 0) {
			*ret = probe_skip(c, "/proc/PID/sched has no ext.enabled field on this kernel");
			return -1;
		}
		if (on != want[k]) {
			*ret = probe_fail(c, "%s: %s (policy %d) is %s sched_ext", when, g->comm[i],
					  sched_getscheduler(g->pids[i]), on ? "on" : "not on");
			return -1;
		}
		if (g->st[i].chunks == before[k]) {
			*ret = probe_fail(c, "%s: %s did not run for %.1f s", when, g->comm[i], PARTIAL_SETTLE_S);
			return -1;
		}
	}
	return 0;
}

static enum probe_status partial_run(struct probe_ctx *c)
{
	struct sched_spec spec;
	struct sched_handle *h = NULL;
	struct workers g;
	char err[2048];
	if (!c->spec)
		return probe_fail(c, "no scheduler row given");
	spec = *c->spec;
	if (spec.kind == SCHED_CMD) {
		const char *args = NULL;
		for (int i = 0; i < spec.nr_opts; i++)
			if (!strcmp(spec.opts[i].key, "partial_args"))
				args = spec.opts[i].value;
		if (!args)
			return probe_skip(c, "scxbench cannot ask a scheduler program for partial mode: give "
					  "--sched-opt %s.partial_args='ARGS' (appended to its command)", spec.name);
		size_t l = strlen(spec.path);
		snprintf(spec.path + l, sizeof(spec.path) - l, " %s", args);
		json_object_set_new(c->diag, "command", json_string(spec.path));
	} else {
		spec.ops_flags_or |= SCXB_OPS_SWITCH_PARTIAL;
	}
	if (workers_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	struct worker_spec wn = { .comm = "scxb-normal", .policy = SCHED_OTHER, .sleep_us = 200 };
	struct worker_spec we = { .comm = "scxb-ext", .policy = SCHED_EXT_POLICY, .sleep_us = 200 };
	int in = workers_start(&g, &wn), ie = workers_start(&g, &we);
	if (in < 0 || ie < 0) {
		workers_stop(&g, 2);
		return probe_fail(c, "could not start the worker processes");
	}
	sleep_s(0.1);
	if (sched_getscheduler(g.pids[ie]) != SCHED_EXT_POLICY) {
		workers_stop(&g, 2);
		return probe_skip(c, "this kernel refuses policy SCHED_EXT (7) for a task");
	}
	if (sched_attach(&spec, &h, err, sizeof(err)) < 0) {
		workers_stop(&g, 2);
		return probe_fail(c, "could not load %s in partial mode: %s", spec.name, err);
	}
	enum probe_status ret = PROBE_PASS;
	long long sa = scx_read_ll("switch_all");
	json_object_set_new(c->diag, "switch_all", json_integer(sa));
	json_t *c0 = sched_counters_json(h);
	struct worker_spec wl = { .comm = "scxb-ext-late", .policy = SCHED_EXT_POLICY, .sleep_us = 200 };
	int il = workers_start(&g, &wl);
	if (sa != 0) {
		int on = task_on_ext(g.pids[in]);
		ret = probe_fail(c, "asked for SWITCH_PARTIAL, but the kernel runs it switch-all (switch_all=%lld)%s", sa,
				 on == 1 ? ": a SCHED_OTHER task is on sched_ext" : "");
		goto out;
	}
	{
		const int idx[3] = { in, ie, il }, want[3] = { 0, 1, 1 };
		if (check_tasks(c, &g, idx, want, il >= 0 ? 3 : 2, "after load", &ret) < 0)
			goto out;
	}
	if (set_policy(g.pids[in], SCHED_EXT_POLICY) < 0 || set_policy(g.pids[ie], SCHED_OTHER) < 0) {
		ret = probe_fail(c, "sched_setscheduler failed while the scheduler was loaded");
		goto out;
	}
	{
		const int idx[2] = { in, ie }, want[2] = { 1, 0 };
		if (check_tasks(c, &g, idx, want, 2, "after switching scxb-normal in and scxb-ext out", &ret) < 0)
			goto out;
	}
	if (set_policy(g.pids[in], SCHED_OTHER) < 0 || set_policy(g.pids[ie], SCHED_EXT_POLICY) < 0) {
		ret = probe_fail(c, "sched_setscheduler failed while the scheduler was loaded");
		goto out;
	}
	{
		const int idx[2] = { in, ie }, want[2] = { 0, 1 };
		if (check_tasks(c, &g, idx, want, 2, "after switching back", &ret) < 0)
			goto out;
	}
	if (!pu_sched_alive(h, err, sizeof(err)))
		ret = probe_fail(c, "%s", err);
out:;
	json_t *c1 = sched_counters_json(h);
	const char *k;
	json_t *v;
	json_object_foreach(c1, k, v) {
		char key[96];
		snprintf(key, sizeof(key), "counter_%s", k);
		json_object_set_new(c->diag, key, json_integer(json_integer_value(v) -
							      json_integer_value(json_object_get(c0, k))));
	}
	json_decref(c0);
	json_decref(c1);
	struct sched_exit ex;
	bool was_up = sched_running(h);
	if (sched_detach(h, &ex, err, sizeof(err)) < 0 && ret == PROBE_PASS)
		ret = probe_fail(c, "detach: %s", err);
	if (ex.valid)
		json_object_set_new(c->diag, "exit_kind", json_string(sched_exit_kind_name(ex.kind)));
	if (ret == PROBE_PASS && was_up && spec.kind != SCHED_CMD && ex.valid && ex.kind != SCXB_EXIT_UNREG)
		ret = probe_fail(c, "exit kind %s (%s): %s, expected UNREG", sched_exit_kind_name(ex.kind), ex.reason,
				 ex.msg);
	workers_stop(&g, 2.0);
	return ret;
}

static const struct probe partial_probe = {
	.name = "partial",
	.desc = "with SWITCH_PARTIAL only SCHED_EXT tasks are on sched_ext; switching a task in and out works",
	.order = 20,
	.flags = PROBE_ROW,
	.time_bound_s = 300,
	.run = partial_run,
};
PROBE_REGISTER(partial_probe);
