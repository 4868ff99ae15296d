// SPDX-License-Identifier: GPL-2.0-only
/* weights: tasks sharing a CPU get CPU time in proportion to their weight.
 *
 * Why: nice (task weight) is the oldest contract a Linux scheduler keeps,
 * and a scheduler claiming to honour it must deliver it where it is easiest
 * to check: two CPU hogs pinned to the same CPU, nice 0 (weight 1024) and
 * nice 6 (weight 272), must split that CPU about 3.8:1. The measured ratio
 * (CPU time from /proc/PID/schedstat over a window after a warm-up) must be
 * within a factor WEIGHTS_TOLERANCE of the weights' ratio; a scheduler that
 * ignores weights gets 1:1.
 *
 * Weights are a property, not a contract (conformance/claims.h): the split
 * is always measured and reported, and fails only when the scheduler is
 * held to weights. A FIFO policy that ignores nice by design says so in
 * its metadata (scxb_honours_weights = 0) or the user declares it
 * (--sched-opt NAME.ignores=weights); an undeclared scheduler is held to
 * nice weights, and its failure says how to declare. A nice 6 hog that
 * gets no CPU at all fails whatever is claimed: that is starvation.
 *
 * Scope: a row probe, run with the row's scheduler attached.
 */
#include <stdio.h>
#include <string.h>

#include "conformance/claims.h"
#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"

#define WEIGHTS_NICE_LOW 6
#define WEIGHTS_TOLERANCE 1.6
#define WEIGHTS_WARMUP_S 0.5
#define WEIGHTS_WINDOW_S 2.5

/* the kernel's sched_prio_to_weight[] for nice 0 and 6 */
#define WEIGHT_NICE0 1024.0
#define WEIGHT_NICE6 272.0

static enum probe_status weights_run(struct probe_ctx *c)
{
	struct workers g;
	char why[1400];
	if (!pu_sched_alive(c->handle, why, sizeof(why)))
		return probe_fail(c, "before the probe: %s", why);
	char claim[256], hint[300];
	bool held = claim_held(c->spec, c->handle, CLAIM_WEIGHTS, claim, sizeof(claim));
	json_object_set_new(c->diag, "claims_weights", json_boolean(held));
	json_object_set_new(c->diag, "claim", json_string(claim));
	if (workers_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	int cpu = (c->nr_cpus > 0 ? c->nr_cpus : 1) - 1;
	struct worker_spec hi = { .comm = "scxb-w-nice0", .policy = -1, .mask = 1ull << (cpu & 63) };
	struct worker_spec lo = { .comm = "scxb-w-nice6", .policy = -1, .nice = WEIGHTS_NICE_LOW,
				.mask = 1ull << (cpu & 63) };
	int ih = workers_start(&g, &hi), il = workers_start(&g, &lo);
	if (ih < 0 || il < 0) {
		workers_stop(&g, 2);
		return probe_fail(c, "could not start the worker processes");
	}
	sleep_s(WEIGHTS_WARMUP_S);
	uint64_t h0, l0, h1, l1;
	int r0 = task_schedstat(g.pids[ih], &h0, NULL, NULL) | task_schedstat(g.pids[il], &l0, NULL, NULL);
	double end = mono_s() + WEIGHTS_WINDOW_S;
	bool alive = true;
	while (alive && mono_s() < end) {
		sleep_s(0.1);
		alive = pu_sched_alive(c->handle, why, sizeof(why));
	}
	int r1 = task_schedstat(g.pids[ih], &h1, NULL, NULL) | task_schedstat(g.pids[il], &l1, NULL, NULL);
	workers_stop(&g, 2.0);
	if (!alive)
		return probe_fail(c, "%s", why);
	if (r0 || r1)
		return probe_fail(c, "cannot read /proc/PID/schedstat of the workers");

	double dh = (double)(h1 - h0) / 1e6, dl = (double)(l1 - l0) / 1e6;
	double expected = WEIGHT_NICE0 / WEIGHT_NICE6;
	json_object_set_new(c->diag, "cpu", json_integer(cpu));
	json_object_set_new(c->diag, "window_s", json_real(WEIGHTS_WINDOW_S));
	json_object_set_new(c->diag, "nice0_cpu_ms", json_real(dh));
	json_object_set_new(c->diag, "nice6_cpu_ms", json_real(dl));
	json_object_set_new(c->diag, "expected_ratio", json_real(expected));
	json_object_set_new(c->diag, "tolerance_factor", json_real(WEIGHTS_TOLERANCE));
	if (dh + dl < WEIGHTS_WINDOW_S * 1000 * 0.2)
		return probe_fail(c, "the two hogs got only %.0f ms of CPU in %.1f s", dh + dl, WEIGHTS_WINDOW_S);
	if (dl <= 0)
		return probe_fail(c, "the nice %d hog got no CPU time at all in %.1f s", WEIGHTS_NICE_LOW,
				  WEIGHTS_WINDOW_S);
	double ratio = dh / dl;
	json_object_set_new(c->diag, "measured_ratio", json_real(ratio));
	bool within = ratio >= expected / WEIGHTS_TOLERANCE && ratio <= expected * WEIGHTS_TOLERANCE;
	json_object_set_new(c->diag, "within_tolerance", json_boolean(within));
	if (!within && held)
		return probe_fail(c, "nice 0 : nice %d got %.2f : 1 of one CPU, weights say %.2f : 1 (tolerance x%.1f); held to weights: %s; a policy that ignores nice by design declares it: %s",
				  WEIGHTS_NICE_LOW, ratio, expected, WEIGHTS_TOLERANCE, claim,
				  claim_declare_hint(c->spec, CLAIM_WEIGHTS, hint, sizeof(hint)));
	if (!within)
		json_object_set_new(c->diag, "property",
				    json_string("weights not claimed: the split is measured, not judged"));
	return PROBE_PASS;
}

static const struct probe weights_probe = {
	.name = "weights",
	.desc = "nice 0 and nice 6 hogs on one CPU split it ~3.8:1 (a property: measured always, failed only when weights are claimed)",
	.order = 14,
	.flags = PROBE_ROW | PROBE_ATTACHED,
	.run = weights_run,
};
PROBE_REGISTER(weights_probe);
