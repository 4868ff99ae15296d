// SPDX-License-Identifier: GPL-2.0-only
/* starvation: no runnable task may be left waiting, however unimportant.
 *
 * Why: a scheduler that favours some tasks must still run the others; the
 * kernel's watchdog only ejects a scheduler after ops.timeout_ms (up to
 * 30 s) of starvation, far too late for users. With every CPU saturated by
 * hogs (two per CPU) and wakers (a stream of wakeups and preemptions), two
 * victims are watched: a nice 19 task ("scxb-lowprio", the lowest weight
 * there is) and a nice 0 task pinned to one busy CPU ("scxb-pinned"). The
 * longest time each was kept off the CPU is measured in the task (gap
 * between two work chunks) and from the kernel (/proc/PID/schedstat
 * run-queue wait, sampled every 50 ms) and reported.
 *
 * The principle behind the bounds: the kernel calls a task runnable for
 * the watchdog timeout a stall; how long before that a task gets the CPU
 * is the policy's business, as long as it follows from the task's weight.
 *  - Contract (fails as not ok, whatever the scheduler claims): no victim
 *    waits half the watchdog timeout (15 s by default) for the CPU — a
 *    task that never runs, or never again after its first slice, is
 *    starved; and the nice 0 pinned task, one of
 *    three equal tasks on its CPU, is never kept off it longer than a third
 *    of the timeout, at most 3 s.
 *  - Property (measured always, failed only when the scheduler is held to
 *    lowprio-wait, i.e. to weights: conformance/claims.h): a weighted fair
 *    scheduler owes the nice 19 task one slice per "fair interval" =
 *    slice x (total weight of the runnable tasks / its weight) / CPUs, with
 *    the slice measured as the hogs' average run length. With 4 nice 0
 *    hogs on 2 CPUs at 20 ms slices that is seconds: long, but bounded.
 *    Its longest wait may not exceed twice that interval plus the 3 s
 *    bound.
 *
 * Scope: a row probe, run with the row's scheduler attached.
 */
#include <stdio.h>
#include <string.h>

#include "conformance/claims.h"
#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"

#define STARVE_MAX_BOUND_S 3.0
#define STARVE_MIN_BOUND_S 1.0
#define STARVE_EXTRA_S 1.5
/* kernel sched_prio_to_weight[] for nice 0 and nice 19 */
#define STARVE_W_NICE0 1024.0
#define STARVE_W_NICE19 15.0
/* wakers run 200 us of every 1.2 ms: their share of a runnable weight */
#define STARVE_WAKER_DUTY (200.0 / 1200.0)

/* worker i is waiting now, has waited at least `from` seconds and not yet
 * `to`: worth watching on */
static bool victim_in_long_wait(const struct workers *g, int i, double from, double to)
{
	double open = (double)worker_open_gap_ns(g, i) / 1e9;
	return open >= from && open < to;
}

static enum probe_status starvation_run(struct probe_ctx *c)
{
	struct workers g;
	char why[1400];
	if (!pu_sched_alive(c->handle, why, sizeof(why)))
		return probe_fail(c, "before the probe: %s", why);
	long tmo = pu_loaded_ops_timeout_ms();
	double timeout_s = tmo > 0 ? (double)tmo / 1000.0 : 30.0;
	double bound = timeout_s / 3;
	if (bound > STARVE_MAX_BOUND_S)
		bound = STARVE_MAX_BOUND_S;
	if (bound < STARVE_MIN_BOUND_S)
		bound = STARVE_MIN_BOUND_S;
	double window = bound + STARVE_EXTRA_S;
	json_object_set_new(c->diag, "watchdog_timeout_s", json_real(timeout_s));
	json_object_set_new(c->diag, "bound_s", json_real(bound));

	if (workers_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	int ncpu = c->nr_cpus > 0 ? c->nr_cpus : 1;
	for (int i = 0; i < 2 * ncpu; i++) {
		struct worker_spec w = { .comm = "scxb-hog", .policy = -1 };
		workers_start(&g, &w);
	}
	for (int i = 0; i < ncpu; i++) {
		struct worker_spec w = { .comm = "scxb-waker", .policy = -1, .chunk_us = 200, .sleep_us = 1000 };
		workers_start(&g, &w);
	}
	struct worker_spec lo = { .comm = "scxb-lowprio", .policy = -1, .nice = 19 };
	int ilo = workers_start(&g, &lo);
	struct worker_spec pin = { .comm = "scxb-pinned", .policy = -1,
				 .mask = 1ull << ((ncpu - 1) & 63) };
	int ipin = workers_start(&g, &pin);
	if (ilo < 0 || ipin < 0) {
		workers_stop(&g, 2);
		return probe_fail(c, "could not start the worker processes");
	}
	json_object_set_new(c->diag, "hogs", json_integer(2 * ncpu));
	json_object_set_new(c->diag, "wakers", json_integer(ncpu));
	json_object_set_new(c->diag, "pinned_cpu", json_integer(ncpu - 1));

	/* At least the window. Past it, a victim that is in a long wait is
	 * watched on, until it runs again or has waited half the watchdog
	 * timeout (the contract's limit): having run once, early, does not
	 * make a task that waits forever afterwards "not starved". */
	double t0 = mono_s(), end = t0 + window, half = timeout_s / 2, limit = end + half;
	json_object_set_new(c->diag, "run_limit_s", json_real(limit - t0));
	bool alive = true;
	for (;;) {
		workers_sample(&g);
		alive = pu_sched_alive(c->handle, why, sizeof(why));
		double now = mono_s();
		if (!alive || now >= limit)
			break;
		if (now >= end && !victim_in_long_wait(&g, ilo, bound, half) &&
		    !victim_in_long_wait(&g, ipin, bound, half))
			break;
		sleep_s(0.05);
	}
	double ran_s = mono_s() - t0;

	enum probe_status ret = PROBE_PASS;
	const int victims[2] = { ilo, ipin };
	const char *const names[2] = { "lowprio", "pinned" };
	double longest = 0;
	for (int k = 0; k < 2; k++) {
		int i = victims[k];
		char key[64];
		double gap = (double)worker_gap_ns(&g, i) / 1e9;
		double wait_max = (double)g.wait_max_delta[i] / 1e9;
		double cpu_ms = (double)(g.exec_now[i] - g.exec0[i]) / 1e6;
		snprintf(key, sizeof(key), "%s_longest_gap_ms", names[k]);
		json_object_set_new(c->diag, key, json_real(gap * 1000));
		snprintf(key, sizeof(key), "%s_runq_wait_max_ms", names[k]);
		json_object_set_new(c->diag, key, json_real(wait_max * 1000));
		snprintf(key, sizeof(key), "%s_cpu_ms", names[k]);
		json_object_set_new(c->diag, key, json_real(cpu_ms));
		snprintf(key, sizeof(key), "%s_chunks", names[k]);
		json_object_set_new(c->diag, key, json_integer((json_int_t)g.st[i].chunks));
		if (gap > longest)
			longest = gap;
		if (wait_max > longest)
			longest = wait_max;
		if (ret == PROBE_PASS && !g.st[i].chunks)
			ret = probe_fail(c, "%s (%s) never ran in %.1f s with every CPU busy (contract: every runnable task runs within half the %.0f s watchdog timeout)",
					 g.comm[i], k ? "pinned to a busy CPU" : "nice 19", ran_s, timeout_s);
		else if (ret == PROBE_PASS && gap >= half)
			ret = probe_fail(c, "%s (%s) was kept off the CPU for %.2f s after %llu work chunks, with every CPU busy (contract: every runnable task runs within half the %.0f s watchdog timeout)",
					 g.comm[i], k ? "pinned to a busy CPU" : "nice 19", gap,
					 (unsigned long long)g.st[i].chunks, timeout_s);
		else if (ret == PROBE_PASS && k == 1 && gap > bound)
			ret = probe_fail(c, "%s (pinned to a busy CPU, nice 0) was kept off the CPU for %.2f s (bound %.2f s)",
					 g.comm[i], gap, bound);
	}
	json_object_set_new(c->diag, "longest_wait_ms", json_real(longest * 1000));

	/* the nice 19 task's wait, against what its weight entitles it to */
	uint64_t hog_exec = 0, hog_slices = 0;
	int nhogs = 0;
	for (int i = 0; i < g.n; i++) {
		uint64_t e, sl;
		if (strcmp(g.comm[i], "scxb-hog") || task_schedstat(g.pids[i], &e, NULL, &sl) < 0)
			continue;
		hog_exec += e;
		hog_slices += sl;
		nhogs++;
	}
	double slice_s = hog_slices ? (double)hog_exec / (double)hog_slices / 1e9 : 0;
	double total_w = (nhogs + 1) * STARVE_W_NICE0 + ncpu * STARVE_WAKER_DUTY * STARVE_W_NICE0 + STARVE_W_NICE19;
	double fair_s = slice_s * total_w / STARVE_W_NICE19 / ncpu;
	double lo_gap = (double)worker_gap_ns(&g, ilo) / 1e9;
	double prop_bound = 2 * fair_s + bound;
	char claim[256], hint[300];
	bool held = claim_held(c->spec, c->handle, CLAIM_LOWPRIO_WAIT, claim, sizeof(claim));
	json_object_set_new(c->diag, "hog_avg_slice_ms", json_real(slice_s * 1000));
	json_object_set_new(c->diag, "lowprio_fair_interval_ms", json_real(fair_s * 1000));
	json_object_set_new(c->diag, "lowprio_wait_bound_ms", json_real(prop_bound * 1000));
	json_object_set_new(c->diag, "claims_lowprio_wait", json_boolean(held));
	json_object_set_new(c->diag, "claim", json_string(claim));
	if (ret == PROBE_PASS && g.st[ilo].chunks && lo_gap > prop_bound) {
		if (held)
			ret = probe_fail(c, "%s (nice 19) was kept off the CPU for %.2f s, over twice its fair interval (%.2f s at %.1f ms slices) + %.1f s; held to lowprio-wait: %s; to declare it: %s",
					 g.comm[ilo], lo_gap, fair_s, slice_s * 1000, bound, claim,
					 claim_declare_hint(c->spec, CLAIM_LOWPRIO_WAIT, hint, sizeof(hint)));
		else
			json_object_set_new(c->diag, "property",
					    json_string("lowprio-wait not claimed: the wait is measured, not judged"));
	}
	if (!alive && ret == PROBE_PASS)
		ret = probe_fail(c, "%s", why);
	int left = workers_stop(&g, 2.0);
	if (left)
		json_object_set_new(c->diag, "unreaped_workers", json_integer(left));
	return ret;
}

static const struct probe starvation_probe = {
	.name = "starvation",
	.desc = "every CPU saturated: a nice 19 task and a task pinned to a busy CPU both run; the pinned one within 3 s, the nice 19 one within what its weight entitles it to (a property)",
	.order = 10,
	.flags = PROBE_ROW | PROBE_ATTACHED,
	.run = starvation_run,
};
PROBE_REGISTER(starvation_probe);
