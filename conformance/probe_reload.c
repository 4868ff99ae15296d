/* reload: a scheduler can be loaded and unloaded again and again, cleanly.
 *
 * Why: schedulers are restarted on upgrades, config changes and hotplug
 * (the kernel asks them to restart); anything a load takes and its unload
 * does not give back — a pinned map, a pool of DSQ ids, a BPF program —
 * piles up until a later load fails or the machine runs out. Under CPU load
 * the row's scheduler is attached and detached RELOAD_CYCLES times: every
 * attach must reach "enabled" with the right root/ops, every detach
 * "disabled" with a clean exit (UNREG), enable_seq must advance by exactly
 * RELOAD_CYCLES, no BPF program or map may be left behind (ids compared
 * before and after, once the kernel has freed the last one), and the kernel
 * log must hold no new warning or error.
 *
 * Scope: a row probe that loads the scheduler itself.
 */
#include <stdio.h>
#include <string.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/sched_internal.h"

#define RELOAD_CYCLES 50
#define RELOAD_IDS 4096
#define RELOAD_SETTLE_S 5.0

static uint32_t progs0[RELOAD_IDS], maps0[RELOAD_IDS], progs1[RELOAD_IDS], maps1[RELOAD_IDS];

static enum probe_status reload_run(struct probe_ctx *c)
{
	struct pu_group g;
	char err[2048], first[512];
	if (!c->spec)
		return probe_fail(c, "no scheduler row given");
	if (pu_group_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	for (int i = 0; i < (c->nr_cpus > 0 ? c->nr_cpus : 1); i++) {
		struct pu_worker w = { .comm = "scxb-hog", .policy = -1, .chunk_us = 500, .sleep_us = 100 };
		pu_start(&g, &w);
	}
	int np0 = pu_bpf_ids(true, progs0, RELOAD_IDS), nm0 = pu_bpf_ids(false, maps0, RELOAD_IDS);
	int kfd = pu_kmsg_open();
	long long seq0 = scx_read_ll("enable_seq");
	double t0 = pu_now(), slowest = 0;
	enum probe_status ret = PROBE_PASS;
	int done = 0;
	for (int i = 1; i <= RELOAD_CYCLES && ret == PROBE_PASS; i++) {
		struct sched_handle *h = NULL;
		struct sched_exit ex;
		double tc = pu_now();
		if (sched_attach(c->spec, &h, err, sizeof(err)) < 0) {
			ret = probe_fail(c, "cycle %d/%d: attach failed: %s", i, RELOAD_CYCLES, err);
			break;
		}
		if (sched_check(h, err, sizeof(err)) < 0) {
			sched_detach(h, NULL, err, sizeof(err));
			ret = probe_fail(c, "cycle %d/%d: %s", i, RELOAD_CYCLES, err);
			break;
		}
		if (sched_detach(h, &ex, err, sizeof(err)) < 0) {
			ret = probe_fail(c, "cycle %d/%d: detach: %s", i, RELOAD_CYCLES, err);
			break;
		}
		if (c->spec->kind != SCHED_CMD && ex.valid && ex.kind != SCXB_EXIT_UNREG) {
			ret = probe_fail(c, "cycle %d/%d: exit kind %s (%s): %s, expected UNREG", i, RELOAD_CYCLES,
					 sched_exit_kind_name(ex.kind), ex.reason, ex.msg);
			break;
		}
		double dt = pu_now() - tc;
		if (dt > slowest)
			slowest = dt;
		done = i;
	}
	long long seq1 = scx_read_ll("enable_seq");
	json_object_set_new(c->diag, "cycles", json_integer(done));
	json_object_set_new(c->diag, "seconds", json_real(pu_now() - t0));
	json_object_set_new(c->diag, "slowest_cycle_s", json_real(slowest));
	json_object_set_new(c->diag, "enable_seq_delta", json_integer(seq1 - seq0));
	if (ret == PROBE_PASS && seq0 >= 0 && seq1 - seq0 != RELOAD_CYCLES)
		ret = probe_fail(c, "enable_seq advanced by %lld over %d loads", seq1 - seq0, RELOAD_CYCLES);

	/* the kernel frees programs and maps after an RCU grace period (and
	 * map free work): wait for the ids to settle before comparing */
	char leaked_p[1024] = "", leaked_m[1024] = "";
	int lp = 0, lm = 0;
	double settle_end = pu_now() + RELOAD_SETTLE_S;
	do {
		int np1 = pu_bpf_ids(true, progs1, RELOAD_IDS), nm1 = pu_bpf_ids(false, maps1, RELOAD_IDS);
		lp = pu_bpf_new(true, progs0, np0, progs1, np1, leaked_p, sizeof(leaked_p));
		lm = pu_bpf_new(false, maps0, nm0, maps1, nm1, leaked_m, sizeof(leaked_m));
		if (!lp && !lm)
			break;
		pu_sleep(0.1);
	} while (pu_now() < settle_end);
	json_object_set_new(c->diag, "bpf_progs_left", json_integer(lp));
	json_object_set_new(c->diag, "bpf_maps_left", json_integer(lm));
	if (ret == PROBE_PASS && (lp || lm))
		ret = probe_fail(c, "left behind after %d loads: %d BPF programs [%s], %d BPF maps [%s]", done, lp,
				 leaked_p, lm, leaked_m);
	int kp = pu_kmsg_problems(kfd, first, sizeof(first));
	json_object_set_new(c->diag, "kernel_log_problems", json_integer(kp));
	if (kp > 0) {
		json_object_set_new(c->diag, "kernel_log_first", json_string(first));
		if (ret == PROBE_PASS)
			ret = probe_fail(c, "%d new kernel log warnings/errors, first: %s", kp, first);
	}
	uint64_t chunks = 0;
	for (int i = 0; i < g.n; i++)
		chunks += g.st[i].chunks;
	json_object_set_new(c->diag, "load_chunks", json_integer((json_int_t)chunks));
	pu_stop(&g, 2.0);
	return ret;
}

static const struct probe reload_probe = {
	.name = "reload",
	.desc = "50 attach/detach cycles under load: enable_seq +50, clean UNREG exits, no BPF programs/maps left, no kernel warnings",
	.order = 30,
	.flags = PROBE_ROW,
	.run = reload_run,
};
PROBE_REGISTER(reload_probe);
