// SPDX-License-Identifier: GPL-2.0-only
/* reload: a scheduler can be loaded and unloaded again and again, cleanly.
 *
 * Why: schedulers are restarted on upgrades, config changes and hotplug
 * (the kernel asks them to restart); anything a load takes and its unload
 * does not give back — a pinned map, a pool of DSQ ids, a BPF program —
 * piles up until a later load fails or the machine runs out. The row's
 * scheduler is enabled and disabled RELOAD_CYCLES times. The object is
 * opened, verified and loaded once (RELOAD_FULL) and closed at the end —
 * what leaks programs and maps is a load/unload; the other enables
 * re-attach the loaded struct_ops map, each a complete sched_ext enable and
 * disable (ops.init ... ops.exit), because verifying a scheduler costs
 * seconds in an emulated VM. The hogs (one more than CPUs, 70% busy, nice
 * 10 so a loader keeps its share under the fair class) run from the first
 * re-attach on, so every enable and disable switches a loaded system.
 * Every enable must reach "enabled" with the right root/ops, every disable
 * "disabled" with a clean exit (UNREG); enable_seq must advance by exactly
 * the number of cycles; no BPF program or map may be left behind (ids
 * compared before and after, once the kernel has freed the last one); the
 * kernel log must hold no new warning or error. A scheduler program
 * (--sched-cmd) has no map to re-attach: it gets RELOAD_CMD_CYCLES starts.
 *
 * The soak (make soak, tests/soak/) runs this probe with far more cycles:
 * SCXBENCH_RELOAD_CYCLES and SCXBENCH_RELOAD_FULL (full loads among them)
 * override the counts, and the probe's time bound grows with them.
 *
 * Scope: a row probe that loads the scheduler itself.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"

#define RELOAD_CYCLES 50
#define RELOAD_FULL 1
#define RELOAD_CMD_CYCLES 5
#define RELOAD_IDS 4096
#define RELOAD_SETTLE_S 5.0
#define RELOAD_BOUND_S 300.0 /* for the default counts */
#define RELOAD_FULL_BOUND_S 60.0 /* per extra full load (verifying under TCG) */

static int reload_cycles = RELOAD_CYCLES, reload_full = RELOAD_FULL;

static uint32_t progs0[RELOAD_IDS], maps0[RELOAD_IDS], progs1[RELOAD_IDS], maps1[RELOAD_IDS];

static enum probe_status reload_run(struct probe_ctx *c)
{
	struct workers g;
	char err[2048];
	if (!c->spec)
		return probe_fail(c, "no scheduler row given");
	if (workers_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	int np0 = pu_bpf_ids(true, progs0, RELOAD_IDS), nm0 = pu_bpf_ids(false, maps0, RELOAD_IDS);
	int kfd = pu_kmsg_open();
	long long seq0 = scx_read_ll("enable_seq");
	double t0 = mono_s(), slowest = 0;
	enum probe_status ret = PROBE_PASS;
	int done = 0, cycles = c->spec->kind == SCHED_CMD ? RELOAD_CMD_CYCLES : reload_cycles;
	struct sched_handle *h = NULL;
	struct sched_exit ex;
	for (int i = 1; i <= cycles && ret == PROBE_PASS; i++) {
		double tc = mono_s();
		bool full = i <= reload_full || c->spec->kind == SCHED_CMD;
		if (g.n == 0 && (i > reload_full || c->spec->kind == SCHED_CMD))
			for (int k = 0; k < (c->nr_cpus > 0 ? c->nr_cpus : 1) + 1; k++) {
				struct worker_spec w = { .comm = "scxb-hog", .policy = -1, .nice = 10,
						       .chunk_us = 500, .sleep_us = 200 };
				workers_start(&g, &w);
			}
		if (full) {
			if (sched_attach(c->spec, &h, err, sizeof(err)) < 0) {
				h = NULL;
				ret = probe_fail(c, "cycle %d/%d: attach failed: %s", i, cycles, err);
				break;
			}
		} else if (sched_reattach(h, &ex, err, sizeof(err)) < 0) {
			ret = probe_fail(c, "cycle %d/%d: re-attach failed: %s%s%s", i, cycles, err,
					 ex.valid ? ": " : "", ex.valid ? ex.msg : "");
			break;
		}
		if (sched_check(h, err, sizeof(err)) < 0) {
			ret = probe_fail(c, "cycle %d/%d: %s", i, cycles, err);
			break;
		}
		/* forget the previous cycle's exit record: this one must write its own */
		sched_forget_exit(h);
		bool keep = !full || (i == reload_full && c->spec->kind != SCHED_CMD);
		if (keep) {
			/* disable, keeping the object loaded for the next cycle */
			if (sched_disable(h, err, sizeof(err)) < 0) {
				ret = probe_fail(c, "cycle %d/%d: state not 'disabled' 10 s after detach", i, cycles);
				break;
			}
			sched_peek_exit(h, &ex);
		} else {
			int r = sched_detach(h, &ex, err, sizeof(err));
			h = NULL;
			if (r < 0) {
				ret = probe_fail(c, "cycle %d/%d: detach: %s", i, cycles, err);
				break;
			}
		}
		if (c->spec->kind != SCHED_CMD && ex.valid && ex.kind != SCXB_EXIT_UNREG) {
			ret = probe_fail(c, "cycle %d/%d: exit kind %s (%s): %s, expected UNREG", i, cycles,
					 sched_exit_kind_name(ex.kind), ex.reason, ex.msg);
			break;
		}
		double dt = mono_s() - tc;
		if (dt > slowest)
			slowest = dt;
		done = i;
	}
	if (h)
		sched_detach(h, NULL, err, sizeof(err));
	long long seq1 = scx_read_ll("enable_seq");
	json_object_set_new(c->diag, "cycles", json_integer(done));
	json_object_set_new(c->diag, "full_loads", json_integer(c->spec->kind == SCHED_CMD ? done
						      : done < reload_full ? done : reload_full));
	json_object_set_new(c->diag, "seconds", json_real(mono_s() - t0));
	json_object_set_new(c->diag, "slowest_cycle_s", json_real(slowest));
	json_object_set_new(c->diag, "enable_seq_delta", json_integer(seq1 - seq0));
	if (ret == PROBE_PASS && seq0 >= 0 && seq1 - seq0 != cycles)
		ret = probe_fail(c, "enable_seq advanced by %lld over %d enables", seq1 - seq0, cycles);

	/* the hogs were forked while an object was loaded and share its
	 * mmap'ed .data/.bss: they must be gone before maps are counted */
	uint64_t chunks = 0;
	for (int i = 0; i < g.n; i++)
		chunks += g.st[i].chunks;
	json_object_set_new(c->diag, "load_chunks", json_integer((json_int_t)chunks));
	workers_stop(&g, 5.0);
	/* the kernel frees programs and maps after an RCU grace period (and
	 * map free work): wait for the ids to settle before comparing */
	char leaked_p[1024] = "", leaked_m[1024] = "";
	int lp = 0, lm = 0;
	double settle_end = mono_s() + RELOAD_SETTLE_S;
	do {
		int np1 = pu_bpf_ids(true, progs1, RELOAD_IDS), nm1 = pu_bpf_ids(false, maps1, RELOAD_IDS);
		lp = pu_bpf_new(true, progs0, np0, progs1, np1, leaked_p, sizeof(leaked_p));
		lm = pu_bpf_new(false, maps0, nm0, maps1, nm1, leaked_m, sizeof(leaked_m));
		if (!lp && !lm)
			break;
		sleep_s(0.1);
	} while (mono_s() < settle_end);
	json_object_set_new(c->diag, "bpf_progs_left", json_integer(lp));
	json_object_set_new(c->diag, "bpf_maps_left", json_integer(lm));
	if (ret == PROBE_PASS && (lp || lm))
		ret = probe_fail(c, "left behind after %d loads: %d BPF programs [%s], %d BPF maps [%s]", done, lp,
				 leaked_p, lm, leaked_m);
	struct pu_kmsg_report kr;
	int kp = pu_kmsg_read(kfd, NULL, &kr);
	pu_kmsg_diag(c->diag, &kr);
	if (kp > 0 && ret == PROBE_PASS)
		ret = probe_fail(c, "%d new kernel log warnings/errors, first: %s", kp, kr.first);
	return ret;
}

static struct probe reload_probe = {
	.name = "reload",
	.desc = "50 enable/disable cycles under load (one load, re-attached): enable_seq +50, clean UNREG exits, no BPF programs/maps left, no kernel warnings",
	.order = 30,
	.flags = PROBE_ROW,
	.time_bound_s = RELOAD_BOUND_S,
	.run = reload_run,
};
PROBE_REGISTER(reload_probe);

/* The soak's counts; a bad value is the soak script's bug: say so, use the
 * default. The last cycle re-attaches, so full loads stay below cycles. */
static int env_count(const char *name, int def, int min, int max)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return def;
	long n = strtol(v, &end, 10);
	if (*end || n < min || n > max) {
		fprintf(stderr, "scxbench: %s=%s: not a count in %d..%d, using %d\n", name, v, min, max, def);
		return def;
	}
	return (int)n;
}

__attribute__((constructor)) static void reload_counts_from_env(void)
{
	reload_cycles = env_count("SCXBENCH_RELOAD_CYCLES", RELOAD_CYCLES, 2, 1000000);
	reload_full = env_count("SCXBENCH_RELOAD_FULL", RELOAD_FULL, 1, reload_cycles - 1);
	reload_probe.time_bound_s = RELOAD_BOUND_S * (reload_cycles > RELOAD_CYCLES ? (double)reload_cycles / RELOAD_CYCLES : 1) +
				    RELOAD_FULL_BOUND_S * (reload_full - RELOAD_FULL);
}
