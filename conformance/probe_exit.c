// SPDX-License-Identifier: GPL-2.0-only
/* exit: a scheduler that unregisters itself is reported exactly.
 *
 * Why: scx_bpf_exit(code, fmt, ...) is how a scheduler says "I am leaving,
 * and here is why" (a restart request, a config it cannot run); whoever
 * runs it acts on the code and shows the message, so both must come back
 * unchanged. conformance/bpf/exit_self is loaded and, with a yielding hog
 * keeping enqueues coming, armed with a code and a nonce made up for this
 * run. Checked: sysfs "disabled", exit kind UNREG_BPF, the exit code equal
 * to the one asked for, the message equal byte for byte.
 *
 * Scope: kernel (runs once), with its own helper scheduler.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"

static enum probe_status exit_run(struct probe_ctx *c)
{
	struct sched_spec spec;
	struct sched_handle *h = NULL;
	struct workers g;
	char err[2048], want_msg[128];
	pu_helper_spec(&spec, "exit_self");
	if (workers_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	if (sched_attach(&spec, &h, err, sizeof(err)) < 0) {
		workers_stop(&g, 2);
		return probe_fail(c, "could not load exit_self: %s", err);
	}
	for (int i = 0; i < (c->nr_cpus > 0 ? c->nr_cpus : 1) + 1; i++) {
		struct worker_spec w = { .comm = "scxb-hog", .policy = -1, .chunk_us = 300, .sleep_us = 100 };
		workers_start(&g, &w);
	}
	unsigned long long nonce = (mono_ns() ^ ((unsigned long long)getpid() << 20)) & 0xffffffffffull;
	long long code = 0x5c0000 + (long long)(nonce & 0xffff);
	snprintf(want_msg, sizeof(want_msg), "exit_self: leaving on request, nonce %llu", nonce);
	sched_set_var(h, "exit_code_req", (unsigned long long)code);
	sched_set_var(h, "nonce", nonce);
	double t0 = mono_s();
	sched_set_var(h, "armed", 1);
	int waited = scx_wait_state("disabled", 10000);
	double exit_s = mono_s() - t0;
	struct sched_exit ex;
	sched_peek_exit(h, &ex);
	sched_detach(h, NULL, err, sizeof(err));
	workers_stop(&g, 5);
	json_object_set_new(c->diag, "exit_s", json_real(exit_s));
	json_object_set_new(c->diag, "want_code", json_integer(code));
	json_object_set_new(c->diag, "want_msg", json_string(want_msg));
	if (waited < 0)
		return probe_fail(c, "exit_self was still loaded 10 s after being armed");
	if (!ex.valid)
		return probe_fail(c, "no exit info recorded by exit_self");
	json_object_set_new(c->diag, "exit_kind", json_string(sched_exit_kind_name(ex.kind)));
	json_object_set_new(c->diag, "exit_code", json_integer(ex.code));
	json_object_set_new(c->diag, "exit_reason", json_string(ex.reason));
	json_object_set_new(c->diag, "exit_msg", json_string(ex.msg));
	if (ex.kind != SCXB_EXIT_UNREG_BPF)
		return probe_fail(c, "exit kind %s (%s): %s, expected UNREG_BPF", sched_exit_kind_name(ex.kind),
				  ex.reason, ex.msg);
	if (ex.code != code)
		return probe_fail(c, "exit code %lld, the scheduler gave %lld", ex.code, code);
	if (strcmp(ex.msg, want_msg) != 0)
		return probe_fail(c, "exit message '%s', the scheduler gave '%s'", ex.msg, want_msg);
	return PROBE_PASS;
}

static const struct probe exit_probe = {
	.name = "exit",
	.desc = "a scheduler leaving by scx_bpf_exit(code, msg): UNREG_BPF with exactly its code and message",
	.order = 55,
	.flags = PROBE_KERNEL,
	.run = exit_run,
};
PROBE_REGISTER(exit_probe);
