/* starvation: no runnable task may be left waiting, however unimportant.
 *
 * Why: a scheduler that favours some tasks must still run the others; the
 * kernel's watchdog only ejects a scheduler after ops.timeout_ms (up to
 * 30 s) of starvation, far too late for users. With every CPU saturated by
 * hogs (two per CPU) and wakers (a stream of wakeups and preemptions), two
 * victims must each get CPU time within a bound well under the watchdog
 * timeout (a third of it, at most 3 s): a nice 19 task ("scxb-lowprio", the
 * lowest weight there is) and a task pinned to one busy CPU
 * ("scxb-pinned"). The longest time each was kept off the CPU is measured
 * in the task (gap between two work chunks) and from the kernel
 * (/proc/PID/schedstat run-queue wait, sampled every 50 ms) and reported.
 *
 * Scope: a row probe, run with the row's scheduler attached.
 */
#include <stdio.h>
#include <string.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/sched_internal.h"

#define STARVE_MAX_BOUND_S 3.0
#define STARVE_MIN_BOUND_S 1.0
#define STARVE_EXTRA_S 1.5

static enum probe_status starvation_run(struct probe_ctx *c)
{
	struct pu_group g;
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

	if (pu_group_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	int ncpu = c->nr_cpus > 0 ? c->nr_cpus : 1;
	for (int i = 0; i < 2 * ncpu; i++) {
		struct pu_worker w = { .comm = "scxb-hog", .policy = -1 };
		pu_start(&g, &w);
	}
	for (int i = 0; i < ncpu; i++) {
		struct pu_worker w = { .comm = "scxb-waker", .policy = -1, .chunk_us = 200, .sleep_us = 1000 };
		pu_start(&g, &w);
	}
	struct pu_worker lo = { .comm = "scxb-lowprio", .policy = -1, .nice = 19 };
	int ilo = pu_start(&g, &lo);
	struct pu_worker pin = { .comm = "scxb-pinned", .policy = -1,
				 .mask = 1ull << ((ncpu - 1) & 63) };
	int ipin = pu_start(&g, &pin);
	if (ilo < 0 || ipin < 0) {
		pu_stop(&g, 2);
		return probe_fail(c, "could not start the worker processes");
	}
	json_object_set_new(c->diag, "hogs", json_integer(2 * ncpu));
	json_object_set_new(c->diag, "wakers", json_integer(ncpu));
	json_object_set_new(c->diag, "pinned_cpu", json_integer(ncpu - 1));

	double end = pu_now() + window;
	bool alive = true;
	while (pu_now() < end && alive) {
		pu_sample(&g);
		alive = pu_sched_alive(c->handle, why, sizeof(why));
		pu_sleep(0.05);
	}
	pu_sample(&g);

	enum probe_status ret = PROBE_PASS;
	const int victims[2] = { ilo, ipin };
	const char *const names[2] = { "lowprio", "pinned" };
	double longest = 0;
	for (int k = 0; k < 2; k++) {
		int i = victims[k];
		char key[64];
		double gap = (double)pu_gap_ns(&g, i) / 1e9;
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
			ret = probe_fail(c, "%s (%s) never ran in %.1f s with every CPU busy", g.comm[i],
					 k ? "pinned to a busy CPU" : "nice 19", window);
		else if (ret == PROBE_PASS && gap > bound)
			ret = probe_fail(c, "%s (%s) was kept off the CPU for %.2f s (bound %.2f s)", g.comm[i],
					 k ? "pinned to a busy CPU" : "nice 19", gap, bound);
	}
	json_object_set_new(c->diag, "longest_wait_ms", json_real(longest * 1000));
	if (!alive && ret == PROBE_PASS)
		ret = probe_fail(c, "%s", why);
	int left = pu_stop(&g, 2.0);
	if (left)
		json_object_set_new(c->diag, "unreaped_workers", json_integer(left));
	return ret;
}

static const struct probe starvation_probe = {
	.name = "starvation",
	.desc = "every CPU saturated: a nice 19 task and a task pinned to a busy CPU each run within a bound well under the watchdog timeout",
	.order = 10,
	.flags = PROBE_ROW | PROBE_ATTACHED,
	.run = starvation_run,
};
PROBE_REGISTER(starvation_probe);
