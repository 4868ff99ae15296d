// SPDX-License-Identifier: GPL-2.0-only
/* watchdog: the kernel ejects a scheduler that leaves a task runnable too long.
 *
 * Why: the watchdog is sched_ext's safety net against a scheduler that
 * loses a task: after ops.timeout_ms of a runnable task not running, the
 * kernel must eject the scheduler with SCX_EXIT_ERROR_STALL and the task
 * must run again under the fair class. conformance/bpf/staller is loaded
 * with a WATCHDOG_TIMEOUT_MS timeout while hogs keep every CPU busy, then
 * told to park one spinning task ("scxb-stalled") in a DSQ nobody consumes.
 * Checked: ejection within timeout x 1.5 (the watchdog's own period) plus a
 * margin, exit kind ERROR_STALL naming the stalled task, sysfs "disabled",
 * and the task back off sched_ext and running.
 *
 * Scope: kernel (runs once): it checks the kernel and our detection, with
 * its own helper scheduler.
 */
#include <stdio.h>
#include <string.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"

#define WATCHDOG_TIMEOUT_MS 2000
#define WATCHDOG_MARGIN_S 3.0

static enum probe_status watchdog_run(struct probe_ctx *c)
{
	struct sched_spec spec;
	struct sched_handle *h = NULL;
	struct workers g;
	char err[2048];
	pu_helper_spec(&spec, "staller");
	spec.timeout_ms = WATCHDOG_TIMEOUT_MS;
	if (workers_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	if (sched_attach(&spec, &h, err, sizeof(err)) < 0) {
		workers_stop(&g, 2);
		return probe_fail(c, "could not load staller: %s", err);
	}
	for (int i = 0; i < 2 * (c->nr_cpus > 0 ? c->nr_cpus : 1); i++) {
		struct worker_spec w = { .comm = "scxb-hog", .policy = -1 };
		workers_start(&g, &w);
	}
	struct worker_spec vw = { .comm = "scxb-stalled", .policy = -1 };
	int iv = workers_start(&g, &vw);
	if (iv < 0) {
		sched_detach(h, NULL, err, sizeof(err));
		workers_stop(&g, 2);
		return probe_fail(c, "could not start the worker processes");
	}
	sleep_s(0.2);
	double timeout_s = WATCHDOG_TIMEOUT_MS / 1000.0, bound = timeout_s * 1.5 + WATCHDOG_MARGIN_S;
	json_object_set_new(c->diag, "timeout_ms", json_integer(WATCHDOG_TIMEOUT_MS));
	json_object_set_new(c->diag, "bound_s", json_real(bound));
	double t0 = mono_s();
	sched_set_var(h, "stall_pid", (unsigned long long)g.pids[iv]);
	int waited = scx_wait_state("disabled", (int)(bound * 1000) + 20000);
	double eject_s = mono_s() - t0;
	struct sched_exit ex;
	sched_peek_exit(h, &ex);
	json_t *ctr = sched_counters_json(h);
	json_object_set_new(c->diag, "stalled_enqueues", json_integer(json_integer_value(json_object_get(ctr, "stalled"))));
	json_decref(ctr);
	sched_detach(h, NULL, err, sizeof(err));
	json_object_set_new(c->diag, "eject_s", json_real(eject_s));
	enum probe_status ret = PROBE_PASS;
	if (waited < 0) {
		workers_stop(&g, 5);
		return probe_fail(c, "the staller was not ejected %.0f s after it stalled a task", eject_s);
	}
	json_object_set_new(c->diag, "exit_kind", json_string(ex.valid ? sched_exit_kind_name(ex.kind) : "none"));
	json_object_set_new(c->diag, "exit_msg", json_string(ex.valid ? ex.msg : ""));
	char pidstr[32];
	snprintf(pidstr, sizeof(pidstr), "[%d]", (int)g.pids[iv]);
	if (!ex.valid)
		ret = probe_fail(c, "no exit info recorded by the staller");
	else if (ex.kind != SCXB_EXIT_ERROR_STALL)
		ret = probe_fail(c, "exit kind %s (%s): %s, expected ERROR_STALL", sched_exit_kind_name(ex.kind),
				 ex.reason, ex.msg);
	else if (!strstr(ex.msg, "scxb-stalled") || !strstr(ex.msg, pidstr))
		ret = probe_fail(c, "the stall message does not name the stalled task scxb-stalled%s: %s", pidstr, ex.msg);
	else if (eject_s > bound)
		ret = probe_fail(c, "ejected %.2f s after the stall, bound %.2f s (timeout %d ms)", eject_s, bound,
				 WATCHDOG_TIMEOUT_MS);
	/* the stalled task runs again, on the fair class */
	uint64_t ch0 = g.st[iv].chunks;
	sleep_s(0.5);
	int on = task_on_ext(g.pids[iv]);
	json_object_set_new(c->diag, "stalled_task_ran_after", json_integer((json_int_t)(g.st[iv].chunks - ch0)));
	if (ret == PROBE_PASS && g.st[iv].chunks == ch0)
		ret = probe_fail(c, "the stalled task did not run in the 0.5 s after the ejection");
	if (ret == PROBE_PASS && on == 1)
		ret = probe_fail(c, "the stalled task is still on sched_ext after the ejection");
	workers_stop(&g, 5);
	return ret;
}

static const struct probe watchdog_probe = {
	.name = "watchdog",
	.desc = "a task left runnable past timeout_ms ejects the scheduler: ERROR_STALL naming it, in time; the task runs on fair",
	.order = 50,
	.flags = PROBE_KERNEL,
	.run = watchdog_run,
};
PROBE_REGISTER(watchdog_probe);
