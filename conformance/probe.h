/* SPDX-License-Identifier: GPL-2.0-only */
/* The conformance probe interface.
 *
 * A probe checks one property a correct sched_ext scheduler (or the kernel's
 * safety net around it) must have, and returns pass/fail/skip with a reason
 * and flat diagnostics (key -> scalar) that the TAP writer prints as YAML.
 *
 * Scopes:
 *   PROBE_ROW      run for every BPF scheduler row. With PROBE_ATTACHED the
 *                  runner attaches the row's scheduler first and detaches it
 *                  after; otherwise the probe attaches spec itself (reload,
 *                  partial need to control loading).
 *   PROBE_KERNEL   run once per run, not tied to a row: the probe loads its
 *                  own schedulers from conformance/bpf/ (fallback, watchdog,
 *                  exit check the kernel's handling and our detection).
 */
#ifndef SCXB_PROBE_H
#define SCXB_PROBE_H

#include <jansson.h>
#include "runner/sched.h"

enum probe_status { PROBE_PASS, PROBE_FAIL, PROBE_SKIP };

enum probe_flags {
	PROBE_ROW = 1u << 0,
	PROBE_KERNEL = 1u << 1,
	PROBE_ATTACHED = 1u << 2,
	PROBE_NEEDS_2CPUS = 1u << 3,
};

struct probe_ctx {
	const struct sched_spec *spec; /* row's scheduler (PROBE_ROW), else NULL */
	struct sched_handle *handle;   /* attached row scheduler with PROBE_ATTACHED */
	int nr_cpus;
	double duration_s;             /* suggested time budget for the measured part */
	json_t *diag;                  /* flat object: diagnostics, scalars only */
	char reason[512];              /* why it failed or skipped */
};

struct probe {
	const char *name;
	const char *desc;  /* one line for `scxbench list` */
	int order;
	unsigned flags;
	double time_bound_s; /* killed after this (0 = default from duration) */
	enum probe_status (*run)(struct probe_ctx *ctx);
};

#define PROBE_REGISTER(p)                                                     \
	static const struct probe *const scxb_probe_ptr_##p                   \
		__attribute__((used, section("scxb_probes"))) = &(p)

size_t probe_count(void);
const struct probe *probe_at(size_t i);
const struct probe *probe_find(const char *name);
const char *probe_status_name(enum probe_status s); /* "pass" "fail" "skip" */

/* Checks a --sched-opt the probes read about a row's scheduler (its
 * declared properties: conformance/claims.h); 0 for a good value or a key
 * that is not theirs, -1 with a one-line err naming the flag. */
int probe_check_sched_opt(const char *sched, const char *key, const char *value, char *err, size_t errlen);

/* Helper for probes: fail with a formatted reason. */
enum probe_status probe_fail(struct probe_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
enum probe_status probe_skip(struct probe_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
